import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from associations import services
from associations.models import Assignment, Association
from resources.models import Resource
from tests import factories
from tests.resources.factories import ResourceFactory
from tests.utils import assert_constant_queries, require_postgres
from tests.volunteering.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("associations:directory")
Status = Association.Status


def _names(response):
    return [a.name for a in response.context["page"].object_list]


@pytest.fixture
def town():
    idrott = factories.CategoryFactory(name="Idrott", slug="idrott")
    kultur = factories.CategoryFactory(name="Kultur", slug="kultur")
    centrum = factories.DistrictFactory(name="Motala centrum", slug="motala-centrum")
    tjallmo = factories.DistrictFactory(name="Tjällmo", slug="tjallmo")
    made = {}
    for name, category, district, form, wise, extra in [
        ("Speedwayklubben Piraterna", idrott, centrum, "ideell", False, {}),
        ("Tjällmo Hembygdsförening", kultur, tjallmo, "ideell", False, {"purpose": "Vi vårdar bygdens historia."}),
        ("Kooperativet Grenverket", kultur, centrum, "kooperativ", True, {"activities": "Lokalbokning och snickeri."}),
        ("Utkast i byn", kultur, tjallmo, "ideell", False, {"status": Status.DRAFT}),
        ("Hemlig förening", idrott, centrum, "ideell", False, {"is_public": False}),
        ("Avslagen förening", idrott, centrum, "ideell", False, {"status": Status.REJECTED}),
    ]:  # fmt: skip
        association = factories.AssociationFactory(
            name=name, district=district, legal_form=form, is_work_integrating=wise, **extra
        )
        association.categories.add(category)
        services.update_search_vector(association)
        made[name] = association
    return made


def test_only_approved_and_public_associations_are_listed(client, town):
    response = client.get(DIRECTORY)
    assert _names(response) == [
        "Kooperativet Grenverket",
        "Speedwayklubben Piraterna",
        "Tjällmo Hembygdsförening",
    ]
    assert "3 föreningar" in response.content.decode()


def test_filters_combine(client, town):
    assert _names(client.get(DIRECTORY, {"category": "kultur", "district": "motala-centrum"})) == [
        "Kooperativet Grenverket"
    ]
    assert _names(client.get(DIRECTORY, {"legal_form": "kooperativ"})) == [
        "Kooperativet Grenverket"
    ]
    assert _names(client.get(DIRECTORY, {"work_integrating": "on"})) == ["Kooperativet Grenverket"]
    assert _names(client.get(DIRECTORY, {"category": "idrott", "district": "tjallmo"})) == []


@pytest.fixture
def shared(town):
    """Open assignments and shared resources, and the near misses that must not count."""
    piraterna = town["Speedwayklubben Piraterna"]
    tjallmo = town["Tjällmo Hembygdsförening"]
    grenverket = town["Kooperativet Grenverket"]
    yesterday = timezone.localdate() - timedelta(days=1)
    AssignmentFactory(association=piraterna, apply_by=timezone.localdate())
    AssignmentFactory(association=tjallmo, apply_by=yesterday)
    AssignmentFactory(association=grenverket, status=Assignment.Status.DRAFT)
    AssignmentFactory(association=grenverket, needs_approval=True)
    AssignmentFactory(association=town["Hemlig förening"])
    ResourceFactory(owner=grenverket, bookable_by=Resource.BookableBy.ALL)
    only_itself = ResourceFactory(owner=piraterna, bookable_by=Resource.BookableBy.LISTED)
    only_itself.allowed_associations.add(piraterna)
    ResourceFactory(owner=piraterna, is_active=False)
    ResourceFactory(owner=None)
    listed = ResourceFactory(owner=tjallmo, bookable_by=Resource.BookableBy.LISTED)
    listed.allowed_associations.add(grenverket)
    return town


def test_filter_open_volunteer_assignments(client, shared):
    assert _names(client.get(DIRECTORY, {"has_assignments": "on"})) == ["Speedwayklubben Piraterna"]


def test_filter_resources_to_share(client, shared):
    assert _names(client.get(DIRECTORY, {"has_resources": "on"})) == [
        "Kooperativet Grenverket",
        "Tjällmo Hembygdsförening",
    ]


