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


@register.filter
def masked(value):
    return mask(value)


@register.simple_tag(takes_context=True)
def navbar(context):
    """The logged-in navbar (core.navigation.navbar_html) with this request's CSRF token."""
    from sifasuo.core.navigation import navbar_html

    return navbar_html(context["user"], str(context.get("csrf_token", "")))


@register.simple_tag
def head_assets():
    from sifasuo.core.navigation import head_assets_html

    return head_assets_html()


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
