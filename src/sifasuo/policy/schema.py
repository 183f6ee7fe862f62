"""The policy schema (policies/schema.yaml) and the structural validator that applies it.

The schema is itself YAML in a small self-described form (see the comment at the top of schema.yaml):
named types of kind mapping, list, string, integer, number, boolean, date, code (a value from a code list)
and choice (an inline enumeration). Validation walks a parsed policy against the root type, reports every
error with its line and a Chinese explanation, fills in the schema's defaults and records where the rules
(mappings whose type extends ``Rule``) are, so the cross-field checks can visit each one.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PolicyError, SchemaError
from .yamlsource import NodePath, SourceDocument, format_path, parse_yaml

__all__ = [
    "KeySpec",
    "Schema",
    "StructuralResult",
    "TypeSpec",
    "VocabularyEntry",
    "VocabularySpec",
    "load_schema",
    "validate_structure",
]

KINDS = ("mapping", "list", "string", "integer", "number", "boolean", "date", "code", "choice")
RULE_TYPE = "Rule"
_TYPE_KEYS = {"kind", "doc", "keys", "extends", "items", "min_items", "pattern", "pattern_doc", "min",
              "max", "vocabulary", "values"}
_KEY_SPEC_KEYS = {"type", "required", "nullable", "default", "doc"}
_EXPECTED = {
    "mapping": "映射（“键: 值”的形式）",
    "list": "列表（每项以“- ”开头，或写成 [a, b]）",
    "string": "文字",
    "integer": "整数",
    "number": "数值",
    "boolean": "true 或 false",
    "date": "日期（YYYY-MM-DD，不加引号）",
    "code": "代码",
    "choice": "规定的取值之一",
}


@dataclass(frozen=True)
class VocabularyEntry:
    code: str
    name: str
    assessed_by: str = "applicant"


@dataclass(frozen=True)
class VocabularySpec:
    name: str
    label: str
    doc: str
    ordered: bool
    extensible: bool
    entries: tuple[VocabularyEntry, ...]


@dataclass(frozen=True)
class KeySpec:
    name: str
    type: str
    required: bool = False
    nullable: bool = False
    has_default: bool = False
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class TypeSpec:
    name: str
    kind: str
    doc: str = ""
    keys: dict[str, KeySpec] = field(default_factory=dict)
    bases: tuple[str, ...] = ()
    items: str | None = None
    min_items: int = 0
    pattern: re.Pattern[str] | None = None
    pattern_doc: str = ""
    minimum: float | None = None
    maximum: float | None = None
    vocabulary: str | None = None
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Schema:
    version: int
    root: str
    types: dict[str, TypeSpec]
    vocabularies: dict[str, VocabularySpec]
    path: Path | None = None

    def is_rule(self, type_name: str) -> bool:
        spec = self.types[type_name]
        return type_name == RULE_TYPE or RULE_TYPE in spec.bases


# --- reading the schema -----------------------------------------------------------------------------


class _SchemaCompiler:
    def __init__(self, raw_types: dict[str, Any]) -> None:
        self.raw = raw_types
        self.types: dict[str, TypeSpec] = {}
        self._inline = 0

    def compile(self) -> dict[str, TypeSpec]:
        for name in self.raw:
            self._named(name, ())
        return self.types

    def _named(self, name: str, chain: tuple[str, ...]) -> TypeSpec:
        if name in self.types:
            return self.types[name]
        if name in KINDS and name not in self.raw:
            return self._compile(name, {"kind": name}, chain)
        if name not in self.raw:
            raise SchemaError(f"结构定义引用了不存在的类型“{name}”")
        if name in chain:
            raise SchemaError(f"结构定义中类型“{name}”循环继承")
        return self._compile(name, self.raw[name], (*chain, name))

    def _compile(self, name: str, raw: Any, chain: tuple[str, ...]) -> TypeSpec:
        if not isinstance(raw, dict):
            raise SchemaError(f"结构定义中类型“{name}”应为映射")
        unknown = set(raw) - _TYPE_KEYS
        if unknown:
            raise SchemaError(f"结构定义中类型“{name}”含未知的键：{'、'.join(sorted(unknown))}")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise SchemaError(f"结构定义中类型“{name}”的 kind“{kind}”无效")
        keys: dict[str, KeySpec] = {}
        bases: tuple[str, ...] = ()
        if kind == "mapping":
            if raw.get("extends"):
                base = self._named(raw["extends"], chain)
                if base.kind != "mapping":
                    raise SchemaError(f"类型“{name}”只能继承映射类型")
                keys.update(base.keys)
                bases = (raw["extends"], *base.bases)
            for key, spec in (raw.get("keys") or {}).items():
                keys[key] = self._key(f"{name}.{key}", key, spec, chain)
        items = None
        if kind == "list":
            if "items" not in raw:
                raise SchemaError(f"列表类型“{name}”缺少 items")
            items = self._reference(f"{name}[]", raw["items"], chain)
        pattern = re.compile(raw["pattern"]) if raw.get("pattern") else None
        if kind == "code" and not raw.get("vocabulary"):
            raise SchemaError(f"代码类型“{name}”缺少 vocabulary")
        if kind == "choice" and not isinstance(raw.get("values"), dict):
            raise SchemaError(f"枚举类型“{name}”缺少 values")
        spec = TypeSpec(
            name=name,
            kind=kind,
            doc=str(raw.get("doc") or ""),
            keys=keys,
            bases=bases,
            items=items,
            min_items=int(raw.get("min_items") or 0),
            pattern=pattern,
            pattern_doc=str(raw.get("pattern_doc") or ""),
            minimum=raw.get("min"),
            maximum=raw.get("max"),
            vocabulary=raw.get("vocabulary"),
            values={str(k): str(v) for k, v in (raw.get("values") or {}).items()},
        )
        self.types[name] = spec
        return spec

    def _reference(self, where: str, ref: Any, chain: tuple[str, ...]) -> str:
        if isinstance(ref, str):
            return self._named(ref, chain).name
        self._inline += 1
        return self._compile(f"{where}#{self._inline}", ref, chain).name

    def _key(self, where: str, key: str, raw: Any, chain: tuple[str, ...]) -> KeySpec:
        if not isinstance(raw, dict):
            raise SchemaError(f"结构定义中键“{where}”应为映射")
        if "type" in raw:
            unknown = set(raw) - _KEY_SPEC_KEYS
            if unknown:
                raise SchemaError(f"结构定义中键“{where}”含未知的键：{'、'.join(sorted(unknown))}")
            type_name = self._reference(where, raw["type"], chain)
        else:
            inline = {k: v for k, v in raw.items() if k not in _KEY_SPEC_KEYS - {"doc"}}
            type_name = self._reference(where, inline, chain)
        return KeySpec(
            name=key,
            type=type_name,
            required=bool(raw.get("required", False)),
            nullable=bool(raw.get("nullable", False)),
            has_default="default" in raw,
            default=raw.get("default"),
            doc=str(raw.get("doc") or ""),
        )


def _vocabularies(raw: Any) -> dict[str, VocabularySpec]:
    if not isinstance(raw, dict):
        raise SchemaError("结构定义缺少 vocabularies")
    result = {}
    for name, spec in raw.items():
        entries = tuple(
            VocabularyEntry(code=e["code"], name=e["name"], assessed_by=e.get("assessed_by", "applicant"))
            for e in spec.get("values") or ()
        )
        if len({e.code for e in entries}) != len(entries):
            raise SchemaError(f"代码表“{name}”中有重复的代码")
        result[name] = VocabularySpec(
            name=name,
            label=str(spec.get("label") or name),
            doc=str(spec.get("doc") or ""),
            ordered=bool(spec.get("ordered", False)),
            extensible=bool(spec.get("extensible", False)),
            entries=entries,
        )
    return result


def load_schema(path: Path) -> Schema:
    """Read and compile a schema file. Raises SchemaError if the schema itself is malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"无法读取结构定义文件 {path}：{exc}") from exc
    doc, errors = parse_yaml(text, str(path))
    if errors or doc is None or not isinstance(doc.data, dict):
        raise SchemaError("结构定义文件无法解析：" + "；".join(str(e) for e in errors))
    data = doc.data
    types = _SchemaCompiler(data.get("types") or {}).compile()
    vocabularies = _vocabularies(data.get("vocabularies"))
    for spec in types.values():
        if spec.kind == "code" and spec.vocabulary not in vocabularies:
            raise SchemaError(f"类型“{spec.name}”引用了不存在的代码表“{spec.vocabulary}”")
    root = data.get("root")
    if root not in types or types[root].kind != "mapping":
        raise SchemaError(f"结构定义的 root“{root}”不是映射类型")
    if RULE_TYPE not in types:
        raise SchemaError("结构定义缺少 Rule 类型")
    return Schema(version=int(data.get("schema_version", 0)), root=root, types=types,
                  vocabularies=vocabularies, path=path)


