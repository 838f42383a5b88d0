from django import template
from django.utils.formats import number_format

from portal.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Markdown source to sanitised HTML."""
    return render_markdown(text)


@register.filter
def sek(amount):
    """An amount in kronor, formatted for the active locale: 150 000,00 kr."""
    if amount is None or amount == "":
        return ""
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)}\u00a0kr"
