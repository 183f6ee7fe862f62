"""Find, validate and load policy files into `Policy` objects.

Policy files live in one directory (``policies/`` at the root of the project, or ``$SIFASUO_POLICY_DIR``):
``NAME.yaml`` for each jurisdiction and version, and ``schema.yaml`` beside them. A file elsewhere is
validated against the schema beside it when there is one, else against the default one.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .checks import run_checks
from .errors import PolicyError, PolicyInvalid, SchemaError
from .model import (
    AgeLimit,
    AgeReference,
    Allocation,
    BirthDateRule,
    ContractRule,
    DisqualificationRule,
    DocumentInfo,
    EducationRule,
    ExaminerMarks,
    ExceptionRule,
    Jurisdiction,
    ListRule,
    ManualCheck,
    NationalityRule,
    NoticeRule,
    Obligation,
    PassLines,
    Period,
    Policy,
    PopulationTier,
    PostsRule,
    Priority,
    PriorityCondition,
    ProcedureRule,
    Provision,
    QuotaRule,
    RelativeDate,
    ResidenceRule,
    ScoringRule,
    SubjectStep,
    Track,
    Vocabulary,
)
from .majors import canonical_category
from .personnel import build_personnel
from .schema import Schema, load_schema, validate_structure
from .yamlsource import NodePath, SourceDocument, parse_yaml

__all__ = [
    "available",
    "default_directory",
    "load",
    "load_named",
    "loads",
    "policy_path",
    "validate",
    "validate_text",
]

SCHEMA_FILE = "schema.yaml"
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_lock = threading.Lock()
_schemas: dict[tuple[str, int], Schema] = {}
_policies: dict[tuple[str, int], Policy] = {}


def default_directory() -> Path:
    """``$SIFASUO_POLICY_DIR`` if set, else ``policies/`` at the root of the source tree."""
    configured = os.environ.get("SIFASUO_POLICY_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "policies"


def policy_path(name: str, *, directory: Path | None = None) -> Path:
    """``daqing-2024`` -> ``policies/daqing-2024.yaml``. Only plain names are accepted (no paths)."""
    if not _NAME.match(name) or name == "schema":
        raise ValueError(f"政策名称“{name}”无效：只能由小写英文字母、数字和连字符组成，如 daqing-2024")
    return (directory or default_directory()) / f"{name}.yaml"


def available(*, directory: Path | None = None) -> list[str]:
    """Names of the policy files in the directory, sorted."""
    folder = directory or default_directory()
    return sorted(p.stem for p in folder.glob("*.yaml") if p.name != SCHEMA_FILE)


def _schema_for(path: Path | None) -> Schema:
    """The schema beside the policy file if there is one, else the default one (cached per file version)."""
    candidate = path.parent / SCHEMA_FILE if path is not None else None
    schema_path = candidate if candidate is not None and candidate.is_file() else default_directory() / SCHEMA_FILE
    try:
        key = (str(schema_path.resolve()), schema_path.stat().st_mtime_ns)
    except OSError:
        raise SchemaError(f"找不到结构定义文件 {schema_path}") from None
    with _lock:
        if key not in _schemas:
            _schemas[key] = load_schema(schema_path)
        return _schemas[key]


def _analyse(text: str, source: str, *, schema: Schema, expected_id: str | None
             ) -> tuple[list[PolicyError], Any, SourceDocument | None, dict[str, Any]]:
    doc, errors = parse_yaml(text, source)
    if doc is None:
        return errors, None, None, {}
    result = validate_structure(schema, doc)
    errors = [*errors, *result.errors, *run_checks(schema, result, doc, expected_id=expected_id)]
    errors.sort(key=lambda e: e.line)
    return errors, result.data, doc, result.vocabulary


def validate_text(text: str, *, source: str = "<text>", expected_id: str | None = None) -> list[PolicyError]:
    """Every error in a policy given as text (empty list: the policy is valid)."""
    return _analyse(text, source, schema=_schema_for(None), expected_id=expected_id)[0]


def validate(path: str | os.PathLike[str]) -> list[PolicyError]:
    """Every error in the policy file at `path`, each with its line and a Chinese message."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [PolicyError(0, f"找不到政策文件 {file}", str(file))]
    except (OSError, UnicodeDecodeError) as exc:
        return [PolicyError(0, f"无法读取政策文件（须为 UTF-8 编码的文本）：{exc}", str(file))]
    return _analyse(text, str(file), schema=_schema_for(file), expected_id=file.stem)[0]


def loads(text: str, *, source: str = "<text>", expected_id: str | None = None) -> Policy:
    """Load a policy from text. Raises PolicyInvalid listing every error."""
    return _load(text, source, schema=_schema_for(None), expected_id=expected_id)