def test_directory_marks_associations_looking_for_volunteers_or_sharing(client, shared):
    rows = {a.name: a for a in client.get(DIRECTORY).context["page"].object_list}
    assert rows["Speedwayklubben Piraterna"].has_open_assignments
    assert not rows["Speedwayklubben Piraterna"].shares_resources
    assert rows["Kooperativet Grenverket"].shares_resources
    assert not rows["Kooperativet Grenverket"].has_open_assignments
    html = client.get(DIRECTORY).content.decode()
    assert html.count("Söker volontärer") == 1 and html.count("Delar resurser") == 2


def test_open_data_follows_the_new_filters(client, shared):
    data = json.loads(
        client.get(reverse("associations:directory_json"), {"has_resources": "on"}).content
    )
    assert [a["name"] for a in data["associations"]] == [
        "Kooperativet Grenverket",
        "Tjällmo Hembygdsförening",
    ]


def test_new_filters_combine_with_the_others(client, shared):
    tjallmo = shared["Tjällmo Hembygdsförening"]
    AssignmentFactory(association=tjallmo)
    both = {"has_assignments": "on", "has_resources": "on"}
    assert _names(client.get(DIRECTORY, both)) == ["Tjällmo Hembygdsförening"]
    assert _names(client.get(DIRECTORY, {**both, "district": "motala-centrum"})) == []
    assert _names(client.get(DIRECTORY, {"has_resources": "on", "work_integrating": "on"})) == [
        "Kooperativet Grenverket"
    ]
    assert _names(client.get(DIRECTORY, {"has_assignments": "on", "q": "historia"})) == [
        "Tjällmo Hembygdsförening"
    ]
    html = client.get(DIRECTORY).content.decode()
    assert 'name="has_assignments"' in html and 'name="has_resources"' in html


def test_search_finds_words_and_parts_of_compound_words(client, town):
    assert _names(client.get(DIRECTORY, {"q": "piraterna"})) == ["Speedwayklubben Piraterna"]
    assert _names(client.get(DIRECTORY, {"q": "bokning"})) == ["Kooperativet Grenverket"]
    assert _names(client.get(DIRECTORY, {"q": "utkast"})) == []


def test_sort_and_pagination(client, town):
    assert _names(client.get(DIRECTORY, {"sort": "-name"}))[0] == "Tjällmo Hembygdsförening"
    factories.AssociationFactory.create_batch(25)
    response = client.get(DIRECTORY, {"page": 2})
    assert len(response.context["page"].object_list) == 8
    assert response.context["page"].paginator.count == 28


def test_a_bad_filter_value_does_not_break_the_page(client, town):
    response = client.get(DIRECTORY, {"category": "finns-inte", "page": "x", "sort": "hack"})
    assert response.status_code == 200


def test_directory_query_count_is_constant_for_10_and_1000(client):
    category = factories.CategoryFactory()
    district = factories.DistrictFactory()

    def make(count, offset):
        batch = Association.objects.bulk_create(
            Association(
                name=f"Förening {offset + i:04d}",
                slug=f"forening-bulk-{offset + i}",
                org_number=factories.luhn_org_number(500_000 + offset + i),
                status=Status.APPROVED,
                district=district,
            )
            for i in range(count)
        )
        Association.categories.through.objects.bulk_create(
            Association.categories.through(association_id=a.pk, category_id=category.pk)
            for a in batch
        )

    make(10, 0)
    assert_constant_queries(client, DIRECTORY, lambda: make(990, 10))
    assert_constant_queries(
        client, DIRECTORY + "?q=F%C3%B6rening&category=" + category.slug, lambda: make(5, 2000)
    )
    assert Association.objects.count() == 1005

    def make_sharing(count, offset):
        make(count, offset)
        batch = Association.objects.filter(slug__startswith="forening-bulk-").order_by("-pk")[
            :count
        ]
        for association in batch:
            AssignmentFactory(association=association)
            ResourceFactory(owner=association)

    make_sharing(3, 3000)
    url = DIRECTORY + "?has_assignments=on&has_resources=on&category=" + category.slug
    assert_constant_queries(client, url, lambda: make_sharing(40, 4000))
    assert len(client.get(url).context["page"].object_list) == 20


