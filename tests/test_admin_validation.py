"""Clear messages for malformed phone numbers, e-mail and web addresses, and years."""

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Contact, Organisation, Programme, Source
from programmes.validators import validate_phone, validate_web_url
from tests.admin_helpers import make_staff
from tests.factories import make_contact, make_organisation, make_region, make_source

# As written in the source documents.
REAL_NUMBERS = [
    "0322-63 70 00",
    "076- 770 76 50",
    "0303 33 07 82",
    "016-710 73 03",
    "+45 33 12 34 56",
    "08-508 000 00",
    "+46 (0)8 123 456",
    "0771117070",
]
GARBAGE = [
    "ring växeln",
    "0322-63 70 00 (vx)",
    "0322–63 70 00",  # an en dash
    "12 34",
    "0322--637000",
    "+45 33 12 34 56 78 90 12 34",
    "0322/63 70 00",
    "-0322 63",
    "+",
    "0322  63 70 00",
]


@pytest.mark.parametrize("number", REAL_NUMBERS)
def test_phone_numbers_from_the_sources_are_accepted(number):
    validate_phone(number)


@pytest.mark.parametrize("number", GARBAGE)
def test_letters_and_garbage_are_not_phone_numbers(number):
    with pytest.raises(ValidationError, match="0322-63 70 00"):
        validate_phone(number)


@pytest.mark.parametrize("url", ["https://www.ale.se/", "http://example.dk/sundhed?x=1"])
def test_web_addresses_may_be_http_or_https(url):
    validate_web_url(url)


@pytest.mark.parametrize("url", ["ftp://example.se/fil", "javascript:alert(1)", "www ale se"])
def test_other_web_addresses_are_refused(url):
    with pytest.raises(ValidationError):
        validate_web_url(url)


@pytest.mark.django_db
def test_model_clean_checks_phone_urls_and_years():
    with pytest.raises(ValidationError) as error:
        Contact(slug="x", name="X", phone="ring oss").full_clean()
    assert set(error.value.message_dict) == {"phone"}
    with pytest.raises(ValidationError) as error:
        Organisation(name="X", slug="x", kind="other", website="ftp://x.se").full_clean()
    assert set(error.value.message_dict) == {"website"}
    with pytest.raises(ValidationError) as error:
        Source(file_name="x", title="X", language="sv", url="ftp://x.se").full_clean()
    assert set(error.value.message_dict) == {"url"}
    with pytest.raises(ValidationError) as error:
        Programme(title="X", slug="x", start_year=2020, end_year=2018).full_clean()
    assert error.value.message_dict == {"end_year": ["Slutåret kan inte vara före startåret."]}


@pytest.fixture
def editor(client):
    user = make_staff("eva")
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "ring växeln"}, "Ange ett telefonnummer med siffror"),
        ({"email": "eva.ale.se"}, "Fyll i en giltig e-postadress."),
        ({"name": "", "email": "", "phone": ""}, "En kontakt behöver ett namn"),
    ],
)
def test_contact_form_explains_what_is_wrong(client, editor, data, message):
    contact = make_contact(name="Eva", phone="0303 33 07 82")
    form = {"slug": contact.slug, "name": "Eva", "role": "", "organisation": "",
            "email": "", "phone": "0303 33 07 82", **data}
    response = client.post(f"/admin/programmes/contact/{contact.pk}/change/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    contact.refresh_from_db()
    assert contact.phone == "0303 33 07 82" and contact.name == "Eva"


@pytest.mark.django_db
def test_contact_form_accepts_a_real_number(client, editor):
    contact = make_contact(name="Eva")
    form = {"slug": contact.slug, "name": "Eva", "role": "", "organisation": "",
            "email": "eva@ale.se", "phone": "076- 770 76 50"}
    response = client.post(f"/admin/programmes/contact/{contact.pk}/change/", form)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "076- 770 76 50"


@pytest.mark.django_db
def test_web_addresses_must_be_http_in_every_form(client):
    client.force_login(make_staff("root", superuser=True))
    organisation = make_organisation()
    source = make_source()
    region = make_region()
    municipality = region.municipalities.create(
        country=region.country, code="9999", name="Testkommun", slug="testkommun"
    )
    forms = [
        (f"/admin/programmes/organisation/{organisation.pk}/change/",
         {"name": organisation.name, "slug": organisation.slug, "kind": organisation.kind,
          "website": "ftp://example.se"}),
        (f"/admin/programmes/source/{source.pk}/change/",
         {"file_name": source.file_name, "title": source.title, "language": "sv",
          "url": "ftp://example.se"}),
        (f"/admin/municipalities/municipality/{municipality.pk}/change/",
         {"name": "Testkommun", "slug": "testkommun", "code": "9999",
          "country": region.country_id, "region": region.pk, "website": "ftp://example.se"}),
    ]
    for url, data in forms:
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert "Ange en webbadress som börjar med http:// eller https://." in (
            response.content.decode()
        )
