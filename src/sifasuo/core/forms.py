"""Showing a service's ValidationError on the form that collected the input; ID numbers on edit forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .idnumbers import mask


def apply_validation_error(form, exc: ValidationError, field_map: dict[str, str] | None = None,
                           default_field: str | None = None) -> None:
    """Attach each message to the form field it concerns (model field names mapped by field_map)."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field_map.get(field, field)
            for message in (m for e in errors for m in e.messages):
                form.add_error(target if target in form.fields else None, message)
    else:
        target = default_field if default_field in form.fields else None
        for message in exc.messages:
            form.add_error(target, message)


@dataclass(frozen=True)
class CurrentIdNumber:
    """What an edit page shows of the stored ID number: `shown` is masked unless `full`."""

    shown: str
    full: bool
    can_reveal: bool


def guard_id_number(form, instance, user, *, reveal: bool = False, field: str = "id_number") -> None:
    """An edit form never sends the stored ID number to the browser. Its field becomes an empty, optional
    「修改身份证号码」 (left blank, the number is kept: see `keep_blank_id_number`), and
    `form.current_id_number` says what the page shows of the current number: masked, or — when the page is
    asked to `reveal` it — the full number under the detail page's rule (core.sensitive.reveal: only with
    personal.view_full_id, and logged as a sensitive read)."""
    from .sensitive import reveal as reveal_value

    current = getattr(instance, field) or ""
    shown, full = reveal_value(instance, field, user) if reveal and current else (mask(current), False)
    form.current_id_number = CurrentIdNumber(shown=shown, full=full,
                                             can_reveal=bool(current) and user.can("personal.view_full_id"))
    form_field = form.fields[field]
    form_field.required = False
    form_field.label = "修改身份证号码"
    form_field.help_text = "不修改请留空；填写新号码将替换现有号码"
    form.initial[field] = ""
    form.kept_when_blank = (*getattr(form, "kept_when_blank", ()), field)


def keep_blank_id_number(form, values: dict) -> dict:
    """`values` without the guarded ID-number fields left blank (the stored number stays)."""
    kept = getattr(form, "kept_when_blank", ())
    return {k: v for k, v in values.items() if not (k in kept and not (v or "").strip())}
