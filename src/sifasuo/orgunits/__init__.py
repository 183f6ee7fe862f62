"""The organisation tree: 司法厅 → 司法局 (city) → 司法局 (county) → 司法所 → 司法行政工作室."""
