"""A small, real-coded slice of the reference data for the site-wide page tests.

Real official codes, so the shapes in municipalities/maps/paths.json match: Skåne län with
Malmö, Lund and Ystad, Stockholms län with Stockholm, and Region Hovedstaden with København.
"""

from dataclasses import dataclass

from municipalities.models import Municipality, Region
from tests.factories import make_country, make_municipality, make_programme, make_region, make_theme


@dataclass
class Site:
    skane: Region
    stockholms_lan: Region
    hovedstaden: Region
    malmo: Municipality
    lund: Municipality
    ystad: Municipality
    stockholm: Municipality
    kobenhavn: Municipality


def make_site() -> Site:
    se, dk = make_country("SE"), make_country("DK")
    skane = make_region(
        se, code="12", name="Skåne län", slug="skane-lan", authority_name="Region Skåne"
    )
    stockholms_lan = make_region(
        se,
        code="01",
        name="Stockholms län",
        slug="stockholms-lan",
        authority_name="Region Stockholm",
    )
    hovedstaden = make_region(
        dk,
        code="1084",
        name="Region Hovedstaden",
        slug="region-hovedstaden",
        authority_name="Region Hovedstaden",
    )
    return Site(
        skane=skane,
        stockholms_lan=stockholms_lan,
        hovedstaden=hovedstaden,
        malmo=make_municipality(skane, code="1280", name="Malmö", slug="malmo"),
        lund=make_municipality(skane, code="1281", name="Lund", slug="lund"),
        ystad=make_municipality(skane, code="1286", name="Ystad", slug="ystad"),
        stockholm=make_municipality(
            stockholms_lan, code="0180", name="Stockholm", slug="stockholm"
        ),
        kobenhavn=make_municipality(hovedstaden, code="101", name="København", slug="kobenhavn"),
    )


def make_catalogue(site: Site) -> dict:
    """Programmes across the site: three published in Skåne, one in København, one draft."""
    leadership = make_theme(
        slug="halsoframjande-ledarskap",
        name_sv="Hälsofrämjande ledarskap",
        name_en="Health-promoting leadership",
        name_da="Sundhedsfremmende ledelse",
    )
    children = make_theme(
        slug="barn-och-unga",
        name_sv="Barn och unga",
        name_en="Children and young people",
        name_da="Børn og unge",
    )
    make_theme(
        slug="unused-theme", name_sv="Oanvänt tema", name_en="Unused theme", name_da="Ubrugt tema"
    )
    return {
        "leadership": leadership,
        "children": children,
        "malmo_lund": make_programme(
            title="Friskare Skåne",
            slug="friskare-skane",
            municipalities=[site.malmo, site.lund],
            themes=[leadership],
        ),
        "malmo": make_programme(
            title="Malmö rör sig",
            slug="malmo-ror-sig",
            municipalities=[site.malmo],
            themes=[children],
        ),
        "ystad": make_programme(
            title="Ystads familjecentral",
            slug="ystads-familjecentral",
            municipalities=[site.ystad],
            themes=[children, leadership],
        ),
        "kobenhavn": make_programme(
            title="Sund by",
            slug="sund-by",
            language="da",
            municipalities=[site.kobenhavn],
            themes=[children],
        ),
        "draft": make_programme(
            title="Hemligt utkast",
            slug="hemligt-utkast",
            is_published=False,
            municipalities=[site.malmo, site.kobenhavn],
            themes=[leadership],
        ),
    }
