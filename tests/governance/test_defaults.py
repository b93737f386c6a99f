import pytest

from equipage.governance.defaults import ACTIVITIES, REQUIRED_ROLES, Level, default_levels
from equipage.governance.matrix import default_matrix, validate_matrix
from equipage.registry.models import Governance
from equipage.teams.roles import Role

STANDARD_CODES = [
    "vision",
    "objectifs",
    "conception",
    "delivery",
    "conformite_legale",
    "conformite_referentiels",
    "rituels_comites",
    "suivi_budgetaire",
    "deploiement_support",
    "communication",
    "preparation_comites",
]


def test_the_eleven_standard_activities_keep_their_codes():
    assert [code for code, _label in ACTIVITIES] == STANDARD_CODES


def test_levels_are_the_five_of_the_model():
    assert Level.values == ["responsable", "co_responsable", "participe", "consulte", "informe"]
    assert Level.CONSULTED.label == "Consulté"


def test_every_configuration_names_its_required_roles():
    assert set(REQUIRED_ROLES) == set(Governance)
    assert REQUIRED_ROLES[Governance.SHARED] == [Role.POLICY_OWNER, Role.PRODUCT_OWNER]
    assert REQUIRED_ROLES[Governance.DNUM_OWNED] == [Role.PRODUCT_OWNER]


@pytest.mark.parametrize("governance", Governance.values)
def test_every_default_is_valid_when_the_required_roles_are_held(governance):
    matrix = default_matrix(governance)
    assert [row.code for row in matrix.activities] == STANDARD_CODES
    assert validate_matrix(matrix, {str(role) for role in REQUIRED_ROLES[governance]}) == []
    # …and it only gives levels to those roles.
    assert set(matrix.roles()) <= {str(role) for role in REQUIRED_ROLES[governance]}


@pytest.mark.parametrize("governance", Governance.values)
def test_every_required_role_has_a_part_in_the_default(governance):
    assert set(default_matrix(governance).roles()) == {str(role) for role in REQUIRED_ROLES[governance]}


def test_co_responsabilite_default_follows_the_ministry_table():
    levels = default_levels(Governance.SHARED)
    metier, produit = Role.POLICY_OWNER.value, Role.PRODUCT_OWNER.value
    expected = {
        "vision": ("responsable", "co_responsable"),
        "objectifs": ("responsable", "co_responsable"),
        "conception": ("participe", "responsable"),
        "delivery": ("participe", "responsable"),
        "conformite_legale": ("responsable", "participe"),
        "conformite_referentiels": ("participe", "responsable"),
        "rituels_comites": ("participe", "responsable"),
    }
    for code, (for_metier, for_produit) in expected.items():
        assert (levels[code][metier], levels[code][produit]) == (for_metier, for_produit), code


def test_policy_owner_is_pm_default_splits_leadership_and_consults_the_coach():
    levels = default_levels(Governance.POLICY_OWNER_IS_PM)
    metier, produit, coach = Role.POLICY_OWNER.value, Role.PRODUCT_OWNER.value, Role.PRODUCT_COACH.value
    for code in ("vision", "objectifs", "conformite_legale", "deploiement_support"):
        assert levels[code][metier] == "responsable", code
    for code in ("conception", "delivery", "conformite_referentiels", "rituels_comites"):
        assert levels[code][produit] == "responsable", code
    assert levels["objectifs"][coach] == levels["rituels_comites"][coach] == "consulte"


def test_dnum_pm_default_has_the_product_manager_lead_with_the_expert_involved():
    levels = default_levels(Governance.DNUM_PM)
    for code, _label in ACTIVITIES:
        assert levels[code][Role.PRODUCT_MANAGER.value] == "responsable"
        assert levels[code][Role.POLICY_EXPERT.value] in {"participe", "consulte", "informe"}
    assert levels["conformite_legale"][Role.POLICY_EXPERT.value] == "participe"


def test_dnum_owned_default_makes_the_responsable_produit_responsible_for_everything():
    assert all(
        levels == {Role.PRODUCT_OWNER.value: "responsable"} for levels in default_levels(Governance.DNUM_OWNED).values()
    )


def test_default_levels_is_a_fresh_copy():
    default_levels(Governance.SHARED)["vision"].clear()
    assert default_levels(Governance.SHARED)["vision"]
