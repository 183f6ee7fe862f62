"""sifasuo policy validate FILE… | show NAME | list: the policy files' command line inside `sifasuo`.

A thin wrapper of sifasuo.policy.cli (the same output, word for word, as `python -m sifasuo.policy`); a file
with errors, an unknown policy or wrong usage ends in CommandError, so the exit status is non-zero.
Needs no database.
"""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandError

from sifasuo.policy import cli

USAGE = ("用法：sifasuo policy validate FILE [FILE…]（校验政策文件）；"
         "sifasuo policy show NAME（以中文列出规则）；sifasuo policy list（列出现有政策）")


class Command(BaseCommand):
    help = "司法协理员政策文件：validate FILE… 校验（逐条列出错误的行号和中文说明）；show NAME 以中文列出规则；list 列出政策"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("validate", "show", "list"), metavar="命令",
                            help="validate、show 或 list")
        parser.add_argument("targets", nargs="*", metavar="FILE/NAME",
                            help="validate：一个或多个政策文件路径；show：政策名称（如 daqing-2024）或文件路径")

    def handle(self, *args, action: str, targets: list[str], **options):
        if action == "validate" and not targets:
            raise CommandError(f"validate 需要至少一个政策文件路径。{USAGE}", returncode=2)
        if action == "show" and len(targets) != 1:
            raise CommandError(f"show 需要恰好一个政策名称或文件路径。{USAGE}", returncode=2)
        if action == "list" and targets:
            raise CommandError(f"list 不接受参数。{USAGE}", returncode=2)
        out = io.StringIO()
        status = cli.main([action, *targets], out=out)
        text = out.getvalue()
        self.stdout.write(text, ending="")
        if status == 0:
            return
        if action == "validate":
            failed = [line.split("：发现", 1)[0] + "（" + line.split("：发现", 1)[1].rstrip() + "）"
                      for line in text.splitlines() if "：发现" in line and line.endswith("处错误")]
            summary = "；".join(failed) or "见上方输出"
            raise CommandError(f"政策文件校验未通过：{summary}", returncode=status)
        first = text.strip().splitlines()[0] if text.strip() else "政策无法读取"
        raise CommandError(first if status == 2 else f"政策文件有误，无法显示：{first}", returncode=status)
