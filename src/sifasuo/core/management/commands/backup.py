"""sifasuo backup [-o FILE]: the database (SQLite online backup, or pg_dump) and the uploaded files."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sifasuo.core.backup import backup


class Command(BaseCommand):
    help = "备份整个系统：数据库（SQLite 在线备份或 pg_dump）与上传文件，写入一个备份文件"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, help="备份文件（默认 数据目录/backups/sifasuo-时间.backup）")

    def handle(self, *args, output, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = output or Path(settings.DATA_DIR) / "backups" / f"sifasuo-{stamp}.backup"
        try:
            manifest = backup(target=target)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"已备份（{manifest['engine']}）：{target}")
