"""所务管理: an office's operating budget and spending (HZ-7), inspection hosting with its extra budget and
points (HZ-7), and its plans and summaries with their due dates (HZ-6, WH-13, DQ-11)."""
