"""`sifasuo alerts_digest [--date 2025-03-01] [--unit 230603] [--dry-run]`: the daily digest of due and
overdue items, one email per account (run it from cron every morning)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sifasuo.alerts.digest import send_digest
from sifasuo.core.management.options import add_date_option, day_or_today
from sifasuo.orgunits.models import OrgUnit


class Command(BaseCommand):
    help = "按提醒规则计算各账号管辖范围内的到期、逾期事项，每个账号发送一封汇总邮件"

    def add_arguments(self, parser):
        add_date_option(parser, "按哪一天计算")
        parser.add_argument("--unit", help="只发给该单位（单位代码）及其下级单位的账号")
        parser.add_argument("--dry-run", action="store_true", help="只列出收件人和事项数，不发送")

    def handle(self, *args, date=None, unit=None, dry_run=False, **options):
        on = day_or_today(date)
        unit_path = None
        if unit:
            found = OrgUnit.objects.filter(code=unit).first()
            if found is None:
                raise CommandError(f"单位代码“{unit}”不存在")
            unit_path = found.path
        result = send_digest(on, unit_path=unit_path, dry_run=dry_run, out=self.stdout)
        verb = "应发送" if dry_run else "已发送"
        self.stdout.write(f"{on:%Y-%m-%d}：{verb} {result.sent} 封，共 {result.items} 项；"
                          f"{result.without_email} 个账号有待办但没有邮箱；{result.nothing_due} 个账号没有待办。")
