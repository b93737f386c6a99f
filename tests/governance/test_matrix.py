import datetime

import pytest
from django.core.exceptions import ValidationError

from equipage.governance import matrix as domain
from equipage.governance.matrix import ActivityRow, EffectiveMatrix, validate_matrix
from equipage.governance.models import MatrixActivity, MatrixLevel, ResponsibilityMatrix, RitualKind
from equipage.registry import services as registry_services
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, ProductFactory

from .factories import RitualFactory, staff, staffed_product

METIER, PRODUIT, PM, EXPERT, COACH, DEV = (
    Role.POLICY_OWNER.value,
    Role.PRODUCT_OWNER.value,
    Role.PRODUCT_MANAGER.value,
    Role.POLICY_EXPERT.value,
    Role.PRODUCT_COACH.value,
    Role.DEVELOPER.value,
)
HELD = {METIER, PRODUIT}

pytestmark = pytest.mark.django_db


def one_row(**levels) -> EffectiveMatrix:
    return EffectiveMatrix([ActivityRow("vision", "Incarner la vision", levels)], Governance.SHARED, is_default=False)


# --- Validation ---


def test_one_responsable_with_co_responsables_holds():
    assert validate_matrix(one_row(responsable_metier="responsable", responsable_produit="co_responsable"), HELD) == []


def test_two_co_responsables_without_responsable_hold():
    assert (
        validate_matrix(one_row(responsable_metier="co_responsable", responsable_produit="co_responsable"), HELD) == []
    )


def test_an_activity_without_anyone_responsible_is_refused():
    [problem] = validate_matrix(one_row(responsable_metier="participe"), HELD)
    assert (problem.code, problem.activity, problem.role) == ("sans_responsable", "vision", None)
    assert problem.message.startswith("« Incarner la vision » n’a pas de responsable")


def test_two_responsables_are_refused():
    [problem] = validate_matrix(one_row(responsable_metier="responsable", responsable_produit="responsable"), HELD)
    assert problem.code == "plusieurs_responsables"
    assert "Responsable métier" in problem.message
    assert "il n’en faut qu’un" in problem.message


def test_a_single_co_responsable_is_refused():
    [problem] = validate_matrix(one_row(responsable_metier="co_responsable", responsable_produit="participe"), HELD)
    assert problem.code == "sans_responsable"
    assert "n’a qu’un co-responsable (Responsable métier)" in problem.message


def test_a_level_given_to_a_role_nobody_holds_is_refused():
    problems = validate_matrix(one_row(responsable_metier="responsable", product_manager="consulte"), HELD)
    assert [(p.code, p.activity, p.role) for p in problems] == [("role_vacant", "vision", PM)]
    assert "le rôle Product manager (consulté) n’est tenu par personne" in problems[0].message


def test_problems_add_up_on_one_activity():
    codes = [p.code for p in validate_matrix(one_row(product_manager="responsable", designer="responsable"), HELD)]
    assert codes == ["plusieurs_responsables", "role_vacant", "role_vacant"]


# --- Reading ---


def test_a_product_without_saved_matrix_follows_its_configuration_without_writing(django_assert_num_queries):
    product = ProductFactory(governance=Governance.DNUM_OWNED)
    with django_assert_num_queries(1):
        matrix = domain.effective_matrix(product)
    assert (matrix.basis, matrix.is_default, matrix.is_saved) == (Governance.DNUM_OWNED, True, False)
    assert matrix.activity("delivery").levels == {PRODUIT: "responsable"}
    assert not ResponsibilityMatrix.objects.exists()


def test_held_roles_and_holders_count_current_memberships_only():
    product = ProductFactory()
    MembershipFactory(product=product, role=METIER, person__first_name="Nina", person__last_name="Actuelle")
    MembershipFactory(product=product, role=PM, end_date=datetime.date(2025, 6, 30))  # ended
    MembershipFactory(product=product, role=COACH, start_date=datetime.date(2099, 1, 1))  # not started
    assert domain.held_roles(product) == {METIER}
    assert domain.role_holders(product) == {METIER: ["Nina Actuelle"]}


def _save_edited(product):
    staff(product, *[r for r in (METIER, PRODUIT) if r not in domain.held_roles(product)])
    domain.save_levels(product, {"vision": {METIER: "co_responsable", PRODUIT: "co_responsable"}})


def test_effective_matrices_take_as_many_queries_for_twenty_products_as_for_one(django_assert_num_queries):
    def batch(count):
        products = [staffed_product(Governance.SHARED) for _ in range(count)]
        for product in products:
            _save_edited(product)
        products.append(ProductFactory(governance=Governance.DNUM_PM))  # one without a saved matrix
        return products

    one, twenty = batch(1), batch(20)
    with django_assert_num_queries(3):
        matrices = domain.effective_matrices(one)
    assert matrices[one[0].pk].activity("vision").levels == {METIER: "co_responsable", PRODUIT: "co_responsable"}
    assert matrices[one[-1].pk].is_default
    with django_assert_num_queries(3):
        matrices = domain.effective_matrices(twenty)
    assert len(matrices) == 21
    assert all(matrices[p.pk].is_saved for p in twenty[:-1])


