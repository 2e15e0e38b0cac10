"""The catalogue holds what the five source documents say, checked from a reading of each text.

The whole catalogue is loaded once for this module (load_catalogue) and rolled back at the end.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from programmes.models import Contact, Organisation, Programme, Source, TargetGroup, Theme
from tests.test_load_catalogue import MODELS, row_counts, run

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "sources"
HPG, SKR, RUS, ALE, CFP = (
    "000_7b0165687ef5b9a3.txt",
    "001_5cd2c52c866e3c98.txt",
    "002_998ae05fccc36a56.txt",
    "003_8ab4d0fde0757174.txt",
    "004_8f4f0f8f5781a9ad.txt",
)


@pytest.fixture(scope="module", autouse=True)
def first_load(django_db_setup, django_db_blocker):
    """The report of loading the catalogue into the empty test database."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def programme(slug) -> Programme:
    return Programme.objects.get(slug=slug)


def municipalities(p) -> set[str]:
    return set(p.municipalities.values_list("name", flat=True))


def partners(p) -> set[tuple[str, str]]:
    return set(p.participations.values_list("organisation__name", "role"))


def contacts(p) -> set[tuple[str, str | None]]:
    return set(p.contacts.values_list("name", "organisation__name"))


def programmes_citing(file_name):
    return Programme.objects.filter(citations__source__file_name=file_name)


# ---------------------------------------------------------------- all documents


def test_first_load_creates_every_row_and_a_second_load_changes_nothing(first_load):
    counts = row_counts()
    assert counts["Municipality"] == 388
    assert len(first_load) == len(MODELS)
    assert sum(r["created"] for r in first_load.values()) == sum(counts.values())
    stamps = sorted(Programme.objects.values_list("slug", "updated_at", "version"))

    second = run()

    assert {(r["created"], r["updated"]) for r in second.values()} == {(0, 0)}
    assert sum(r["unchanged"] for r in second.values()) == sum(counts.values())
    assert row_counts() == counts
    assert sorted(Programme.objects.values_list("slug", "updated_at", "version")) == stamps


def test_one_source_per_document_with_its_file_in_the_project():
    assert sorted(Source.objects.values_list("file_name", flat=True)) == [HPG, SKR, RUS, ALE, CFP]
    for name in (HPG, SKR, RUS, ALE, CFP):
        assert (SOURCES / name).is_file()
    readme = (SOURCES / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in (HPG, SKR, RUS, ALE, CFP))


def test_sources_carry_the_dates_and_languages_the_texts_give():
    skr = Source.objects.get(file_name=SKR)
    assert skr.published_on == datetime.date(2021, 3, 11)
    ale = Source.objects.get(file_name=ALE)
    assert (ale.publisher, ale.published_year, ale.published_on) == (
        "Socialmedicinsk tidskrift",
        2014,
        None,
    )
    assert Source.objects.get(file_name=CFP).language == "da"
    # No document gives a web address.
    assert set(Source.objects.values_list("url", flat=True)) == {""}


def test_every_published_programme_rests_on_a_verbatim_quote_with_theme_and_target_group():
    texts = {
        path.name: collapse(path.read_text(encoding="utf-8")) for path in SOURCES.glob("*.txt")
    }
    published = Programme.objects.published().prefetch_related("citations__source")
    assert published.count() == Programme.objects.count() >= 40
    for p in published:
        citations = list(p.citations.all())
        assert citations, p.slug
        for citation in citations:
            assert citation.quote.strip(), p.slug
            assert collapse(citation.quote) in texts[citation.source.file_name], p.slug
        assert p.themes.exists(), p.slug
        assert p.target_groups.exists(), p.slug
        assert p.last_verified == datetime.date(2026, 11, 29), p.slug
        assert p.summary, p.slug


def test_programme_language_follows_its_source():
    for p in Programme.objects.prefetch_related("citations__source"):
        assert {c.source.language for c in p.citations.all()} == {p.language}, p.slug


