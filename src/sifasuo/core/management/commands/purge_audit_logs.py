"""sifasuo purge_audit_logs [--days N] [--dry-run]: delete audit records older than N days (never < 180)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sifasuo.core.retention import purge_audit_logs


class Command(BaseCommand):
    help = "清理超过保留期的审计日志（变更日志、敏感信息查看记录、登录记录），保留期不少于 180 天"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS,
                            help="保留天数（默认 SIFASUO_AUDIT_RETENTION_DAYS，不少于 180）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, days, dry_run, **options):
        try:
            counts = purge_audit_logs(days=days, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        verb = "将删除" if dry_run else "已删除"
        for label, count in counts.items():
            self.stdout.write(f"{label}：{verb} {count} 条（{days} 天以前）")
