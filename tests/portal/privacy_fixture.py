"""A stand-in app privacy module for tests/portal/test_privacy.py."""

CALLS: list[tuple[str, int]] = []


def export(user) -> dict:
    return {"volunteer_profile": {"phone": "070-123 45 67", "user": user.pk}}


def erase(user) -> None:
    from portal.models import User

    assert User.objects.filter(pk=user.pk).exists(), "erase runs before the account is deleted"
    CALLS.append(("erase", user.pk))
