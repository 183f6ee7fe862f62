"""The items a new scoring scheme starts with (the county changes weights and items afterwards)."""

DEFAULT_ITEMS = [
    {"name": "人民调解成功率", "weight": 25, "method": "indicator", "indicator": "mediation_success_rate"},
    {"name": "工作信息报送", "weight": 15, "method": "indicator", "indicator": "info_per_office"},
    {"name": "一句话新闻报送", "weight": 10, "method": "indicator", "indicator": "news_per_office"},
    {"name": "社区矫正无脱管", "weight": 15, "method": "indicator", "indicator": "out_of_contact"},
    {"name": "社区矫正无漏管", "weight": 10, "method": "indicator", "indicator": "missed"},
    {"name": "重点帮教对象衔接", "weight": 10, "method": "indicator", "indicator": "key_handover_rate"},
    {"name": "基层基础工作（科室评分）", "weight": 15, "method": "manual", "department": "基层工作科"},
]