def test_every_organisation_takes_part_in_a_programme_or_employs_a_contact():
    idle = Organisation.objects.filter(participations__isnull=True, contacts__isnull=True)
    assert list(idle.values_list("name", flat=True)) == []


def test_every_contact_passes_validation_and_can_be_reached_or_named():
    for contact in Contact.objects.all():
        contact.full_clean()
        assert contact.programmes.exists(), contact.slug


def test_themes_are_one_vocabulary_in_three_languages():
    required = {
        "health-promoting-leadership",
        "salutogenic-workplaces",
        "establishment-of-newly-arrived",
        "social-investment",
        "children-and-young-peoples-mental-health",
        "sustainable-development",
        "physical-activity",
        "food",
        "parenting",
        "stress",
        "nature",
        "culture",
        "cross-sector-prevention",
    }
    assert required <= set(Theme.objects.values_list("slug", flat=True))
    for vocabulary in (Theme, TargetGroup):
        for term in vocabulary.objects.all():
            assert term.name_sv and term.name_en and term.name_da, term.slug
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", term.slug), term.slug


def test_titles_and_names_keep_the_sources_spelling():
    assert Organisation.objects.filter(name="Enskede – Årsta- Vantör").exists()
    assert Organisation.objects.filter(name="Center for Forebyggelse i praksis").exists()
    assert Contact.objects.filter(
        name="Johan Halberg", email="johan.hallberg@ltdalarna.se"
    ).exists()
    assert Contact.objects.filter(name="Mikael Falk", email="mikaeel.falk@ale.se").exists()
    assert (
        "Gruppaktiveter med hälsofokus"
        in programme("halsoframmande-etablering-eskilstuna").description
    )


# ---------------------------------------------------------------- 000 Hälsopromotiongruppen

# (client organisation, municipality named in the list or None, words of the programme's title)
HPG_LIST = [
    ("Gällivare kommun", "Gällivare", "Hälsofrämjande ledarskap"),
    ("Scenkonst Västernorrland", None, "Salutogent Ledarskap och Medarbetarskap"),
    ("Strömsunds kommun", "Strömsund", "Chefsprogram. Goda hälsofrämjande arbetsplatser"),
    ("Gävle kommun", "Gävle", "Hälsofrämjande ledarskap"),
    ("Enskede – Årsta- Vantör", None, "Salutogent ledarskap för chefer inom LSS"),
    ("Södertälje kommun", "Södertälje", "Salutogent Förhållningssätt"),
    ("Folktandvården Strängnäs", "Strängnäs", "Salutogent Medarbetarskap"),
    ("Skövde kommun", "Skövde", "Salutogent/Hälsofrämjande Medarbetarskap"),
    ("Åmåls kommun", "Åmål", "PluggInnan"),
    (
        "Sölvesborgs kommun",
        "Sölvesborg",
        "Salutogent/Hälsofrämjande Ledarskap och Förändringsarbete",
    ),
    ("Karlskrona kommun", "Karlskrona", "Salutogen Värdegrund"),
    ("Halmstads kommun", "Halmstad", "Hälsofrämjande Förhållningssätt"),
]


@pytest.mark.parametrize(("client", "municipality", "title"), HPG_LIST)
def test_hpg_each_listed_client_has_its_programme_provided_by_the_firm(client, municipality, title):
    p = programmes_citing(HPG).get(participations__organisation__name=client)
    assert title in p.title
    assert {("Hälsopromotiongruppen", "provider"), (client, "client")} <= partners(p)
    assert municipalities(p) == ({municipality} if municipality else set())
    assert p.status == "unknown" and p.start_year is None and p.end_year is None
    assert p.contacts.filter(email="info@halsopromotiongruppen.se").exists()


def test_hpg_the_firm_is_a_company_with_one_generic_contact_point():
    firm = Organisation.objects.get(name="Hälsopromotiongruppen")
    assert firm.kind == Organisation.Kind.COMPANY
    point = Contact.objects.get(organisation=firm)
    assert (point.name, point.phone, point.email) == (
        "",
        "0322-63 70 00",
        "info@halsopromotiongruppen.se",
    )


