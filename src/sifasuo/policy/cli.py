"""Command line for policy files: `python -m sifasuo.policy validate FILE` and `... show NAME`.

The Django management command `sifasuo policy ...` wraps `main`. Exit codes: 0 success, 1 the file has
errors, 2 wrong usage or unknown policy.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .describe import describe
from .errors import PolicyInvalid, SchemaError
from .loader import available, load, policy_path, validate

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sifasuo policy", description="司法协理员政策文件：校验与查看")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = commands.add_parser("validate", help="校验政策文件，逐条列出错误（行号和中文说明）")
    check.add_argument("files", nargs="+", metavar="FILE", help="政策文件路径")
    show = commands.add_parser("show", help="以中文列出政策的全部规则")
    show.add_argument("name", metavar="NAME", help="政策名称（如 daqing-2024，对应 policies/NAME.yaml）或文件路径")
    commands.add_parser("list", help="列出 policies/ 中的政策")
    return parser


def _resolve(name: str) -> Path:
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        return Path(name)
    return policy_path(name)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            failed = False
            for file in args.files:
                errors = validate(file)
                if errors:
                    failed = True
                    print(f"{file}：发现{len(errors)}处错误", file=out)
                    for error in errors:
                        print(f"  {error}", file=out)
                else:
                    print(f"{file}：校验通过", file=out)
            return 1 if failed else 0
        if args.command == "list":
            for name in available():
                print(name, file=out)
            return 0
        try:
            path = _resolve(args.name)
        except ValueError as exc:
            print(str(exc), file=out)
            return 2
        if not path.is_file():
            known = "、".join(available()) or "（无）"
            print(f"找不到政策“{args.name}”（{path}）。现有政策：{known}", file=out)
            return 2
        policy = load(path)
    except PolicyInvalid as exc:
        print(str(exc), file=out)
        return 1
    except SchemaError as exc:
        print(f"结构定义文件有误：{exc}", file=out)
        return 2
    for line in describe(policy):
        print(line, file=out)
    return 0
