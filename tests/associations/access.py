"""The registry's URLs in the authorization matrix (see tests/access.py)."""

from __future__ import annotations

from associations.models import Association
from tests import factories
from tests.access import GONE, PERSONAS, Access, public


def _public(world):
    return {"slug": world.association.slug}


def _draft(world):
    association = factories.AssociationFactory(status=Association.Status.DRAFT)
    return {"slug": association.slug}


RULES = [
    Access("associations:directory", public()),
    Access("associations:detail", public(), setup=_public),
    Access("associations:detail", dict.fromkeys(PERSONAS, GONE), setup=_draft, label="draft"),
]