# --- validating a policy ----------------------------------------------------------------------------


@dataclass
class StructuralResult:
    """What the structural pass found: normalized data (defaults filled in, bad values replaced by None),
    the errors, and the path and type of every rule."""

    data: Any
    errors: list[PolicyError]
    rules: list[tuple[NodePath, str]]
    vocabulary: dict[str, dict[str, VocabularyEntry]]
    error_paths: set[NodePath] = field(default_factory=set)

    def intact(self, path: NodePath) -> bool:
        """True when nothing at or under `path` failed the structural pass (so a cross-field check there
        will not repeat an error already reported)."""
        size = len(path)
        return not any(p[:size] == path for p in self.error_paths)


# The Chinese name of a YAML value's type, first match wins (a bool is also an int).
_TYPE_NAMES = ((type(None), "空值"), (bool, "布尔值"), (int, "整数"), (float, "小数"), (datetime.date, "日期"),
               (str, "文字"), (dict, "映射"), (list, "列表"))


def _type_name_of(value: Any) -> str:
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), type(value).__name__)


def _merged_vocabulary(schema: Schema, data: Any) -> dict[str, dict[str, VocabularyEntry]]:
    """The schema's code lists plus the well-formed entries of the policy's own `vocabulary` section."""
    merged = {name: {e.code: e for e in spec.entries} for name, spec in schema.vocabularies.items()}
    extension = data.get("vocabulary") if isinstance(data, dict) else None
    if not isinstance(extension, dict):
        return merged
    for name, entries in extension.items():
        if name not in merged or not schema.vocabularies[name].extensible or not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("code"), str):
                merged[name].setdefault(
                    entry["code"],
                    VocabularyEntry(
                        code=entry["code"],
                        name=str(entry.get("name") or entry["code"]),
                        assessed_by=str(entry.get("assessed_by") or "applicant"),
                    ),
                )
    return merged


