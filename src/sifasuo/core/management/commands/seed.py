"""sifasuo seed --scale demo|city|province [--seed N]: deterministic synthetic data on the real tree."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sifasuo.core.context import ActionContext, acting
from sifasuo.core.seeding import SCALES, run_seed


class Command(BaseCommand):
    help = "在真实的行政区划树上生成确定性的模拟数据（demo：大庆、阳泉、芜湖；province：山东全省）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="demo", help="数据规模")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")

    def handle(self, *args, scale, seed, **options):
        from sifasuo.orgunits.models import OrgUnit

        if OrgUnit.objects.exists():
            raise CommandError("数据库中已有单位数据，seed 只能用于空数据库。"
                               "如需重建演示数据，请删除数据库文件（make clean-demo）后重试。")
        started = time.perf_counter()
        try:
            with acting(ActionContext(source="command")), transaction.atomic():
                summaries = run_seed(scale=scale, seed=seed, log=lambda m: self.stdout.write(m))
        except ValidationError as exc:
            raise CommandError("数据未写入：" + "；".join(exc.messages[:20])) from exc
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for line in summaries:
            self.stdout.write(self.style.SUCCESS(line))
        self.stdout.write(f"用时 {time.perf_counter() - started:.1f} 秒")
