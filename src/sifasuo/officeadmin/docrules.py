"""When each plan or summary is due (HZ-6, WH-13, DQ-11): YAML files under policies/workdocs/, one per
jurisdiction (region code 000000 for everywhere), the nearer file winning kind by kind, validated with Chinese
messages. Rules of a place are data, not code."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from sifasuo.policy import datafiles
from sifasuo.policy.jurisdiction import covering

from .choices import DocumentKind


class DocumentRuleError(ValueError):
    """A due-date file that cannot be used; the message lists every problem, in Chinese."""


@dataclass(frozen=True)
class DueRule:
    kind: str
    month: int
    day: int
    basis: str = ""
    note: str = ""

    def due_on(self, year: int) -> datetime.date:
        return datetime.date(year, self.month, self.day)

    @property
    def label(self) -> str:
        return DocumentKind(self.kind).label


@dataclass(frozen=True)
class RuleFile:
    id: str
    region_code: str
    rules: dict[str, DueRule]


def parse(data, source: str = "") -> RuleFile:
    where = f"{source}：" if source else ""
    if not isinstance(data, dict):
        raise DocumentRuleError(f"{where}文件内容应为键值结构")
    problems: list[str] = []
    jurisdiction = data.get("jurisdiction") if isinstance(data.get("jurisdiction"), dict) else {}
    code = str(jurisdiction.get("region_code", ""))
    if not (len(code) == 6 and code.isdigit()):
        problems.append(f"jurisdiction.region_code 应为 6 位行政区划代码（全国为 000000），收到“{code}”")
    rules: dict[str, DueRule] = {}
    raw = data.get("documents")
    if not isinstance(raw, dict) or not raw:
        problems.append("documents 应为“材料类别: {due: 月-日}”的键值结构")
        raw = {}
    for kind, spec in raw.items():
        if kind not in DocumentKind.values:
            problems.append(f"材料类别“{kind}”不存在（可用：{'、'.join(DocumentKind.values)}）")
            continue
        due = str((spec or {}).get("due", "")) if isinstance(spec, dict) else ""
        try:
            month, day = (int(p) for p in due.split("-"))
            datetime.date(2024, month, day)  # a leap year: 02-29 is allowed
        except ValueError:
            problems.append(f"“{kind}”的报送日期 due 应写成 月-日（如 01-31），收到“{due}”")
            continue
        rules[kind] = DueRule(kind, month, day, str(spec.get("basis", "")), str(spec.get("note", "")))
    if problems:
        raise DocumentRuleError(where + "；".join(problems))
    return RuleFile(str(data.get("id", source)), code, rules)


def rules_for(path: str, folder: Path | None = None) -> dict[str, DueRule]:
    """The due dates governing a unit (by its path): the national file's, overridden by nearer ones."""
    files = datafiles.load_all(folder or datafiles.folder("workdocs"), parse, DocumentRuleError)
    merged: dict[str, DueRule] = {}
    for f in covering(files, path, local_first=False):
        merged.update(f.rules)
    return {kind: merged[kind] for kind in DocumentKind.values if kind in merged}