def test_has_active_alignment_ritual_in_one_query(django_assert_num_queries):
    aligned, inactive, other_kind, future, none = (ProductFactory(governance=Governance.SHARED) for _ in range(5))
    RitualFactory(product=aligned, kind=RitualKind.ALIGNMENT)
    RitualFactory(product=inactive, kind=RitualKind.ALIGNMENT, is_active=False)
    RitualFactory(product=other_kind, kind=RitualKind.DEMO)
    RitualFactory(product=future, kind=RitualKind.ALIGNMENT, start_date=datetime.date(2099, 1, 1))
    with django_assert_num_queries(1):
        found = domain.has_active_alignment_ritual([p.pk for p in (aligned, inactive, other_kind, future, none)])
    assert found == {aligned.pk}


# --- Writing ---


def test_first_edit_saves_the_matrix_on_the_current_configuration():
    product = staffed_product(Governance.SHARED)
    matrix = domain.save_levels(product, {"suivi_budgetaire": {METIER: "responsable", PRODUIT: "participe"}})
    saved = ResponsibilityMatrix.objects.get(product=product)
    assert saved.governance_basis == Governance.SHARED
    assert saved.activities.count() == 11
    assert matrix.activity("suivi_budgetaire").levels == {METIER: "responsable", PRODUIT: "participe"}
    assert (matrix.is_saved, matrix.is_default) == (True, False)
    # Untouched activities keep their default levels.
    assert matrix.activity("vision").levels == {METIER: "responsable", PRODUIT: "co_responsable"}


def test_saving_the_default_unchanged_writes_nothing():
    product = staffed_product(Governance.SHARED)
    domain.save_levels(product, {"vision": {METIER: "responsable"}})
    assert not ResponsibilityMatrix.objects.exists()


def test_an_empty_level_removes_the_role_from_the_activity():
    product = staffed_product(Governance.POLICY_OWNER_IS_PM)
    matrix = domain.save_levels(product, {"vision": {COACH: ""}})
    assert COACH not in matrix.activity("vision").levels
    assert not MatrixLevel.objects.filter(activity__code="vision", role=COACH).exists()


def test_an_invalid_change_is_refused_whole_and_saves_nothing():
    product = staffed_product(Governance.SHARED)
    with pytest.raises(ValidationError) as refused:
        domain.save_levels(
            product,
            {
                "suivi_budgetaire": {METIER: "responsable", PRODUIT: "participe"},  # valid on its own
                "vision": {PRODUIT: "responsable"},  # now two responsables
                "delivery": {PM: "participe"},  # nobody is product manager
            },
        )
    errors = refused.value.message_dict
    assert set(errors) == {"vision", "delivery"}
    assert "2 responsables" in errors["vision"][0]
    assert "Product manager" in errors["delivery"][0]
    assert not ResponsibilityMatrix.objects.exists()
    assert not MatrixLevel.objects.exists()


def test_unknown_activities_roles_and_levels_are_refused_in_french():
    product = staffed_product(Governance.SHARED)
    with pytest.raises(ValidationError) as refused:
        domain.save_levels(product, {"inconnue": {METIER: "responsable"}, "vision": {"pilote": "responsable"}})
    assert refused.value.message_dict == {
        "inconnue": ["L’activité « inconnue » ne figure pas dans la matrice de ce produit."],
        "vision": ["« Incarner la vision » : le rôle « pilote » n’existe pas."],
    }
    with pytest.raises(ValidationError, match="le niveau « chef » n’existe pas"):
        domain.save_levels(product, {"vision": {METIER: "chef"}})


def test_later_edits_keep_the_basis_and_only_touch_what_changed():
    product = staffed_product(Governance.SHARED)
    domain.save_levels(product, {"suivi_budgetaire": {METIER: "responsable", PRODUIT: "participe"}})
    product.governance = Governance.DNUM_OWNED
    product.save()
    before = MatrixLevel.history.count()
    domain.save_levels(product, {"communication": {PRODUIT: "co_responsable", METIER: "co_responsable"}})
    assert ResponsibilityMatrix.objects.get().governance_basis == Governance.SHARED
    assert MatrixLevel.history.count() == before + 2


def test_archived_products_refuse_changes():
    product = staffed_product(Governance.SHARED)
    registry_services.archive_product(product, user=None)
    with pytest.raises(ValidationError, match="archivé"):
        domain.save_levels(product, {"vision": {PRODUIT: "participe"}})
    with pytest.raises(ValidationError, match="archivé"):
        domain.add_activity(product, "Nouvelle activité", METIER)


