"""Bad input, part 2: names over their length, emoji and rare CJK characters, full-width digits in phone
numbers, malformed dates and SQL in every filter of every list: each gets a clear Chinese error or is stored
safely, never a 500."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadres.models import Person
from core.phones import PhoneField, normalize_phone
from organizations.models import Federation
from tests.cadres.factories import PersonFactory
from venues.models import Venue

RARE = "𠮷野𪚥妍👩‍👧‍👦"  # a supplementary-plane CJK character, another, an emoji sequence


# --- very long names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "payload", "field", "limit"),
    [
        ("/api/v1/organizations/federations/", {"code": "LONG", "level": "COMMUNITY"}, "name", 100),
        ("/api/v1/cadres/people/", {"gender": "F"}, "name", 50),
        ("/api/v1/venues/venues/", {"code": "V-LONG", "kind": "WOMENS_HOME"}, "name", 100),
    ],
)
def test_a_name_over_its_length_is_a_chinese_400_not_a_500(tree, users, api_client, url, payload, field, limit):
    payload = {**payload, field: "妇" * (limit + 1)}
    payload.setdefault("parent", tree.s1.pk) if "federations" in url else payload.setdefault("federation", tree.s1c1.pk)
    # when
    response = api_client(users.district).post(url, payload, format="json")
    # then
    assert response.status_code == 400
    assert str(limit) in response.json()[field][0] and "字符" in response.json()[field][0]


def test_an_overlong_title_on_the_chairs_form_and_in_the_admin_is_a_form_error(tree, users, client):
    client.force_login(users.district)
    response = client.post(
        reverse("admin:organizations_federation_add"),
        {"name": "妇" * 101, "code": "LONG", "level": "COMMUNITY", "parent": tree.s1.pk},
    )
    assert response.status_code == 200
    assert "100" in str(response.context["adminform"].form.errors["name"])
    assert not Federation.objects.filter(code="LONG").exists()


def test_an_overlong_search_or_filter_value_is_not_a_500(tree, users, client, api_client):
    client.force_login(users.district)
    long = "妇" * 5000
    assert client.get("/organizations/tree/search/", {"q": long}).status_code in (200, 400)
    response = api_client(users.district).get("/api/v1/cadres/people/", {"search": long})
    assert response.status_code == 400  # searches are capped (core/lookups.py): a Chinese 400
    assert "100" in str(response.json())


# --- emoji and rare CJK -------------------------------------------------------------------------------


def test_emoji_and_rare_cjk_are_stored_and_shown_intact(tree, users, api_client, client):
    api = api_client(users.district)
    # when
    created = api.post(
        "/api/v1/cadres/people/",
        {"federation": tree.s1c1.pk, "name": RARE, "occupation": f"{RARE}有限公司", "bio": RARE * 3},
        format="json",
    )
    # then
    assert created.status_code == 201, created.json()
    person = Person.objects.get(pk=created.json()["id"])
    assert (person.name, person.occupation, person.bio) == (RARE, f"{RARE}有限公司", RARE * 3)
    assert api.get(f"/api/v1/cadres/people/{person.pk}/").json()["name"] == RARE
    assert [row["name"] for row in api.get("/api/v1/cadres/people/", {"search": "𠮷"}).json()["results"]] == [RARE]
    client.force_login(users.district)
    assert RARE in client.get(reverse("admin:cadres_person_change", args=[person.pk])).content.decode()
    assert RARE in client.get(reverse("admin:cadres_person_changelist"), {"q": "𠮷"}).content.decode()


def test_rare_cjk_in_federation_and_venue_names_round_trip_through_tree_search(tree, users, client):
    Federation.objects.create(name=f"{RARE}社区妇联", code="RARE", level="COMMUNITY", parent=tree.s1)
    Venue.objects.create(federation=tree.s1c1, name=f"{RARE}之家", code="V-RARE", kind="WOMENS_HOME")
    client.force_login(users.district)
    found = client.get("/organizations/tree/search/", {"q": "𪚥"}).json()
    assert [row["name"] for row in found["results"]] == [f"{RARE}社区妇联"]
    assert f"{RARE}之家" in client.get("/venues/").content.decode()


# --- full-width digits in phone numbers ---------------------------------------------------------------

PHONE_FIELDS = sorted(
    (model._meta.label, field.name)
    for model in apps.get_models()
    for field in model._meta.concrete_fields
    if isinstance(field, PhoneField)
)


def test_every_phone_field_uses_the_one_normaliser():
    labelled = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if "电话" in str(field.verbose_name) or "手机" in str(field.verbose_name) or "phone" in field.name
    }
    assert labelled <= set(PHONE_FIELDS)
    assert len(labelled) >= 8


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("１３８００１３８０００", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("０２７－８７６５４３２１", "027-87654321"),
        ("027—87654321", "027-87654321"),
    ],
)
def test_full_width_digits_and_spaces_are_normalised(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("label", "name"), [p for p in PHONE_FIELDS if not p[0].split(".")[1].startswith("Historical")]
)
def test_each_phone_field_normalises_and_refuses_letters(label, name):
    field = apps.get_model(label)._meta.get_field(name)
    assert field.clean("１３８００１３８０００", None) == "13800138000"
    with pytest.raises(ValidationError) as error:
        field.clean("138abc<script>", None)
    assert "电话" in error.value.messages[0] or "手机号" in error.value.messages[0]


def test_full_width_phones_through_the_api_are_stored_normalised(tree, users, api_client):
    api = api_client(users.district)
    person = api.post(
        "/api/v1/cadres/people/",
        {"federation": tree.s1c1.pk, "name": "全角", "phone": "１３８ ００１３ ８０００"},
        format="json",
    )
    assert person.status_code == 201, person.json()
    assert Person.objects.get(pk=person.json()["id"]).phone == "13800138000"
    venue = api.post(
        "/api/v1/venues/venues/",
        {
            "federation": tree.s1c1.pk,
            "name": "全角之家",
            "code": "V-FW",
            "kind": "WOMENS_HOME",
            "phone": "（０２７）８７６５４３２１",
        },
        format="json",
    )
    assert venue.status_code == 201, venue.json()
    assert Venue.objects.get(code="V-FW").phone == "(027)87654321"
    patched = api.patch(
        f"/api/v1/organizations/federations/{tree.s1.pk}/", {"phone": "０２７－１２３４５６７８"}, format="json"
    )
    assert patched.status_code == 200
    assert Federation.objects.get(pk=tree.s1.pk).phone == "027-12345678"
    refused = api.patch(f"/api/v1/organizations/federations/{tree.s1.pk}/", {"phone": "请打电话"}, format="json")
    assert refused.status_code == 400 and "联系电话" in refused.json()["phone"][0]


def test_a_phone_lookup_with_full_width_digits_finds_the_number(tree):
    PersonFactory(federation=tree.s1c1, phone="13800138000")
    assert Person.objects.filter(phone="１３８００１３８０００").count() == 1


def test_bulk_inserts_store_phones_normalised(tree):
    Person.objects.bulk_create([Person(federation=tree.s1c1, name="批量", phone="１３９００１３９０００")])
    assert Person.objects.get(name="批量").phone == "13900139000"


# --- malformed dates and SQL in every filter of every list ---------------------------------------------

BAD_VALUES = [
    "2017-02-30",
    "2017-13-45",
    "not-a-date",
    "２０１７-０３-０１",
    "0000-00-00",
    "99999999999999999999",
    "-1",
    "𠮷",
    "../../etc/passwd",
    "%00",
]
SQL = ["1' OR '1'='1", "1; DROP TABLE cadres_person; --", "') UNION SELECT username, password FROM accounts_user --"]


def list_operations(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in path:
            continue
        yield path, [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]


def test_every_filter_of_every_list_answers_bad_dates_and_sql_without_a_500(tree, users, api_client):
    PersonFactory(federation=tree.s1c1, name="留存")
    client = api_client(users.city)
    checked = 0
    for path, params in list_operations(client):
        for index, name in enumerate(params):
            for value in (BAD_VALUES[index % len(BAD_VALUES)], SQL[index % len(SQL)]):
                response = client.get(path, {name: value})
                assert response.status_code in (200, 400, 404), (path, name, value, response.status_code)
                if response.status_code == 400:
                    assert response["Content-Type"].startswith("application/json")
                checked += 1
    assert checked > 200
    assert Person.objects.filter(name="留存").exists()


def test_date_filters_answer_400_in_chinese(tree, users, api_client):
    client = api_client(users.district)
    response = client.get("/api/v1/venues/upgrades/", {"upgraded_after": "2017-02-30"})
    assert response.status_code == 400
    assert "日期" in str(response.json())
    coverage = client.get("/api/v1/organizations/coverage/", {"as_of": "2017-13-01"})
    assert coverage.status_code == 400 and "YYYY-MM-DD" in str(coverage.json())


PAGES = [
    "/activities/",
    "/activities/month/",
    "/venues/",
    "/venues/clusters/",
    "/organizations/tree/",
    "/organizations/tree/children/",
    "/organizations/tree/search/",
    "/cadres/gaps/",
    "/cadres/rotation/",
    "/evaluations/surveys/",
    "/evaluations/dashboard/",
    "/evaluations/survey-results/",
]
PARAMS = [
    "federation",
    "month",
    "as_of",
    "start",
    "end",
    "day",
    "date",
    "page",
    "q",
    "kind",
    "year",
    "parent",
    "ancestor",
]


@pytest.mark.parametrize("value", [*BAD_VALUES, *SQL])
def test_pages_answer_bad_filter_values_without_a_500(tree, users, client, value):
    client.force_login(users.district)
    for page in PAGES:
        response = client.get(page, dict.fromkeys(PARAMS, value))
        assert response.status_code in (200, 400, 404), (page, value, response.status_code)


def test_an_id_too_large_for_the_database_is_a_400_not_a_500(tree, users, api_client, client):
    huge = "9" * 20
    response = api_client(users.district).get(f"/api/v1/cadres/people/{huge}/")
    assert response.status_code in (400, 404)
    client.force_login(users.district)
    assert client.get(f"/venues/{huge}/").status_code in (400, 404)
    assert client.get("/organizations/tree/children/", {"parent": huge}).status_code in (400, 404)
