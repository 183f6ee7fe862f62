"""What the stages of recruitment share: the policy engine's refusals spoken as ValidationError, today's date
(or the one a caller passes), the check that registration has closed, and the statuses that fill a post."""

from __future__ import annotations

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..choices import (
    ApplicationStatus,
)
from ..models import (
    Announcement,
)


@contextlib.contextmanager
def engine_refusal(field: str | None = None):
    """The policy engine and the policy lookup say no with ValueError/LookupError and a Chinese message; the
    services speak ValidationError, like every other refusal."""
    try:
        yield
    except (LookupError, ValueError) as exc:
        raise ValidationError({field: str(exc)} if field else str(exc)) from None


# --- state transitions: one at a time (core.transitions, D41) -------------------------------------------


def local_today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def require_registration_closed(announcement: Announcement, today: datetime.date, step: str) -> None:
    if announcement.registration_open(today):
        raise ValidationError(
            f"报名尚未截止（截止日期 {announcement.registration_deadline:%Y-%m-%d}），不能{step}；"
            "截止前的资格审查只是预审。如需提前截止报名，请在公告页面办理“截止报名”")


def filled_statuses() -> tuple[str, ...]:
    return (ApplicationStatus.CANDIDATE, ApplicationStatus.NOTICE, ApplicationStatus.HIRED)
