"""`sifasuo national`: the national roll-up from the command line (D63).

Province installation:
  sifasuo national send [--period YYYY-MM] [--province CODE]   queue the month (or every ready month of the
                                                                last year never sent) and send what is due
  sifasuo national status                                       the months sent and their state
National installation:
  sifasuo national add-province CODE NAME                       register a province; prints its new key once
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sifasuo.core.context import ActionContext, acting
from sifasuo.national import services
from sifasuo.national.models import RollupSubmission


class Command(BaseCommand):
    help = "全国汇总：省级平台报送月度汇总（send、status），全国平台登记省份密钥（add-province）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="报送审核通过的月度汇总（重试到全国平台确认为止）")
        send.add_argument("--period", help="月份 YYYY-MM（缺省：近 12 个月中尚未报送且已审核通过的月份）")
        send.add_argument("--province", help="省级单位代码（本平台有多个省级单位时）")
        sub.add_parser("status", help="各月报送状态")
        add = sub.add_parser("add-province", help="登记一个省份并生成其报送密钥")
        add.add_argument("code")
        add.add_argument("name")

    def handle(self, *args, action, **options):
        try:
            with acting(ActionContext(source="command")):
                getattr(self, action.replace("-", "_"))(**options)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None

    def send(self, *, period=None, province=None, **_):
        unit = services.installation_province(province)
        if period:
            services.queue(province=unit, period=services.parse_period(period))
        else:
            services.queue_ready(province=unit)
        for s in services.send_due(province=unit):
            line = f"{s.period:%Y-%m} {s.get_status_display()}"
            if s.last_error:
                line += f"：{s.last_error}"
            elif s.answer:
                line += f"（{s.answer.get('status')}，{s.answer.get('figures')} 项数值，{s.answer.get('reports')} 份报表）"
            self.stdout.write(line)
        self.status()

    def status(self, **_):
        for s in RollupSubmission.objects.order_by("period"):
            extra = f"，下次尝试 {s.next_attempt_at:%Y-%m-%d %H:%M}" if s.next_attempt_at else ""
            self.stdout.write(f"{s.period:%Y-%m}\t{s.get_status_display()}\t尝试 {s.attempts} 次{extra}")

    def add_province(self, *, code, name, **_):
        province, key = services.register_province(code=code, name=name)
        self.stdout.write(f"{province} 的报送密钥（只显示这一次，请交给该省配置 SIFASUO_NATIONAL_KEY）：")
        self.stdout.write(key)
