"""The base of every form, and showing a service's ValidationError on the form that collected the input.

Every form of the project derives from `Form`: its messages name the field in Chinese ("涉及金额（元）不能小于
0", not Django's bare "确保该值大于或等于0。"), and its empty choices read "请选择" rather than "---------". The
page lists every error of the form at once above the fields (templates/includes/form_fields.html). A page runs
its service with a posted form one way, `run_form`: a refusal is shown under the fields it concerns; a step
posted without a form (a button) runs through `run_step`, its refusal shown as messages. Edit forms
never send a stored ID number to the browser (`guard_id_number`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError

from .idnumbers import mask

EMPTY_CHOICE = "请选择"
_DASHES = {"", "---------", "—", "-", "--"}


def chinese_messages(field: forms.Field, label: str) -> dict[str, str]:
    """The error messages of a form field, each naming the field."""
    choose = isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.FileField, forms.BooleanField))
    messages = {"required": f"请{'选择' if choose else '填写'}{label}"}
    if isinstance(field, forms.DateTimeField):
        messages["invalid"] = f"{label}不是有效的日期时间，应为 2025-03-01 14:30 这样的格式"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{label}不是有效日期，应为 2025-03-01 这样的格式"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{label}应为整数"
    elif isinstance(field, (forms.DecimalField, forms.FloatField)):
        messages["invalid"] = f"{label}应为数字"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"{label}不是有效的电子邮箱地址"
    elif isinstance(field, forms.FileField):
        messages.update(invalid=f"{label}：没有收到文件，请重新选择", missing=f"{label}：没有收到文件，请重新选择",
                        empty=f"{label}：上传的文件是空的")
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        messages.update(min_value=f"{label}不能小于 %(limit_value)s", max_value=f"{label}不能大于 %(limit_value)s",
                        step_size=f"{label}应为 %(limit_value)s 的整数倍")
    if isinstance(field, forms.DecimalField):
        messages.update(max_digits=f"{label}最多 %(max)s 位数字", max_decimal_places=f"{label}最多保留 %(max)s 位小数",
                        max_whole_digits=f"{label}的整数部分最多 %(max)s 位")
    if isinstance(field, forms.CharField):
        messages.update(max_length=f"{label}最多 %(limit_value)d 个字（现为 %(show_value)d 个）",
                        min_length=f"{label}至少 %(limit_value)d 个字（现为 %(show_value)d 个）")
    if isinstance(field, forms.ModelMultipleChoiceField):
        messages.update(invalid_choice=f"{label}中的“%(value)s”不可选", invalid_pk_value=f"{label}中的“%(pk)s”无效",
                        invalid_list=f"{label}应为若干选项")
    elif isinstance(field, forms.ModelChoiceField):
        messages["invalid_choice"] = f"{label}的所选项不存在或不可选，请重新选择"
    elif isinstance(field, forms.ChoiceField):
        messages["invalid_choice"] = f"{label}没有“%(value)s”这个选项"
    return messages


def _default_messages(field: forms.Field) -> dict:
    defaults: dict = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def chinese_field(field: forms.Field, name: str) -> None:
    """Name the field in its messages (those the form did not word itself), and give its empty choice a
    Chinese label."""
    label = str(field.label or name)
    defaults = _default_messages(field)
    for code, message in chinese_messages(field, label).items():
        if code not in field.error_messages or field.error_messages[code] == defaults.get(code):
            field.error_messages[code] = message
    if isinstance(field, forms.ModelMultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and str(field.empty_label) in _DASHES:
            field.empty_label = EMPTY_CHOICE
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None) and str(choices[0][1]) in _DASHES:
            field.choices = [("", EMPTY_CHOICE), *choices[1:]]


class Form(forms.Form):
    """The base of every form: Chinese messages naming the field, Chinese empty choices (see module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            chinese_field(field, name)


class IdNumberField(forms.CharField):
    """An 18-digit identity number, checked with the form's other fields (core.idnumbers: length, characters,
    birth date, check digit), so that its error comes in the same pass as every other; cleaned to the
    normalised number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        from . import idnumbers

        value = super().clean(value)
        if not value:
            return value
        try:
            return idnumbers.parse(value).number
        except idnumbers.IdNumberError as exc:
            raise ValidationError(str(exc), code="invalid_id_number") from None


def error_list(form) -> list[tuple[str, str]]:
    """Every error of a bound form as (field label or "", message), in the order of the fields: the summary
    above a form's fields."""
    out = [("", str(e)) for e in form.non_field_errors()]
    for name, field in form.fields.items():
        for e in form.errors.get(name, ()):
            out.append((str(field.label or name), str(e)))
    return out


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


class Ran(NamedTuple):
    """What `run_form` returns when the service ran: its result (a tuple of one, so true even for None)."""

    result: Any


def run_form(form, run: Callable[[], Any], field_map: dict[str, str] | None = None,
             default_field: str | None = None) -> Ran | None:
    """The one way a page runs a service with a posted form. A valid form calls `run()` (the service, reading
    `form.cleaned_data`) and returns `Ran(result)`: the page shows its message and redirects. A ValidationError
    the service raises goes under the form's fields (`apply_validation_error`, model field names mapped by
    `field_map`), nothing written, and None is returned, as for an invalid form: the page shows the form again
    (status 400)."""
    if not form.is_valid():
        return None
    try:
        return Ran(run())
    except ValidationError as exc:
        apply_validation_error(form, exc, field_map, default_field)
        return None


def run_step(request, run: Callable[[], Any]) -> Ran | None:
    """The one way a page runs a step posted without a form (a button on a record's page or a list): `run()`
    calls the service and `Ran(result)` is returned; a refusal's messages are shown as errors on the next page,
    nothing written, and None is returned. The page shows its success message and redirects either way."""
    try:
        return Ran(run())
    except ValidationError as exc:
        for message in exc.messages:
            flash.error(request, message)
        return None


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