def test_add_activity_appends_it_with_its_responsable():
    product = staffed_product(Governance.SHARED)
    matrix = domain.add_activity(product, "  Animer   la recherche utilisateur ", METIER)
    row = matrix.activities[-1]
    assert (row.code, row.label, row.levels, row.is_custom) == (
        "",
        "Animer la recherche utilisateur",
        {METIER: "responsable"},
        True,
    )
    assert row.key == f"perso-{MatrixActivity.objects.get(code='').pk}"
    assert validate_matrix(matrix, domain.held_roles(product)) == []
    # The new activity is then edited like any other.
    matrix = domain.save_levels(product, {row.key: {PRODUIT: "participe"}})
    assert matrix.activities[-1].levels == {METIER: "responsable", PRODUIT: "participe"}


@pytest.mark.parametrize(
    ("label", "role", "message"),
    [
        ("", METIER, "Indiquez le nom"),
        ("x" * 201, METIER, "200 caractères"),
        ("incarner LA vision", METIER, "figure déjà"),
        ("Nouvelle", PM, "n’est tenu par personne"),
        ("Nouvelle", "pilote", "n’existe pas"),
    ],
)
def test_add_activity_refusals(label, role, message):
    product = staffed_product(Governance.SHARED)
    with pytest.raises(ValidationError, match=message):
        domain.add_activity(product, label, role)
    assert not MatrixActivity.objects.exists()


def test_reset_brings_back_the_default_and_drops_added_activities():
    product = staffed_product(Governance.SHARED)
    domain.save_levels(product, {"vision": {METIER: "co_responsable", PRODUIT: "co_responsable"}})
    domain.add_activity(product, "Animer la recherche utilisateur", METIER)
    matrix = domain.reset_to_default(product)
    assert (matrix.is_saved, matrix.is_default) == (True, True)
    assert [row.code for row in matrix.activities] == [
        row.code for row in domain.default_matrix("co_responsabilite").activities
    ]
    # The removed activity and its level are kept in history.
    assert MatrixActivity.history.filter(label="Animer la recherche utilisateur", history_type="-").exists()
    assert MatrixLevel.history.filter(history_type="-").count() == 1


def test_reset_is_refused_when_the_default_needs_a_role_nobody_holds():
    product = ProductFactory(governance=Governance.DNUM_PM)
    staff(product, PM, EXPERT)
    domain.save_levels(product, {"vision": {EXPERT: "participe"}})
    product.memberships.filter(role=EXPERT).update(end_date=datetime.date(2025, 2, 1))
    domain.save_levels(product, {row.key: {EXPERT: ""} for row in domain.effective_matrix(product).activities})
    with pytest.raises(ValidationError, match="Expert métier"):
        domain.reset_to_default(product)


def test_changing_configuration_keeps_the_saved_matrix_until_the_new_default_is_adopted():
    product = staffed_product(Governance.SHARED)
    domain.save_levels(product, {"vision": {METIER: "co_responsable", PRODUIT: "co_responsable"}})
    domain.add_activity(product, "Animer la recherche utilisateur", METIER)
    product.governance = Governance.DNUM_OWNED
    product.save()

    matrix = domain.effective_matrix(product)
    assert matrix.is_outdated_for(product)
    assert matrix.activity("vision").levels == {METIER: "co_responsable", PRODUIT: "co_responsable"}
    proposal = domain.adoption_proposal(matrix, product.governance)
    changes = {(c.activity, c.role): (c.before, c.after) for c in domain.matrix_changes(matrix, proposal)}
    assert changes[("Incarner la vision", METIER)] == ("co_responsable", "")
    assert changes[("Incarner la vision", PRODUIT)] == ("co_responsable", "responsable")

    adopted = domain.adopt_configuration_default(product)
    assert adopted.basis == Governance.DNUM_OWNED
    assert not adopted.is_outdated_for(product)
    assert adopted.activity("vision").levels == {PRODUIT: "responsable"}
    # The activity the team added is kept.
    assert adopted.activities[-1].label == "Animer la recherche utilisateur"
    with pytest.raises(ValidationError, match="pas de nouvelle matrice à adopter"):
        domain.adopt_configuration_default(product)


def test_adoption_is_refused_whole_when_the_new_default_needs_missing_roles():
    product = staffed_product(Governance.DNUM_OWNED)
    staff(product, DEV)
    domain.save_levels(product, {"communication": {PRODUIT: "co_responsable", DEV: "co_responsable"}})
    product.governance = Governance.DNUM_PM
    product.save()
    before = MatrixLevel.history.count()
    with pytest.raises(ValidationError) as refused:
        domain.adopt_configuration_default(product)
    assert "Product manager" in " ".join(refused.value.messages)
    assert MatrixLevel.history.count() == before
    assert ResponsibilityMatrix.objects.get().governance_basis == Governance.DNUM_OWNED