def test_hpg_karlskrona_entry_names_both_karlskrona_kommun_and_passal_ab():
    p = programmes_citing(HPG).get(title__contains="Salutogen Värdegrund")
    assert {("Karlskrona kommun", "client"), ("Passal AB", "client")} <= partners(p)
    assert Organisation.objects.get(name="Passal AB").kind == Organisation.Kind.COMPANY


def test_hpg_leadership_themes_and_target_groups():
    gallivare = programmes_citing(HPG).get(participations__organisation__name="Gällivare kommun")
    assert set(gallivare.themes.values_list("slug", flat=True)) == {"health-promoting-leadership"}
    assert set(gallivare.target_groups.values_list("slug", flat=True)) == {"managers"}
    skovde = programmes_citing(HPG).get(participations__organisation__name="Skövde kommun")
    assert set(skovde.target_groups.values_list("slug", flat=True)) == {"employees"}


def test_hpg_esf_programme_area_is_funded_by_the_esf():
    p = programmes_citing(HPG).get(title__contains="Kompetensutveckling för ett hållbart arbetsliv")
    assert partners(p) == {("Europeiska Socialfonden (ESF)", "funder")}
    assert Organisation.objects.get(name="Europeiska Socialfonden (ESF)").kind == "eu_fund"
    assert programmes_citing(HPG).count() == 13


def test_hpg_district_is_not_linked_to_a_municipality_the_text_does_not_name():
    district = Organisation.objects.get(name="Enskede – Årsta- Vantör")
    assert district.kind == Organisation.Kind.MUNICIPAL_BODY
    assert district.municipality is None


# ---------------------------------------------------------------- 001 SKR


def test_skr_national_project_is_coordinated_by_skr_with_the_agencies():
    parent = programme("halsoframmande-etablering")
    assert parent.title == "Hälsofrämjande etablering"
    assert parent.parent is None
    assert partners(parent) == {
        ("SKR", "coordinator"),
        ("Arbetsförmedlingen", "partner"),
        ("Försäkringskassan", "partner"),
    }
    assert "november 2020" in parent.description
    assert set(parent.target_groups.values_list("slug", flat=True)) == {"newly-arrived"}
    assert parent.themes.filter(slug="establishment-of-newly-arrived").exists()


# (place in the title, municipalities, partners, contacts with organisation)
SKR_SUBPROJECTS = [
    (
        "Umeå",
        {"Umeå"},
        {"Samordningsförbundet i Umeåregionen", "Umeå kommun"},
        {
            ("Johanna Nordström", "Samordningsförbundet i Umeåregionen"),
            ("Åsa Heikka", "Umeå kommun"),
            ("Magdalena Lindmark", "Umeå kommun"),
        },
    ),
    ("Gävle", {"Gävle"}, {"Arbetsförmedlingen"}, {("Louise Askebro", "Arbetsförmedlingen")}),
    (
        "Nacka-Värmdö",
        {"Nacka", "Värmdö"},
        {"Samordningsförbundet VärNa", "Arbetsförmedlingen"},
        {("Ulrika Arvas", "Samordningsförbundet VärNa"), ("Martin Carlsson", "Arbetsförmedlingen")},
    ),
    (
        "Eskilstuna",
        {"Eskilstuna"},
        {"Samordningsförbundet RAR Sörmland"},
        # The text does not say which organisation Lena Hallberg is from.
        {("Lena Hallberg", None), ("Helena Rennemark", "Samordningsförbundet RAR Sörmland")},
    ),
    ("Växjö", {"Växjö"}, {"Växjö kommun"}, {("Alemka Zuko", "Växjö kommun")}),
    ("Malmö", {"Malmö"}, {"Malmö Stad"}, {("Pernilla Svensson", "Malmö Stad")}),
]


