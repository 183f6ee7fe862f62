"""`sifasuo partitions`: the yearly partitions of the change log, the sensitive-access log, mediation cases and
alert items on PostgreSQL (D64; core/partitions.py).

  sifasuo partitions ensure [--ahead 2]         create the partitions of the coming years (daily, by cron or
                                                the task scheduler; rows already in the default partition move)
  sifasuo partitions list                       partitions and their row counts
  sifasuo partitions archive --before YEAR      detach the years before YEAR into the schema `archive`
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from sifasuo.core import partitions


class Command(BaseCommand):
    help = "按年度分区（PostgreSQL）：提前建立分区（ensure）、查看（list）、将旧年度分离到 archive 模式（archive）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ensure = sub.add_parser("ensure", help="建立当年及以后若干年的分区")
        ensure.add_argument("--ahead", type=int, default=partitions.AHEAD)
        sub.add_parser("list", help="列出分区及行数")
        archive = sub.add_parser("archive", help="将早于指定年度的分区分离到 archive 模式")
        archive.add_argument("--before", type=int, required=True)
        archive.add_argument("--table", action="append", choices=sorted(t for t, s in partitions.SPECS.items() if s.archived))

    def handle(self, *args, action, **options):
        if not partitions.supported(connection):
            self.stdout.write("当前数据库为 SQLite：不分区，无需操作。")
            return
        try:
            with transaction.atomic():
                if action == "ensure":
                    created = partitions.ensure(connection, ahead=options["ahead"])
                    self.stdout.write("新建分区：" + ("、".join(created) if created else "无（均已存在）"))
                elif action == "archive":
                    moved = partitions.archive(connection, before=options["before"], tables=options["table"])
                    self.stdout.write("已归档：" + ("、".join(moved) if moved else "无"))
                else:
                    for table, name, rows in partitions.listing(connection):
                        self.stdout.write(f"{table}\t{name}\t{rows}")
        except partitions.PartitionError as exc:
            raise CommandError(str(exc)) from None