class _Validator:
    def __init__(self, schema: Schema, doc: SourceDocument) -> None:
        self.schema = schema
        self.doc = doc
        self.errors: list[PolicyError] = []
        self.error_paths: set[NodePath] = set(doc.bad_paths)
        self.rules: list[tuple[NodePath, str]] = []
        self.vocabulary = _merged_vocabulary(schema, doc.data)
        self._silent = 0

    def error(self, path: NodePath, message: str, *, key_line: bool = False, marks: NodePath | None = None) -> None:
        """Report at `path`; `marks` is the path recorded as broken when it differs (a missing key is
        reported on its mapping's line but only the key itself is broken)."""
        if self._silent:
            return
        self.error_paths.add(path if marks is None else marks)
        line = self.doc.line(path) if key_line else self.doc.value_line(path)
        where = format_path(path)
        self.errors.append(
            PolicyError(line, f"{where}：{message}" if where else message, self.doc.source, where)
        )

    def check(self, value: Any, type_name: str, path: NodePath) -> Any:
        if path in self.doc.bad_paths:
            return None  # already reported while reading the YAML
        spec = self.schema.types[type_name]
        handler = getattr(self, f"_check_{spec.kind}")
        return handler(value, spec, path)

    def _wrong_type(self, value: Any, spec: TypeSpec, path: NodePath) -> None:
        hint = ""
        if spec.kind in ("string", "code") and isinstance(value, (int, float, datetime.date)):
            hint = "；如为代码、编号或数字形式的文字，请加引号"
        if spec.kind == "date" and isinstance(value, str):
            hint = "；日期不要加引号"
        self.error(path, f"应为{_EXPECTED[spec.kind]}，实际为{_type_name_of(value)}“{value}”{hint}")

    def _check_mapping(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if not isinstance(value, dict):
            self._wrong_type(value, spec, path)
            return None
        out: dict[str, Any] = {}
        allowed = list(spec.keys)
        for key in value:
            if key not in spec.keys:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"，是否应为“{close[0]}”？" if close else "。"
                listing = "、".join(allowed) if allowed else "（无）"
                self.error((*path, key), f"未知的键“{key}”{hint}此处允许的键：{listing}", key_line=True)
        for key, key_spec in spec.keys.items():
            child = (*path, key)
            if key in value:
                raw = value[key]
                if raw is None and child in self.doc.bad_paths:
                    out[key] = None
                elif raw is None:
                    if not key_spec.nullable:
                        self.error(child, f"“{key}”不能为空（{key_spec.doc or '须填写'}）", key_line=True)
                    out[key] = None
                else:
                    out[key] = self.check(raw, key_spec.type, child)
            elif key_spec.required:
                doc = f"：{key_spec.doc}" if key_spec.doc else ""
                self.error(path, f"缺少必填的键“{key}”{doc}", marks=child)
                out[key] = None
            elif key_spec.has_default and key_spec.default is not None:
                self._silent += 1
                try:
                    out[key] = self.check(copy.deepcopy(key_spec.default), key_spec.type, child)
                finally:
                    self._silent -= 1
            else:
                out[key] = None
        if self.schema.is_rule(spec.name):
            self.rules.append((path, spec.name))
        return out

    def _check_list(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if not isinstance(value, list):
            self._wrong_type(value, spec, path)
            return None
        if len(value) < spec.min_items:
            self.error(path, f"至少需要{spec.min_items}项，实际为{len(value)}项")
        assert spec.items is not None
        out = []
        for index, item in enumerate(value):
            if item is None:
                self.error((*path, index), "列表中的项不能为空")
                out.append(None)
            else:
                out.append(self.check(item, spec.items, (*path, index)))
        return out

    def _check_string(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if not isinstance(value, str):
            self._wrong_type(value, spec, path)
            return None
        if spec.pattern is not None and not spec.pattern.search(value):
            self.error(path, f"“{value}”格式不正确，应为{spec.pattern_doc or spec.pattern.pattern}")
            return None
        return value

    def _check_range(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if spec.minimum is not None and value < spec.minimum:
            self.error(path, f"{value} 小于允许的最小值 {spec.minimum}")
            return None
        if spec.maximum is not None and value > spec.maximum:
            self.error(path, f"{value} 大于允许的最大值 {spec.maximum}")
            return None
        return value

    def _check_integer(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong_type(value, spec, path)
            return None
        return self._check_range(value, spec, path)

    def _check_number(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._wrong_type(value, spec, path)
            return None
        return self._check_range(value, spec, path)

    def _check_boolean(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if not isinstance(value, bool):
            self._wrong_type(value, spec, path)
            return None
        return value

    def _check_date(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            self._wrong_type(value, spec, path)
            return None
        return value

    def _check_code(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        assert spec.vocabulary is not None
        vocabulary = self.schema.vocabularies[spec.vocabulary]
        if not isinstance(value, str):
            self._wrong_type(value, spec, path)
            return None
        known = self.vocabulary[spec.vocabulary]
        if value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            hint = f"是否应为“{close[0]}”？" if close else ""
            listing = "、".join(f"{e.code}（{e.name}）" for e in known.values())
            extend = (
                f"；如为本地新增的{vocabulary.label}，请先在 vocabulary.{vocabulary.name} 中声明"
                if vocabulary.extensible else ""
            )
            self.error(path, f"未知的{vocabulary.label}代码“{value}”。{hint}可用代码：{listing}{extend}")
            return None
        return value

    def _check_choice(self, value: Any, spec: TypeSpec, path: NodePath) -> Any:
        if not isinstance(value, str) or value not in spec.values:
            listing = "、".join(f"{k}（{v}）" for k, v in spec.values.items())
            self.error(path, f"“{value}”不是有效取值，应为：{listing}")
            return None
        return value


def validate_structure(schema: Schema, doc: SourceDocument) -> StructuralResult:
    validator = _Validator(schema, doc)
    data = validator.check(doc.data, schema.root, ())
    validator.rules.sort(key=lambda item: doc.value_line(item[0]))
    return StructuralResult(data=data, errors=validator.errors, rules=validator.rules,
                            vocabulary=validator.vocabulary, error_paths=validator.error_paths)
