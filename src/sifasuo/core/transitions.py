"""State transitions under a row lock: the one way a service moves a record from one state to the next.

Two clerks press 批准 at the same moment. Both requests loaded the plan while it was 已上报; checked on
those copies, both approvals would pass and the plan would record two 批准 events. So a transition
re-reads its row with SELECT … FOR UPDATE inside the service's transaction and checks the state it
expects on that fresh copy:

- PostgreSQL: the second request waits on the row lock until the first commits, then reads the new state;
- SQLite (no row locks): every transaction begins IMMEDIATE (settings.py), so writers queue before they
  read and the second one also reads the committed state.

Exactly one wins; the other gets `StateConflict`, a `ValidationError` (pages show it like any refusal)
that the API answers with 409 Conflict (core.api.exception_handler).

    transitions.require(plan, (PlanStatus.SUBMITTED,), lambda p: f"计划当前状态为「{p.get_status_display()}」…")

`lock()` alone re-reads a row a service is about to change when the check is not a simple state (a running
count, a list of related rows); lock parents before children (an announcement before its applications, a
subject before its leaves) so that two transitions never wait on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.transaction import TransactionManagementError

from .validation import Errors, add, not_before, not_future, raise_if_any

M = TypeVar("M", bound=models.Model)


class StateConflict(ValidationError):
    """The record is no longer in the state this step needs (usually: someone else acted first)."""

    status_code = 409


def lock(instance: M, *, related: tuple[str, ...] = ()) -> M:
    """Re-read `instance` from its row under a row lock, in place, and return it; `related` foreign keys are
    read in the same query (only this row is locked, not theirs).

    Must run inside `transaction.atomic` (the lock lasts until the transaction ends)."""
    using = instance._state.db or "default"
    if not transaction.get_connection(using).in_atomic_block:
        raise TransactionManagementError("transitions.lock() must run inside transaction.atomic")
    queryset = type(instance)._base_manager.select_for_update(of=("self",))
    if related:  # (select_related() without names would join every foreign key)
        queryset = queryset.select_related(*related)
    instance.refresh_from_db(using=using, from_queryset=queryset)
    return instance


def require(instance: M, allowed: Collection | Callable[[M], bool], message: str | Callable[[M], str], *,
            field: str | None = None, state_field: str = "status", related: tuple[str, ...] = ()) -> M:
    """Lock `instance` and check its fresh state: `allowed` is either the values of `state_field` this step
    accepts or a test of the instance. Raises StateConflict(message) — keyed by `field` when given — if
    the state does not fit; `message` may be a function of the fresh instance, to name its state."""
    lock(instance, related=related)
    ok = allowed(instance) if callable(allowed) else getattr(instance, state_field) in allowed
    if not ok:
        text = message(instance) if callable(message) else message
        raise StateConflict({field: [text]} if field else text)
    return instance


def require_status(record: M, allowed: Collection[str], action: str, *, suffix: str = "") -> M:
    """`require` for a person's record (a correction subject, a released person) with the refusal every such
    step gives: who, the state they are in, what cannot be done and the states it needs —
    “王某目前为“终止矫正”，不能终止矫正（仅限待报到、在矫状态）” (`suffix` follows the list of states)."""
    labels = dict(record._meta.get_field("status").flatchoices)
    allowed_text = "、".join(str(labels[value]) for value in allowed)
    return require(record, allowed, field="status", message=lambda fresh: (
        f"{fresh.full_name}目前为“{fresh.get_status_display()}”，不能{action}（仅限{allowed_text}{suffix}）"))


def record_once(record: M, field: str, day, *, label: str, done: str, after: tuple[str, object] = ("", None),
                errors: Errors | None = None, **also) -> M:
    """Date a step a record goes through once (宣告, 核查, 核实, 接回) and save it with `also`'s values.

    Refused, nothing saved, when the date is already recorded (“已于 2026-03-01 {done}”), is earlier than the
    step it follows (`after`: that step's label and date) or after today; `errors` found by the caller come
    first (a missing earlier step: the date is then not checked against it). Lock the row before (`lock` or
    `require`), so that of two clerks at once the second sees the first's date."""
    errors = {} if errors is None else errors
    if field not in errors:
        if recorded := getattr(record, field):
            add(errors, field, f"已于 {recorded.isoformat()} {done}")
        else:
            not_before(errors, field, label, day, *after)
    not_future(errors, field, label, day)
    raise_if_any(errors)
    setattr(record, field, day)
    for name, value in also.items():
        setattr(record, name, value)
    record.save()
    return record
