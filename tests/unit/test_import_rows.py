"""core.importers reads a header row and a data row one way for every import (issue 17: the case import
had its own copy of both)."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.core.importers import ImportColumn, ImportRejected, column_positions, parse_date, parse_row

COLUMNS = [ImportColumn("姓名", "name", required=True), ImportColumn("日期", "on", parse_date, required=True),
           ImportColumn("备注", "note")]


def test_columns_may_stand_in_any_order_and_optional_ones_may_be_left_out():
    assert column_positions(("日期", " 姓名 "), COLUMNS) == {"on": 0, "name": 1}


def test_every_missing_required_column_is_named():
    with pytest.raises(ImportRejected) as exc:
        column_positions(("备注",), COLUMNS)
    assert exc.value.errors == ["第1行：缺少必填列「姓名」", "第1行：缺少必填列「日期」"]


def test_a_rows_cells_are_typed_and_its_errors_named_by_row_and_column():
    values, errors = parse_row(7, ("", "2025-02-30"), COLUMNS, {"name": 0, "on": 1})
    assert errors == ["第7行「姓名」：不能为空", "第7行「日期」：「2025-02-30」不是存在的日期（2025年没有2月30日）"]
    values, errors = parse_row(8, ("张三", "2025-03-01"), COLUMNS, {"name": 0, "on": 1, "note": 5})
    assert values == {"name": "张三", "on": datetime.date(2025, 3, 1), "note": ""} and errors == []
