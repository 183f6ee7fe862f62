"""Read YAML into plain Python values and remember the line of every node.

PyYAML's composer gives nodes with marks; we turn them into dicts, lists and scalars ourselves so that a
validator can point at the line of any key or value. Only plain data is accepted: tags (``!!python/...``
or local ``!foo``), merge keys (``<<``) and duplicate keys are reported as errors, so a policy file can
never carry executable code or hide a value behind another.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import PolicyError

__all__ = ["NodePath", "SourceDocument", "format_path", "parse_yaml", "value_at"]

NodePath = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass
class SourceDocument:
    """Parsed data plus the 1-based line of each value (`lines`) and of each mapping key (`key_lines`)."""

    data: Any
    source: str
    lines: dict[NodePath, int] = field(default_factory=dict)
    key_lines: dict[NodePath, int] = field(default_factory=dict)
    # Values already reported as unreadable (a tag, a date with a time): later passes stay quiet on them.
    bad_paths: set[NodePath] = field(default_factory=set)

    def line(self, path: NodePath) -> int:
        """Line of the key naming `path` if any, else of its value, else of the nearest ancestor."""
        probe = tuple(path)
        while True:
            if probe in self.key_lines:
                return self.key_lines[probe]
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return 0
            probe = probe[:-1]

    def value_line(self, path: NodePath) -> int:
        """Line of the value at `path` (where a list or mapping starts), falling back to `line`."""
        return self.lines.get(tuple(path)) or self.line(path)

    def get(self, path: NodePath, default: Any = None) -> Any:
        return value_at(self.data, path, default)


def value_at(data: Any, path: NodePath, default: Any = None) -> Any:
    """The value at `path` in nested mappings and lists, or `default` where the path does not lead to one."""
    value = data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return default
    return value


def format_path(path: NodePath) -> str:
    """("tracks", 0, "code") -> "tracks[0].code"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class _Builder:
    def __init__(self, source: str) -> None:
        self.doc = SourceDocument(data=None, source=source)
        self.errors: list[PolicyError] = []
        self._constructor = SafeConstructor()

    def error(self, node: Node, message: str, path: NodePath) -> None:
        where = format_path(path)
        self.doc.bad_paths.add(path)
        self.errors.append(
            PolicyError(node.start_mark.line + 1, f"{where}：{message}" if where else message, self.doc.source, where)
        )

    def build(self, node: Node, path: NodePath, ancestors: frozenset[int]) -> Any:
        self.doc.lines[path] = node.start_mark.line + 1
        if id(node) in ancestors:
            self.error(node, "YAML 锚点引用了自身（循环引用），政策文件不允许", path)
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, ancestors | {id(node)})
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self._bad_tag(node, path)
                return None
            inner = ancestors | {id(node)}
            return [self.build(item, (*path, i), inner) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag not in _PLAIN_TAGS:
            self._bad_tag(node, path)
            return None
        try:
            value = self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.error(node, f"无法识别的值“{node.value}”：{exc}", path)
            return None
        if isinstance(value, datetime.datetime):
            # A policy speaks of days, never of instants.
            self.error(node, f"“{node.value}”带有时刻，政策文件中的日期只能写成 YYYY-MM-DD", path)
            return None
        return value

    def _bad_tag(self, node: Node, path: NodePath) -> None:
        self.error(
            node,
            f"不允许使用 YAML 标签“{node.tag}”：政策文件只能包含数据，不能包含可执行代码或自定义类型",
            path,
        )

    def _mapping(self, node: MappingNode, path: NodePath, ancestors: frozenset[int]) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            self._bad_tag(node, path)
            return {}
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, "不允许使用 YAML 合并键“<<”，请把各项完整写出", path)
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                shown = key_node.value if isinstance(key_node, ScalarNode) else "（复合值）"
                self.error(key_node, f"键“{shown}”应为文字（如为数字，请加引号）", path)
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                self.error(key_node, f"键“{key}”重复，第{seen[key]}行已经出现过", (*path, key))
                continue
            seen[key] = line
            self.doc.key_lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key), ancestors)
        return result


def parse_yaml(text: str, source: str) -> tuple[SourceDocument | None, list[PolicyError]]:
    """Parse `text`; returns the document (None if it could not be read at all) and the errors found."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or str(exc)
        return None, [PolicyError(line, f"YAML 语法错误：{problem}", source)]
    except yaml.YAMLError as exc:
        return None, [PolicyError(0, f"YAML 语法错误：{exc}", source)]
    if root is None:
        return None, [PolicyError(0, "政策文件为空", source)]
    builder = _Builder(source)
    builder.doc.data = builder.build(root, (), frozenset())
    return builder.doc, builder.errors
