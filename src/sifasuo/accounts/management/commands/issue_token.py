"""sifasuo issue_token USERNAME: an API token for an account, from the server's shell (scripts, checks).

Whoever runs it already holds the server, so no password or second factor is asked; the token lapses like
any other (D45) and the issue is change-logged.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sifasuo.accounts import services
from sifasuo.accounts.models import User


class Command(BaseCommand):
    help = "为账号签发 API 令牌（在服务器上运行，令牌只显示一次）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="命令行签发", help="用途")

    def handle(self, *args, username, label, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"账号「{username}」不存在或已停用")
        try:
            self.stdout.write(services.issue_token(user=user, label=label))
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
