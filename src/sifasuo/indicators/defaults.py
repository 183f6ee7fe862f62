"""The items a new scoring scheme starts with: of the candidates below, those whose indicator has a target in
the county's jurisdiction (an item without a target cannot be scored, HZ-7, D38), weights scaled back to 100.
The county changes weights, zero lines and items afterwards."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

# (name, indicator or "" for a department's mark, weight, zero line or None, department)
CANDIDATES = [
    ("人民调解成功率", "mediation_success_rate", 25, 90, ""),
    ("工作信息报送", "info_per_office", 10, None, ""),
    ("一句话新闻报送", "news_per_office", 10, None, ""),
    ("典型案例报送", "typical_per_office", 10, None, ""),
    ("社区矫正无脱管", "out_of_contact", 10, None, ""),
    ("社区矫正无漏管", "missed", 5, None, ""),
    ("重点帮教对象衔接", "key_handover_rate", 10, 80, ""),
    ("刑满释放人员信息核查", "verification_rate", 5, 90, ""),
    ("刑满释放人员信息核实", "confirmation_rate", 5, 90, ""),
    ("基层基础工作（科室评分）", "", 10, None, "基层工作科"),
]


def _item(name, indicator, weight, zero_line, department) -> dict:
    if not indicator:
        return {"name": name, "weight": weight, "method": "manual", "department": department}
    item = {"name": name, "weight": weight, "method": "indicator", "indicator": indicator}
    if zero_line is not None:
        item["zero_line"] = zero_line
    return item


DEFAULT_ITEMS = [_item(*c) for c in CANDIDATES]


def default_items_for(path: str) -> list[dict]:
    """The candidates with a target where `path` lies (and the departments' item), weights scaled to total 100
    in whole points (the largest remainders rounded up)."""
    from .targets import targets_for

    targets = targets_for(path)
    kept = [c for c in CANDIDATES if not c[1] or c[1] in targets]
    total = sum(c[2] for c in kept)
    exact = [Decimal(c[2]) * 100 / total for c in kept]
    weights = [int(w.to_integral_value(rounding=ROUND_FLOOR)) for w in exact]
    for i in sorted(range(len(kept)), key=lambda i: exact[i] - weights[i], reverse=True)[:100 - sum(weights)]:
        weights[i] += 1
    return [_item(c[0], c[1], w, c[3], c[4]) for c, w in zip(kept, weights, strict=True)]

