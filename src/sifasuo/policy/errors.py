"""Errors found in a policy file: each names the file, the line and what is wrong, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PolicyError", "PolicyInvalid", "SchemaError"]


@dataclass(frozen=True, slots=True)
class PolicyError:
    """One problem in a policy file. `line` is 1-based (0 when the file as a whole is concerned)."""

    line: int
    message: str
    source: str = ""
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}" if where else self.message


class PolicyInvalid(ValueError):
    """Raised when a policy file cannot be loaded; `errors` lists every problem found."""

    def __init__(self, errors: list[PolicyError]) -> None:
        self.errors = list(errors)
        head = f"政策文件有{len(self.errors)}处错误"
        super().__init__("\n".join([head, *(str(e) for e in self.errors)]))


class SchemaError(RuntimeError):
    """The schema file itself is malformed: a developer error, not a user one."""
