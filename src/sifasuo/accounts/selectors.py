"""Account reads: current login locks (django-axes' records) and API tokens, within the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass
import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from sifasuo.core.registry import app_modules
from sifasuo.core.scoping import restrict

from .models import ApiToken, User


def _lock_window_start() -> datetime.datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def lockout_remaining(*, username: str, address: str | None) -> int:
    """Seconds until `username` may try again from `address`; 0 when not locked there."""
    attempts = AccessAttempt.objects.filter(username=username, ip_address=address,
                                            attempt_time__gte=_lock_window_start())
    row = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if not row["failures"] or row["failures"] < settings.AXES_FAILURE_LIMIT:
        return 0
    unlock = row["last"] + settings.AXES_COOLOFF_TIME
    return max(0, int((unlock - timezone.now()).total_seconds()) + 1)


@dataclass(frozen=True)
class Lock:
    username: str
    address: str | None
    failures: int
    locked_until: datetime.datetime
    account: User | None


def current_locks(*, user: User) -> list[Lock]:
    """Name-and-address pairs locked now. An administrator sees the locks of the accounts in scope; the
    system administrator also sees those of names that are no account."""
    rows = (AccessAttempt.objects.filter(attempt_time__gte=_lock_window_start())
            .values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last"))
    rows = list(rows)
    accounts = {a.username: a for a in restrict(User.objects.select_related("unit"), user)
                .filter(username__in={r["username"] for r in rows})}
    return [Lock(r["username"], r["ip_address"], r["failures"], r["last"] + settings.AXES_COOLOFF_TIME,
                 accounts.get(r["username"]))
            for r in rows if r["username"] in accounts or user.is_superuser]


def visible_tokens(*, user: User):
    """Live API tokens `user` may see and revoke: their own; an administrator also those of the accounts
    in scope."""
    tokens = ApiToken.objects.select_related("user", "user__unit").filter(expiry__gt=timezone.now())
    if user.can("accounts.manage"):
        return restrict(tokens, user)
    return tokens.filter(user=user)


def token_register(user: User, *, of: User | None = None):
    """The tokens `user` may see (visible_tokens), those of the account `of` when given, the latest issued
    first: the API's rows and the tokens page. No account (the schema generator's anonymous request) sees none."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    tokens = visible_tokens(user=user)
    return (tokens if of is None else tokens.filter(user=of)).order_by("-created")


def active_account(pk) -> User | None:
    """The enabled account with this id (the one a half-finished two-step login names), or None."""
    return User.objects.filter(pk=pk, is_active=True).first()


def account_in_scope(user: User, pk) -> User | None:
    """The account with this id if `user` may manage it (in scope), with its unit; None otherwise."""
    return restrict(User.objects.select_related("unit"), user).filter(pk=pk).first()


def account_register(user: User):
    """The accounts in scope by username, each with its unit: the API's rows."""
    return restrict(User.objects.select_related("unit").order_by("username"), user)


def totp_device(*, user: User, confirmed: bool | None = True):
    """The account's authenticator-app device (one per account), confirmed or still being set up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-id").first()


def recovery_device(*, user: User):
    from django_otp.plugins.otp_static.models import StaticDevice

    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_codes_left(*, user: User) -> int:
    device = recovery_device(user=user)
    return device.token_set.count() if device else 0


def linkable_people(user, *, under=None):
    """The serving people on the roster `user` may link to an account (D73), under the unit `under` when given.
    The roster belongs to an app above accounts (staff): it offers them through its `roster` module, collected
    by core.registry (D90), so accounts never imports it. No app offering a roster: nobody to link."""
    for module in app_modules("roster"):
        return module.linkable_people(user, under=under)
    return no_people()


def no_people():
    """An empty roster, of the model an account links to (named by the account's own field)."""
    return User._meta.get_field("staff_member").related_model.objects.none()