@pytest.mark.parametrize(("place", "places", "organisations", "people"), SKR_SUBPROJECTS)
def test_skr_each_local_subproject_with_its_places_partners_and_contacts(
    place, places, organisations, people
):
    p = programme("halsoframmande-etablering").subprojects.get(title__endswith=place)
    assert municipalities(p) == places
    assert partners(p) == {(name, "partner") for name in organisations}
    assert contacts(p) == people
    assert p.citations.get().source.file_name == SKR


def test_skr_has_exactly_six_subprojects():
    assert programme("halsoframmande-etablering").subprojects.count() == 6
    assert programmes_citing(SKR).count() == 7


def test_skr_coordination_associations_and_agencies_have_the_right_kinds():
    kinds = dict(
        Organisation.objects.filter(
            name__in=["Samordningsförbundet VärNa", "Arbetsförmedlingen", "Malmö Stad"]
        ).values_list("name", "kind")
    )
    assert kinds == {
        "Samordningsförbundet VärNa": "coordination_association",
        "Arbetsförmedlingen": "government_agency",
        "Malmö Stad": "municipality",
    }
    assert Organisation.objects.get(name="Malmö Stad").municipality.code == "1280"


# ---------------------------------------------------------------- 002 RUS


def test_rus_material_with_its_years_and_seven_themes():
    p = programmes_citing(RUS).get(kind="material")
    assert p.title.startswith("Ställ om för framgång")
    assert (p.start_year, p.end_year, p.status) == (2014, 2017, "completed")
    assert partners(p) == {("RUS", "lead")}
    seven = {
        "physical-activity",
        "food",
        "parenting",
        "human-encounters",
        "stress",
        "nature",
        "culture",
    }
    assert seven | {"sustainable-development"} == set(p.themes.values_list("slug", flat=True))
    assert p.municipalities.count() == 0


def test_rus_spreading_project_with_seminars():
    p = programmes_citing(RUS).get(kind="project")
    assert "seminarier" in p.title
    assert partners(p) == {("RUS", "lead")}
    assert programmes_citing(RUS).count() == 2


def test_rus_contact_keeps_the_texts_spelling_of_name_and_address():
    johan = Contact.objects.get(slug="johan-halberg")
    assert (johan.name, johan.email, johan.phone, johan.organisation.name) == (
        "Johan Halberg",
        "johan.hallberg@ltdalarna.se",
        "076- 770 76 50",
        "Landstinget Dalarna",
    )
    assert set(johan.programmes.values_list("kind", flat=True)) == {"material", "project"}


# ---------------------------------------------------------------- 003 Ale


def test_ale_fund_with_its_authors_and_contact():
    p = programme("sociala-investeringar-i-ale-kommun")
    assert (p.kind, p.start_year, p.evidence) == ("social_investment", 2012, "document")
    assert partners(p) == {("Ale kommun", "lead")}
    roles = dict(p.contacts.values_list("name", "role"))
    assert roles["Björn Järbur"] == "Kommunchef"
    assert roles["Mikael Berglund"] == "Kommunalråd (M)"
    assert roles["Paula Örn"] == "Kommunalråd (S)"
    assert "processledare för sociala investeringar" in roles["Birgitta Augustsson"]
    assert "omsorgs- och arbetsmarknadsnämnden" in roles["Boel Holgersson"]
    assert p.contacts.get(name="Mikael Falk").phone == "0303 33 07 82"


def test_ale_fotosyntes_partners_and_evaluators():
    p = programme("fotosyntes")
    assert p.status == "ongoing"
    assert municipalities(p) == {"Ale"}
    assert partners(p) == {
        ("Ale kommun", "lead"),
        ("Folkhälsokommittén i Västra Götalandsregionen", "partner"),
        ("FoU i Väst/GR", "evaluator"),
        ("SKL", "evaluator"),
    }
    assert p.target_groups.filter(slug="children").exists()


def test_ale_star_for_life_in_three_municipalities():
    p = programme("star-for-life")
    assert municipalities(p) == {"Ale", "Partille", "Söderköping"}
    assert partners(p) == {
        ("Star for Life Sverige", "lead"),
        ("Skandia/Idéer för livet", "partner"),
        ("Ale kommun", "partner"),
        ("Partille kommun", "partner"),
        ("Söderköpings kommun", "partner"),
    }
    assert p.target_groups.filter(slug="pupils").exists()