def test_profile_shows_public_facts(client, town):
    association = town["Kooperativet Grenverket"]
    response = client.get(association.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lokalbokning och snickeri." in html and association.org_number in html


def test_open_data_csv_and_json_have_public_fields_of_listed_associations(client, town):
    response = client.get(reverse("associations:directory_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["name"] for r in rows] == [
        "Kooperativet Grenverket", "Speedwayklubben Piraterna", "Tjällmo Hembygdsförening"
    ]  # fmt: skip
    assert rows[0]["categories"] == "Kultur" and rows[0]["is_work_integrating"] == "ja"
    assert "rejection_reason" not in rows[0] and "grant_eligible" not in rows[0]
    data = json.loads(
        client.get(reverse("associations:directory_json"), {"district": "tjallmo"}).content
    )
    assert [a["name"] for a in data["associations"]] == ["Tjällmo Hembygdsförening"]


def test_csv_cells_cannot_be_formulas(client):
    factories.AssociationFactory(name='=HYPERLINK("http://evil")')
    body = b"".join(client.get(reverse("associations:directory_csv")).streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_sitemap_lists_public_associations(client, town):
    body = client.get("/sitemap.xml").content.decode()
    assert town["Kooperativet Grenverket"].get_absolute_url() in body
    assert town["Utkast i byn"].get_absolute_url() not in body


def test_postgres_search_uses_swedish_stemming_and_compound_parts(client, town):
    require_postgres()
    # "föreningar" stems to the same lexeme as "förening"; "historien" to "historia".
    assert _names(client.get(DIRECTORY, {"q": "historien"})) == ["Tjällmo Hembygdsförening"]
    assert _names(client.get(DIRECTORY, {"q": "hembygdsföreningar"})) == [
        "Tjällmo Hembygdsförening"
    ]
    assert _names(client.get(DIRECTORY, {"q": "bokning"})) == ["Kooperativet Grenverket"]


def _fake_section(association, request):
    return {
        "title": "Lediga uppdrag",
        "template": "associations/email/invitation_subject.txt",
        "context": {},
    }


def test_other_apps_add_sections_to_the_profile(client, town, monkeypatch):
    from associations import profile_hooks

    monkeypatch.setattr(
        profile_hooks, "SECTIONS", ["tests.associations.test_directory._fake_section"]
    )
    association = town["Kooperativet Grenverket"]
    html = client.get(association.get_absolute_url()).content.decode()
    assert '<h2 id="section-1">Lediga uppdrag</h2>' in html


def test_profile_shows_open_assignments_and_shared_resources_with_links(client, shared):
    piraterna = shared["Speedwayklubben Piraterna"]
    grenverket = shared["Kooperativet Grenverket"]
    tjallmo = shared["Tjällmo Hembygdsförening"]
    html = client.get(piraterna.get_absolute_url()).content.decode()
    assignment = Assignment.objects.open().get(association=piraterna)
    assert "Öppna volontäruppdrag" in html
    assert f'<a href="{assignment.get_absolute_url()}">{assignment.title}</a>' in html
    assert "Resurser att dela" not in html  # only inactive or self-only resources

    html = client.get(grenverket.get_absolute_url()).content.decode()
    resource = Resource.objects.get(owner=grenverket)
    assert "Resurser att dela" in html
    assert f'<a href="{resource.get_absolute_url()}">{resource.name}</a>' in html
    assert "Öppna volontäruppdrag" not in html  # draft and waiting-for-approval only

    html = client.get(tjallmo.get_absolute_url()).content.decode()
    assert "Öppna volontäruppdrag" not in html  # expired
    assert Resource.objects.get(owner=tjallmo).name in html


def test_profile_query_count_is_constant_with_more_assignments_and_resources(client, shared):
    piraterna = shared["Speedwayklubben Piraterna"]
    ResourceFactory(owner=piraterna)

    def grow():
        for _ in range(15):
            AssignmentFactory(association=piraterna)
            ResourceFactory(owner=piraterna)

    assert_constant_queries(client, piraterna.get_absolute_url(), grow)
    html = client.get(piraterna.get_absolute_url()).content.decode()
    assert html.count("/uppdrag/") >= 10 and 'href="/uppdrag/"' in html
