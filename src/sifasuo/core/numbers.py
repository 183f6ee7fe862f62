"""How numbers read on pages, print views and documents: the one place that formats them.

Counts as whole numbers ("9", never "9.0"); other quantities without trailing zeros ("9.5"); money with two
decimals and thousands separators ("6,000.00"). Excel gets the numbers themselves (core.exports), with the
matching number format, so that a sheet can sum them."""

from __future__ import annotations

from decimal import Decimal

MONEY_FORMAT = "#,##0.00"       # the Excel number format of a money cell
NUMBER_FORMAT = "General"


def number_text(value, places: int = 2) -> str:
    """A count or quantity: "9" for 9.0, "9.5" for 9.50, at most `places` decimals; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        text = f"{value:.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def money_text(value) -> str:
    """An amount of money: "6,000.00"; "" for None."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)):,.2f}"
