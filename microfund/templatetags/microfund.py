from django import template

from portal.permissions import is_coordinator, is_fund_committee

register = template.Library()


@register.simple_tag
def microfund_roles(user):
    """Which microfund links the user gets on their pages."""
    return {"committee": is_fund_committee(user), "coordinator": is_coordinator(user)}


@register.simple_tag
def microfund_summary():
    """For the home page: how many organisations the fund has lent to, and how much."""
    from django.db.models import Count, Sum

    from microfund.models import Loan

    return Loan.objects.filter(disbursed_on__isnull=False).aggregate(
        loans=Count("pk"), total=Sum("principal")
    )
