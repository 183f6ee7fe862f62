"""Template helpers shared by every page: table cells, form widgets, masked identifiers."""


from django import forms, template
from django.utils.html import format_html

from sifasuo.core.idnumbers import mask

register = template.Library()


@register.filter
def with_class(field):
    """Render a bound field's widget with the Bootstrap class that suits it."""
    widget = field.field.widget
    css = getattr(widget, "css_class", None) or (
        "form-select" if isinstance(widget, (forms.Select, forms.SelectMultiple)) else "form-control")
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.simple_tag
def cell(column, obj):
    value = column.text(obj)
    if column.link and hasattr(obj, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), value)
    return value


@register.simple_tag
def form_error_list(form):
    """Every error of a form as (field label, message), for the summary above its fields."""
    from sifasuo.core.forms import error_list

    return error_list(form)


@register.filter
def num(value, places=2):
    """A count or quantity as it reads: 9 not 9.0 (core.numbers)."""
    from sifasuo.core.numbers import number_text

    return number_text(value, int(places))


@register.filter
def money(value):
    """An amount of money: 6,000.00 (core.numbers)."""
    from sifasuo.core.numbers import money_text

    return money_text(value)


@register.filter
def policy_name(policy_id):
    """A policy file's name for people (core.policies.policy_name), not its id."""
    from sifasuo.core.policies import policy_name as name

    return name(policy_id)


@register.filter
def masked(value):
    return mask(value)


@register.filter
def workday_estimate(day):
    """After a date counted in working days: a mark when its year's holidays are not entered yet, so the date
    was counted Monday to Friday (core.workdays) and may move once the year is entered."""
    from sifasuo.core import workdays

    note = workdays.estimate_note(day) if day else ""
    if not note:
        return ""
    return format_html('<span class="badge text-bg-warning" title="{}" data-testid="workday-estimate">暂按周一至周五推算</span>',
                       note)
