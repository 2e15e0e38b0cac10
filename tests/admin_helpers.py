"""People and places for the admin tests: Ale and Gävle, editors with and without a scope."""

from django.apps import apps
from django.contrib.auth.models import Group, User

from programmes.models import EditorScope
from programmes.roles import ADMINISTRATORS, EDITORS, ensure_roles
from tests.factories import make_country, make_municipality, make_region

PASSWORD = "ett-långt-lösenord-för-test"


def make_places():
    """Ale in Västra Götaland and Gävle in Gävleborg, as in the official lists."""
    sweden = make_country("SE")
    vastra_gotaland = make_region(
        sweden, code="14", name="Västra Götalands län", slug="vastra-gotaland"
    )
    gavleborg = make_region(sweden, code="21", name="Gävleborgs län", slug="gavleborg")
    ale = make_municipality(vastra_gotaland, code="1440", name="Ale", slug="ale")
    gavle = make_municipality(gavleborg, code="2180", name="Gävle", slug="gavle")
    return ale, gavle


def make_staff(username, *, role=EDITORS, municipalities=None, superuser=False):
    """A staff user in ``role``; ``municipalities`` limits an editor to those."""
    ensure_roles(apps)
    user = User.objects.create_user(
        username, password=PASSWORD, is_staff=True, is_superuser=superuser,
        first_name=username.capitalize(),
    )
    if not superuser:
        user.groups.add(Group.objects.get(name=role))
    if municipalities is not None:
        scope = EditorScope.objects.create(user=user)
        scope.municipalities.set(municipalities)
    return user


__all__ = ["ADMINISTRATORS", "EDITORS", "PASSWORD", "make_places", "make_staff"]
