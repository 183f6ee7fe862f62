"""openpyxl's read-only worksheets with memory that does not grow with the sheet.

Two things in openpyxl's streaming reader hold on to every row (about 80 bytes each, so reading 100,000
rows peaked ~8 MB higher than reading 20,000; docs/benchmarks.md, 调解案件导入):
- opening the sheet looks for its <dimension> element, and when a file has none (openpyxl's own
  write-only files, many exported files) it parses the whole sheet to the end of <sheetData> first,
  keeping each emptied row in the tree: a second full pass over the file, all of it held;
- reading clears each <row> once read but leaves the empty element attached to <sheetData>.
The parser below stops looking for the dimensions as soon as <sheetData> starts, and detaches each row from
its parent once read, so the tree never holds more than the row being read. It also reads inline strings
(what openpyxl's own write-only files and many exports use for text) directly from their <t> elements:
openpyxl builds a rich-text object per cell to read them, which was a third of a 100,000-row import. `install()` (CoreConfig.ready) makes read-only worksheets use it; the normal,
non-streaming loader is untouched. tests/unit/test_xlsxstream.py checks rows are read identically and that
the peak does not grow with the file.
"""

from __future__ import annotations

from openpyxl.worksheet import _read_only, _reader
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"


class StreamingWorkSheetParser(_reader.WorkSheetParser):
    """Rows only (all a read-only worksheet asks of its parser), each dropped from the tree once read."""

    def parse_dimensions(self):
        """The sheet's <dimension>, which comes before <sheetData> when present; None when it does not."""
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                if element.tag == SHEET_DATA_TAG:
                    return None
                continue
            if element.tag == _reader.DIMENSION_TAG:
                return SheetDimension.from_tree(element).boundaries
            element.clear()
        return None

    def parse_cell(self, element):
        """openpyxl's parse_cell, with plain inline strings read as the concatenation of their text and run
        texts (phonetic runs left out), which is what openpyxl's Text.content gives."""
        if element.get("t") != "inlineStr" or self.rich_text or (
                not self.data_only and element.find(_reader.FORMULA_TAG) is not None):
            return super().parse_cell(element)
        coordinate = element.get("r")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        if coordinate:
            row, column = _reader.coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        value, data_type = None, "inlineStr"
        child = element.find(_reader.INLINE_STRING)
        if child is not None:
            parts = []
            for node in child:
                if node.tag == TEXT_TAG:
                    parts.append(node.text or "")
                elif node.tag == RUN_TAG:
                    text = node.find(TEXT_TAG)
                    if text is not None:
                        parts.append(text.text or "")
            value, data_type = "".join(parts), "s"
        return {"row": row, "column": column, "value": value, "data_type": data_type, "style_id": style_id}

    def parse(self):
        sheet_data = None
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                if sheet_data is None and element.tag == SHEET_DATA_TAG:
                    sheet_data = element
                continue
            if element.tag == _reader.ROW_TAG:
                row = self.parse_row(element)
                element.clear()
                if sheet_data is not None:
                    sheet_data.remove(element)
                yield row


def install() -> None:
    _read_only.WorkSheetParser = StreamingWorkSheetParser
