"""Property-based fuzzing (hypothesis) of every public page's query string and every form.

The pages come from the authorization matrix (``tests.access.all_rules()``), so a new app's
pages are fuzzed as soon as its rules exist. No input may cause a server error (500), a script
sent in a form is never echoed back unescaped, and a form that is refused (shown again with its
errors, or denied) writes nothing: every table is snapshotted (``tests.utils.db_snapshot``)
before and after each post, and only a success (a redirect) may change one.

``FUZZ_EXAMPLES`` (env, default 20) sets the number of examples per page.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from django.contrib import messages
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import access, factories
from tests.utils import db_snapshot, snapshot_changes

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
SCRIPT = "<script>alert('fuzz')</script>"
SPECIAL = [
    "", " ", "0", "-1", "1.5", "99999999999999999999999", "NaN", "null", "true",
    "2026-02-30", "2026-13-01", "31/12/2026", "24:61", "1e308",
    SCRIPT, "\"><img src=x onerror=alert(1)>", "' OR 1=1 --", "../../etc/passwd",
    "%00", "\x00", "\u202e", "💥", "Åsa Öberg", "a" * 3000,
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
KEYS = st.one_of(
    st.sampled_from([
        "q", "page", "sort", "order", "category", "district", "kind", "status", "date",
        "from", "to", "start", "end", "year", "month", "week", "day", "lang", "next",
        "association", "resource", "council", "format", "per_page", "o", "id",
    ]),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
)  # fmt: skip
QUERIES = st.dictionaries(KEYS, st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=5)

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _public_get_rules():
    return [
        r for r in access.all_rules() if r.method == "get" and r.expect.get("anonymous") == access.OK
    ]  # fmt: skip


def _form_rules():
    return [r for r in access.all_rules() if r.method == "post"]


def _url(rule, world):
    kwargs = rule.setup(world) if rule.setup else {}
    return reverse(rule.url_name, kwargs=kwargs or None)


@pytest.mark.parametrize("rule", _public_get_rules(), ids=str)
def test_random_query_strings_never_cause_a_server_error(client, rule):
    url = _url(rule, access.World())

    @SETTINGS
    @given(query=QUERIES)
    def check(query):
        response = client.get(url, query, **rule.extra)
        assert response.status_code < 500, f"{url} {query!r}: {response.status_code}"

    check()


# Logged-in pages: the query string as the first persona the matrix lets in.
READERS = ("owner", "member", "coordinator", "council_secretary", "fund_committee", "user")


def _private_get_rules():
    return [
        r for r in access.all_rules()
        if r.method == "get" and r.expect.get("anonymous") != access.OK
        and any(r.expect.get(p) == access.OK for p in READERS)
    ]  # fmt: skip


@pytest.mark.parametrize("rule", _private_get_rules(), ids=str)
def test_random_query_strings_on_logged_in_pages_never_cause_a_server_error(client, rule):
    world = access.World()
    url = _url(rule, world)
    persona = next(p for p in READERS if rule.expect.get(p) == access.OK)
    client.force_login(world.persona(persona))

    @settings(SETTINGS, max_examples=max(5, EXAMPLES // 2))
    @given(query=QUERIES)
    def check(query):
        response = client.get(url, query, **rule.extra)
        assert response.status_code < 500, f"{url} as {persona} {query!r}: {response.status_code}"

    check()


# Who posts the form: the first persona the matrix lets through.
POSTERS = ("owner", "coordinator", "member", "user", "council_secretary", "fund_committee",
           "other_admin", "anonymous")  # fmt: skip


def _poster(rule) -> str | None:
    for persona in POSTERS:
        if rule.expect.get(persona) in (access.OK, access.REDIRECT):
            return persona
    return None


def _refused(response) -> bool:
    """The post did not succeed: anything but a redirect (the form shown again with its errors,
    400, 403, 404, 409, 413…), or a redirect that only brings error messages (the views that
    answer a refused post with a message on the page they send back to)."""
    if not 300 <= response.status_code < 400:
        return True
    # The messages this request added (not any left over from an earlier one).
    added = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    levels = {message.level for message in added}
    return messages.ERROR in levels and not levels & {messages.SUCCESS, messages.WARNING}


@pytest.mark.parametrize("rule", _form_rules(), ids=str)
def test_random_form_values_never_cause_a_server_error_or_an_unescaped_script(client, rule):
    persona = _poster(rule)
    if persona is None:
        pytest.skip("no persona may post this form")
    world = access.World()
    url = _url(rule, world)
    valid = rule.data(world) if rule.data else {}
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    fields = sorted(valid) or ["name", "text", "description", "email"]

    @SETTINGS
    @given(
        changes=st.dictionaries(st.sampled_from(fields), VALUES, max_size=len(fields)),
        extra=st.dictionaries(KEYS, VALUES, max_size=2),
    )
    def check(changes, extra):
        data = {**extra, **valid, **changes}
        before = db_snapshot()
        response = client.post(url, data, **rule.extra)
        assert response.status_code < 500, f"{url} {data!r}: {response.status_code}"
        if _refused(response):
            changed = snapshot_changes(before, db_snapshot())
            assert not changed, (
                f"{url} {data!r}: refused ({response.status_code}) but wrote {changed}"
            )
        pages = [response]
        location = response.headers.get("Location", "")
        if response.status_code in (301, 302, 303) and not urlsplit(location).netloc:
            pages.append(client.get(location))
        for page in pages:
            body = page.content.decode(errors="replace")
            assert SCRIPT not in body, f"{url}: the script came back unescaped"

    check()


# The snapshot itself: a write between two snapshots is seen, whatever its kind.


def test_the_snapshot_covers_every_app_and_many_to_many_tables():
    labels = set(db_snapshot())
    for label in ("associations.Association", "associations.Membership", "bookings.Booking",
                  "councils.Minutes", "microfund.Application", "portal.AuditEvent",
                  "portal.User", "portal.User_groups"):  # fmt: skip
        assert label in labels, label
    assert "sessions.Session" not in labels


def test_the_snapshot_sees_a_row_added_changed_or_deleted():
    association = factories.AssociationFactory()
    before = db_snapshot()
    assert snapshot_changes(before, db_snapshot()) == {}

    factories.UserFactory()
    added = db_snapshot()
    assert set(snapshot_changes(before, added)) == {"portal.User", "account.EmailAddress"}

    association.name += " (ändrad)"
    association.save()
    changed = db_snapshot()
    assert set(snapshot_changes(added, changed)) == {"associations.Association"}
    counts = snapshot_changes(added, changed)["associations.Association"]
    assert counts[0] == counts[1], "same count and max pk: only the digest tells"

    association.delete()
    assert "associations.Association" in snapshot_changes(changed, db_snapshot())


def test_a_redirect_that_only_brings_an_error_counts_as_refused(client):
    """What the fuzz calls refused: a post answered with a redirect and an error message is."""
    world = access.World()
    client.force_login(world.owner)
    url = reverse("switch_association")
    assert _refused(client.post(url, {"association": world.other_association.pk}))
    assert not _refused(client.post(url, {"association": world.association.pk}))
