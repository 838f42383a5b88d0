from django import template

from associations.models import Association

register = template.Library()


@register.simple_tag
def public_association_count() -> int:
    return Association.objects.public().count()
