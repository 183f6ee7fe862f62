"""sifasuo restore FILE: an archive made by `sifasuo backup`, into the configured, empty database."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from sifasuo.core.backup import restore


class Command(BaseCommand):
    help = "从 sifasuo backup 生成的备份文件恢复到当前配置的空数据库（含上传文件）"

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)

    def handle(self, *args, source, **options):
        database = connections["default"].settings_dict
        connections["default"].close()
        try:
            manifest = restore(source=source, database=database, media_root=Path(settings.MEDIA_ROOT))
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"已恢复 {manifest['created']} 的备份到数据库 {database['NAME']}。")
