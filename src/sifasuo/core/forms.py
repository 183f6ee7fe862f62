"""Showing a service's ValidationError on the form that collected the input."""

from __future__ import annotations

from django.core.exceptions import ValidationError


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
