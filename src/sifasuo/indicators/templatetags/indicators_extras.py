from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template; a JSON dict's keys are strings, so an integer key is also tried as text."""
    if not hasattr(mapping, "get"):
        return None
    value = mapping.get(key)
    if value is None and not isinstance(key, str):
        value = mapping.get(str(key))
    return value
