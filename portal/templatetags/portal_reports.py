from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def signed(value):
    try:
        return f"{int(value):+d}"
    except (TypeError, ValueError):
        return ""