def load(path: str | os.PathLike[str]) -> Policy:
    """Load the policy file at `path` (cached until the file changes). Raises PolicyInvalid."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError:
        raise PolicyInvalid([PolicyError(0, f"找不到政策文件 {file}", str(file))]) from None
    key = (str(file.resolve()), stat.st_mtime_ns)
    with _lock:
        cached = _policies.get(key)
    if cached is not None:
        return cached
    text = file.read_text(encoding="utf-8")
    policy = _load(text, str(file), schema=_schema_for(file), expected_id=file.stem)
    with _lock:
        _policies[key] = policy
    return policy


def load_named(name: str, *, directory: Path | None = None) -> Policy:
    """Load ``policies/NAME.yaml``."""
    return load(policy_path(name, directory=directory))


def _load(text: str, source: str, *, schema: Schema, expected_id: str | None) -> Policy:
    errors, data, doc, vocabulary = _analyse(text, source, schema=schema, expected_id=expected_id)
    if errors:
        raise PolicyInvalid(errors)
    assert doc is not None
    return _Builder(doc, schema, vocabulary).policy(data)


# --- from validated data to the typed model ---------------------------------------------------------


_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def _clean_text(text: str) -> str:
    """Folded YAML text turns line breaks into spaces; Chinese takes none, so drop those next to it."""
    return _SPACE_NEAR_CJK.sub("", " ".join(text.split()))


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value or ())


def _relative(value: Any) -> RelativeDate | None:
    return RelativeDate(**value) if value else None


class _Builder:
    """Turns normalized, validated data into model objects; each rule keeps the line it starts on."""

    def __init__(self, doc: SourceDocument, schema: Schema, vocabulary: dict[str, Any]) -> None:
        self.doc = doc
        self.schema = schema
        self.vocabulary = vocabulary

    def common(self, data: Mapping[str, Any], path: NodePath) -> dict[str, Any]:
        return {
            "id": data["id"],
            "text": _clean_text(str(data["text"])),
            "clause": data.get("clause"),
            "source": data.get("source"),
            "line": self.doc.line(path),
        }

    def scoped(self, data: Mapping[str, Any], path: NodePath) -> dict[str, Any]:
        tracks = data.get("tracks")
        return {**self.common(data, path), "tracks": tuple(tracks) if tracks is not None else None}

    def many(self, data: Mapping[str, Any], key: str, make: Any) -> tuple[Any, ...]:
        return tuple(make(item, (key, index)) for index, item in enumerate(data.get(key) or ()))

    def policy(self, data: dict[str, Any]) -> Policy:
        period = data.get("period")
        return Policy(
            id=data["id"],
            name=data["name"],
            rule_prefix=data["rule_prefix"],
            jurisdiction=Jurisdiction(**data["jurisdiction"]),
            document=DocumentInfo(**data["document"]),
            period=Period(**period) if period else None,
            vocabulary=Vocabulary(
                entries={name: dict(entries) for name, entries in self.vocabulary.items()},
                labels={name: spec.label for name, spec in self.schema.vocabularies.items()},
            ),
            tracks=self.many(data, "tracks", self.track),
            allocation=Allocation(**self.common(data["allocation"], ("allocation",)),
                                  mode=data["allocation"]["mode"], order=_tuple(data["allocation"]["order"])),
            age_reference=AgeReference(**self.common(data["age_reference"], ("age_reference",)),
                                       counted_to=data["age_reference"]["counted_to"],
                                       date=data["age_reference"].get("date"),
                                       days_before=data["age_reference"].get("days_before") or 0),
            age_limits=self.many(data, "age_limits", self.age_limit),
            birth_dates=self.many(data, "birth_dates", lambda d, p: BirthDateRule(
                **self.scoped(d, p), born_on_or_after=d.get("born_on_or_after"),
                born_on_or_before=d.get("born_on_or_before"))),
            nationality=self.many(data, "nationality", lambda d, p: NationalityRule(
                **self.scoped(d, p), countries=_tuple(d["countries"]))),
            education=self.many(data, "education", lambda d, p: EducationRule(
                **self.scoped(d, p), min_level=d["min_level"], majors=_tuple(d["majors"]),
                major_categories=tuple(canonical_category(c) for c in d.get("major_categories") or ()),
                study_mode=d.get("study_mode"))),
            residence=self.many(data, "residence", lambda d, p: ResidenceRule(
                **self.scoped(d, p), basis=d["basis"], level=d["level"], since=d.get("since"),
                exceptions=_tuple(d["exceptions"]), since_relative=_relative(d.get("since_relative")))),
            list_membership=self.many(data, "list_membership", lambda d, p: ListRule(
                **self.scoped(d, p), list=d["list"], as_of=d.get("as_of"),
                as_of_relative=_relative(d.get("as_of_relative")))),
            exceptions=self.many(data, "exceptions", self.exception),
            disqualifications=self.many(data, "disqualifications", lambda d, p: DisqualificationRule(
                **self.scoped(d, p), codes=_tuple(d["codes"]))),
            manual_checks=self.many(data, "manual_checks", lambda d, p: ManualCheck(
                **self.scoped(d, p), step=d.get("step"), ineligible_when=_tuple(d["ineligible_when"]))),
            priority=self.priority(data["priority"]) if data.get("priority") else None,
            posts=PostsRule(**self.common(data["posts"], ("posts",)), split_by_sex=data["posts"]["split_by_sex"]),
            scoring=self.many(data, "scoring", self.scoring),
            procedure=self.many(data, "procedure", lambda d, p: ProcedureRule(
                **self.scoped(d, p), steps=_tuple(d["steps"]))),
            notice=NoticeRule(**self.common(data["notice"], ("notice",)), days=data["notice"]["days"],
                              kind=data["notice"]["kind"]),
            contract=ContractRule(**self.common(data["contract"], ("contract",)),
                                  years=Decimal(str(data["contract"]["years"])),
                                  probation_months=data["contract"]["probation_months"]),
            quota=self.quota(data["quota"]),
            provisions=self.many(data, "provisions", lambda d, p: Provision(**self.common(d, p))),
            personnel=build_personnel(data["personnel"], self.common) if data.get("personnel") else None,
            source_path=self.doc.source,
        )

    def track(self, data: Mapping[str, Any], path: NodePath) -> Track:
        return Track(**self.common(data, path), code=data["code"], name=data["name"],
                     existing_auxiliary=data["existing_auxiliary"], auxiliary_scope=data["auxiliary_scope"],
                     joins_as=data["joins_as"], entry_level=data.get("entry_level"))

    def age_limit(self, data: Mapping[str, Any], path: NodePath) -> AgeLimit:
        return AgeLimit(**self.scoped(data, path), sex=data.get("sex"), min=data.get("min"),
                        max=data.get("max"), below=data.get("below"))

    def exception(self, data: Mapping[str, Any], path: NodePath) -> ExceptionRule:
        replace = data.get("replace") or {}
        # The keys written in the file (a key written as null clears that requirement: `study_mode: null`).
        written = self.doc.get((*path, "replace")) or {}
        cleared = {"majors": (), "major_categories": ()}
        replaced = tuple((key, tuple(value) if isinstance(value, list) else cleared.get(key, value) if value is None
                          else value)
                         for key, value in replace.items() if key in written)
        if "major_categories" in dict(replaced):
            replaced = tuple((k, tuple(canonical_category(c) for c in v) if k == "major_categories" else v)
                             for k, v in replaced)
        obligation = data.get("obligation")
        return ExceptionRule(
            **self.scoped(data, path), rule=data["rule"], conditions=_tuple(data.get("conditions")),
            waive=bool(data.get("waive")), replace=replaced,
            obligation=Obligation(text=_clean_text(obligation["text"]), due=obligation["due"],
                                  months=obligation.get("months"), date=obligation.get("date"))
            if obligation else None,
        )

    def priority(self, data: Mapping[str, Any]) -> Priority:
        path: NodePath = ("priority",)
        conditions = tuple(
            PriorityCondition(**self.scoped(item, (*path, "conditions", index)), code=item["code"],
                              rank=item.get("rank"))
            for index, item in enumerate(data["conditions"])
        )
        return Priority(**self.common(data, path), when=data["when"], effect=data["effect"],
                        bonus_points=_dec(data.get("bonus_points")), conditions=conditions,
                        mode=data.get("mode") or "any")

    def scoring(self, data: Mapping[str, Any], path: NodePath) -> ScoringRule:
        lines = data.get("pass_lines") or {}
        marks = data.get("examiner_marks")
        return ScoringRule(
            **self.scoped(data, path),
            written_weight=Decimal(str(data["written_weight"])),
            interview_weight=Decimal(str(data["interview_weight"])),
            scale=Decimal(str(data["scale"])),
            decimals=data["decimals"],
            pass_lines=PassLines(written=_dec(lines.get("written")), interview=_dec(lines.get("interview")),
                                 composite=_dec(lines.get("composite"))),
            interview_ratio=data.get("interview_ratio"),
            ties_at_cut=data["ties_at_cut"],
            examiner_marks=ExaminerMarks(**marks) if marks else None,
            tie_breaks=_tuple(data["tie_breaks"]),
        )

    def quota(self, data: Mapping[str, Any]) -> QuotaRule:
        return QuotaRule(
            **self.common(data, ("quota",)),
            aggregation=data["aggregation"],
            counted_staff=_tuple(data["counted_staff"]),
            base=data["base"],
            population_tiers=tuple(PopulationTier(**t) for t in data.get("population_tiers") or ()),
            subject_steps=tuple(SubjectStep(**s) for s in data.get("subject_steps") or ()),
            binds_announcements=data["binds_announcements"],
            max=data.get("max"),
        )
