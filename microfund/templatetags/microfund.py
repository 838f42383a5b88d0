from django import template

from portal.permissions import is_coordinator, is_fund_committee

register = template.Library()


@register.simple_tag
def microfund_roles(user):
    """Which microfund links the user gets on their pages."""
    return {"committee": is_fund_committee(user), "coordinator": is_coordinator(user)}