def test_ale_minimili_is_starting_up():
    p = programme("minimili")
    assert p.status == "planned"
    assert p.themes.filter(slug="alcohol-and-drug-prevention").exists()


def test_ale_simba_needs_analysis_from_august_2014_in_four_municipalities():
    p = programmes_citing(ALE).get(title__contains="behovsanalys")
    assert municipalities(p) == {"Ale", "Stenungsund", "Kungälv", "Tjörn"}
    assert p.start_year == 2014
    assert ("Simba", "coordinator") in partners(p)
    assert ("Västra Götalandsregionen", "partner") in partners(p)


def test_ale_psynk_network_and_pilot_training():
    psynk = programme("psynk")
    assert psynk.start_year == 2011
    assert {("SKL", "lead"), ("Socialdepartementet", "partner")} <= partners(psynk)
    network = programmes_citing(ALE).get(kind="network")
    assert network.start_year == 2013
    assert partners(network) == {("SKL", "partner"), ("Skandia/Idéer för livet", "partner")}
    training = programmes_citing(ALE).get(kind="course")
    assert set(training.target_groups.values_list("slug", flat=True)) == {"municipal-leadership"}


def test_ale_research_studies_with_their_universities_and_municipalities():
    careers = programme("barnavardskarriarer")
    assert municipalities(careers) == {"Umeå", "Ale", "Norrköping"}
    assert ("Umeå Universitet", "researcher") in partners(careers)
    comparison = programmes_citing(ALE).get(title__startswith="Tidiga insatser och sociala")
    assert municipalities(comparison) == {"Umeå", "Norrköping", "Ale", "Nynäshamn"}
    assert partners(comparison) == {("Göteborgs universitet", "researcher")}


TITLE_ONLY = {
    ("Gullspångs kommuns socioekonomiska fond", "Gullspång"),
    ("Tomelilla kommuns sociala investeringsfond", "Tomelilla"),
    ("Simrishamns kommuns sociala investeringsfond", "Simrishamn"),
    ("Norrköpings kommuns sociala investeringsfond", "Norrköping"),
    ("Sociala investeringar i Vingåkers kommun", "Vingåker"),
    ("Folkhälsoplan 2013 – Folkhälsorådet Vara", "Vara"),
    ("Folkhälsoplan 2014 – Grästorp", "Grästorp"),
    ("Modellområde Vänersborg", "Vänersborg"),
    (
        "Överenskommelse om samverkan kring barn i behov av särskilt stöd – Danderyds kommun "
        "och Stockholms läns landsting",
        "Danderyd",
    ),
}


def test_ale_related_titles_are_marked_as_resting_on_a_title_alone():
    weak = Programme.objects.filter(evidence="title_only")
    assert set(weak.values_list("title", "municipalities__name")) == TITLE_ONLY
    text = (SOURCES / ALE).read_text(encoding="utf-8")
    titles = {line.strip() for line in text.splitlines()}
    for p in weak:
        assert p.citations.get().quote in titles, p.slug
    # Everything the article itself describes is document evidence.
    assert programmes_citing(ALE).filter(evidence="document").count() == 11


# ---------------------------------------------------------------- 004 CFP


def test_cfp_course_for_new_health_consultants():
    p = programmes_citing(CFP).get()
    assert (p.title, p.kind, p.language, p.status) == (
        "Sundhed på tværs",
        "course",
        "da",
        "completed",
    )
    assert partners(p) == {("Center for Forebyggelse i praksis", "host")}
    assert Organisation.objects.get(name="Center for Forebyggelse i praksis").country.code == "DK"
    group = p.target_groups.get()
    assert group.name_da == "Sundhedskonsulenter og koordinatorer"
    assert p.municipalities.count() == 0
    assert "kursus" in p.summary
