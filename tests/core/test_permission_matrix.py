"""Every route × every kind of visitor: who gets in, who is sent to sign in, who is refused.

The test fails when a route exists that the matrix does not list, so a new page cannot ship unchecked.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from equipage.registry.models import Product
from tests.factories import AdminFactory, OrganisationFactory, ProductFactory, UserFactory

ROLES = ("anonymous", "agent", "editor", "admin")
LOGIN = "login"  # redirected to the sign-in page
OK, FOUND, FORBIDDEN, NOT_FOUND, UNAUTHORIZED, CREATED = 200, 302, 403, 404, 401, 201

# route name: (method, path, {role: expected status}); {slug} is the editor's product.
PUBLIC = dict.fromkeys(ROLES, OK)
INTERNAL_PAGE = {"anonymous": LOGIN, "agent": OK, "editor": OK, "admin": OK}
EDITOR_PAGE = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": OK, "admin": OK}
EDITOR_ACTION = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": FOUND, "admin": FOUND}
ADMIN_PAGE = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": FORBIDDEN, "admin": OK}
API_READ = {"anonymous": UNAUTHORIZED, "agent": OK, "editor": OK, "admin": OK}
API_EDIT = {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": OK, "admin": OK}

MATRIX = {
    "core:home": ("get", "/", INTERNAL_PAGE),
    "core:healthz": ("get", "/healthz", PUBLIC),
    "core:accessibility": ("get", "/accessibilite/", PUBLIC),
    "core:api_guide": ("get", "/documentation-api/", PUBLIC),
    "accounts:login": ("get", "/connexion/", {"anonymous": OK, "agent": FOUND, "editor": FOUND, "admin": FOUND}),
    "accounts:logout": ("post", "/deconnexion/", {"anonymous": LOGIN, "agent": FOUND, "editor": FOUND, "admin": FOUND}),
    "accounts:account": ("get", "/compte/", INTERNAL_PAGE),
    "accounts:password_change": ("get", "/compte/mot-de-passe/", INTERNAL_PAGE),
    "accounts:token_regenerate": ("post", "/compte/jeton/", {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], FOUND)}),
    "accounts:token_revoke": (
        "post",
        "/compte/jeton/revoquer/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], FOUND)},
    ),
    "accounts:signin_journal": ("get", "/journal-des-connexions/", ADMIN_PAGE),
    # ProConnect is off unless configured: tests/accounts/test_proconnect.py covers it switched on.
    "accounts:proconnect_login": ("get", "/connexion/proconnect/", dict.fromkeys(ROLES, NOT_FOUND)),
    "accounts:proconnect_callback": ("get", "/connexion/proconnect/retour/", dict.fromkeys(ROLES, NOT_FOUND)),
    "registry:product_list": ("get", "/produits/", INTERNAL_PAGE),
    "registry:product_create": ("get", "/produits/nouveau/", ADMIN_PAGE),
    "registry:product_detail": ("get", "/produits/{slug}/", INTERNAL_PAGE),
    "registry:product_update": ("get", "/produits/{slug}/modifier/", EDITOR_PAGE),
    "registry:product_archive": ("get", "/produits/{slug}/archiver/", EDITOR_PAGE),
    "registry:product_restore": ("post", "/produits/{slug}/restaurer/", EDITOR_ACTION),
    "registry:product_history": ("get", "/produits/{slug}/historique/", INTERNAL_PAGE),
    "teams:team": ("get", "/produits/{slug}/equipe/", INTERNAL_PAGE),
    "teams:membership_create": ("get", "/produits/{slug}/equipe/ajouter/", EDITOR_PAGE),
    "teams:membership_update": ("get", "/produits/{slug}/equipe/{membership}/modifier/", EDITOR_PAGE),
    "teams:membership_end": ("get", "/produits/{slug}/equipe/{membership}/terminer/", EDITOR_PAGE),
    "teams:person_list": ("get", "/personnes/", INTERNAL_PAGE),
    "teams:person_detail": ("get", "/personnes/{person}/", INTERNAL_PAGE),
    # {person} is the editor's own sheet: the person and administrators change it.
    "teams:person_update": ("get", "/personnes/{person}/modifier/", EDITOR_PAGE),
    "teams:guide_index": ("get", "/guide/roles/", INTERNAL_PAGE),
    "teams:role_guide": ("get", "/guide/roles/responsable-metier/", INTERNAL_PAGE),
    "governance:matrix": ("get", "/produits/{slug}/responsabilites/", INTERNAL_PAGE),
    "governance:matrix_csv": ("get", "/produits/{slug}/responsabilites.csv", INTERNAL_PAGE),
    # An empty submission is shown back with the form's errors: 200 for editors.
    "governance:matrix_add_activity": ("post", "/produits/{slug}/responsabilites/activites/", EDITOR_PAGE),
    "governance:matrix_reset": ("post", "/produits/{slug}/responsabilites/reinitialiser/", EDITOR_ACTION),
    "governance:matrix_adopt": ("post", "/produits/{slug}/responsabilites/adopter/", EDITOR_ACTION),
    "governance:ritual_list": ("get", "/produits/{slug}/rituels/", INTERNAL_PAGE),
    "governance:ritual_create": ("get", "/produits/{slug}/rituels/nouveau/", EDITOR_PAGE),
    # No ritual 0: the product's editors get a 404, after the permission check refused everyone else.
    "governance:ritual_update": (
        "get",
        "/produits/{slug}/rituels/0/modifier/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "governance:ritual_detail": (
        "get",
        "/produits/{slug}/rituels/0/",
        {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "governance:meeting_create": (
        "get",
        "/produits/{slug}/rituels/0/reunions/nouvelle/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "governance:ritual_deactivate": (
        "post",
        "/produits/{slug}/rituels/0/desactiver/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "selfassessment:overview": ("get", "/produits/{slug}/autodiagnostic/", INTERNAL_PAGE),
    # Only a current holder of the role answers (the editor is the product's responsable produit).
    "selfassessment:create": (
        "get",
        "/produits/{slug}/autodiagnostic/responsable-produit/nouveau/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": OK, "admin": FORBIDDEN},
    ),
    "selfassessment:detail": (
        "get",
        "/produits/{slug}/autodiagnostic/999999/",
        {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "checks:portfolio": ("get", "/portefeuille/", INTERNAL_PAGE),
    "compliance:overview": ("get", "/produits/{slug}/conformite/", INTERNAL_PAGE),
    "compliance:processing_create": ("get", "/produits/{slug}/conformite/traitements/nouveau/", EDITOR_PAGE),
    # No processing activity, audit or evidence 0: editors get a 404 after the permission check refused others.
    "compliance:processing_update": (
        "get",
        "/produits/{slug}/conformite/traitements/0/modifier/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "compliance:audit_create": ("get", "/produits/{slug}/conformite/audits/nouveau/", EDITOR_PAGE),
    "compliance:audit_import": ("get", "/produits/{slug}/conformite/audits/importer/", EDITOR_PAGE),
    "compliance:accessibility_statement": (
        "get",
        "/produits/{slug}/conformite/declaration-accessibilite/",
        INTERNAL_PAGE,
    ),
    "compliance:accessibility_update": ("get", "/produits/{slug}/conformite/accessibilite/modifier/", EDITOR_PAGE),
    "compliance:homologation_update": ("get", "/produits/{slug}/conformite/homologation/modifier/", EDITOR_PAGE),
    "compliance:ecodesign_update": ("get", "/produits/{slug}/conformite/ecoconception/modifier/", EDITOR_PAGE),
    "compliance:evidence_upload": (
        "get",
        "/produits/{slug}/conformite/preuves/audit/0/ajouter/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    # Evidence is never public: anonymous visitors are sent to sign in (tests/compliance cover a real file).
    "compliance:evidence_download": (
        "get",
        "/produits/{slug}/conformite/preuves/0/",
        {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "compliance:measure_create": ("get", "/produits/{slug}/conformite/mesures/nouvelle/", EDITOR_PAGE),
    "compliance:measure_update": (
        "get",
        "/produits/{slug}/conformite/mesures/0/modifier/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "compliance:opinion_create": ("get", "/produits/{slug}/conformite/avis/nouveau/", EDITOR_PAGE),
    "compliance:exemptions": ("get", "/portefeuille/conformite/dispenses/", INTERNAL_PAGE),
    "compliance:register": ("get", "/portefeuille/conformite/registre/", INTERNAL_PAGE),
    "compliance:register_csv": ("get", "/portefeuille/conformite/registre.csv", INTERNAL_PAGE),
    "compliance:portfolio": ("get", "/portefeuille/conformite/", INTERNAL_PAGE),
    "compliance:portfolio_csv": ("get", "/portefeuille/conformite.csv", INTERNAL_PAGE),
    "checks:portfolio_csv": ("get", "/portefeuille/points-de-vigilance.csv", INTERNAL_PAGE),
    "indicators:overview": ("get", "/produits/{slug}/indicateurs/", INTERNAL_PAGE),
    "indicators:objective_create": ("get", "/produits/{slug}/indicateurs/objectifs/nouveau/", EDITOR_PAGE),
    # No objective, indicator, measurement or token 0: editors get a 404 after the permission check refused others.
    "indicators:objective_update": (
        "get",
        "/produits/{slug}/indicateurs/objectifs/0/modifier/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    # Without any objective yet, editors are sent to define one first.
    "indicators:indicator_create": ("get", "/produits/{slug}/indicateurs/nouveau/", EDITOR_ACTION),
    "indicators:indicator_detail": (
        "get",
        "/produits/{slug}/indicateurs/0/",
        {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "indicators:indicator_update": (
        "get",
        "/produits/{slug}/indicateurs/0/modifier/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "indicators:indicator_history": (
        "get",
        "/produits/{slug}/indicateurs/0/historique/",
        {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "indicators:indicator_csv": (
        "get",
        "/produits/{slug}/indicateurs/0/mesures.csv",
        {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "indicators:measurement_create": (
        "get",
        "/produits/{slug}/indicateurs/0/mesures/nouvelle/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "indicators:measurement_correct": (
        "get",
        "/produits/{slug}/indicateurs/mesures/0/corriger/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "indicators:import": ("get", "/produits/{slug}/indicateurs/import/", EDITOR_PAGE),
    "indicators:import_template": ("get", "/produits/{slug}/indicateurs/import/modele.csv", INTERNAL_PAGE),
    "indicators:tokens": ("get", "/produits/{slug}/indicateurs/jetons/", EDITOR_PAGE),
    "indicators:token_revoke": (
        "post",
        "/produits/{slug}/indicateurs/jetons/0/revoquer/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    # Public pages, without an account, but only for a public service: the matrix's product is not one
    # (404 for everyone, never a sign-in redirect); tests/indicators/test_public.py covers a public one.
    "indicators:public_product": ("get", "/produits/{slug}/statistiques/", dict.fromkeys(ROLES, NOT_FOUND)),
    "indicators:public_product_csv": ("get", "/produits/{slug}/statistiques.csv", dict.fromkeys(ROLES, NOT_FOUND)),
    "indicators:public_product_json": ("get", "/produits/{slug}/statistiques.json", dict.fromkeys(ROLES, NOT_FOUND)),
    "indicators:portfolio_statistics": ("get", "/statistiques/", PUBLIC),
    "indicators:portfolio_statistics_csv": ("get", "/statistiques.csv", PUBLIC),
    "indicators:portfolio_statistics_json": ("get", "/statistiques.json", PUBLIC),
    "budget:overview": ("get", "/produits/{slug}/budget/", INTERNAL_PAGE),
    "budget:line_create": ("get", "/produits/{slug}/budget/lignes/nouvelle/", EDITOR_PAGE),
    # No line 0 or budget year 1999: editors get a 404 after the permission check refused the others.
    "budget:line_update": (
        "get",
        "/produits/{slug}/budget/lignes/0/modifier/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "budget:spending": (
        "get",
        "/produits/{slug}/budget/lignes/0/depenses/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "budget:import": ("get", "/produits/{slug}/budget/import/", EDITOR_PAGE),
    "budget:publish": (
        "post",
        "/produits/{slug}/budget/1999/publication/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    # Public without an account, but only for a public service (tests/budget cover one).
    "budget:public": ("get", "/produits/{slug}/budget/public/", dict.fromkeys(ROLES, NOT_FOUND)),
    "budget:public_csv": ("get", "/produits/{slug}/budget/public.csv", dict.fromkeys(ROLES, NOT_FOUND)),
    "budget:public_json": ("get", "/produits/{slug}/budget/public.json", dict.fromkeys(ROLES, NOT_FOUND)),
    "budget:portfolio": ("get", "/portefeuille/budget/", INTERNAL_PAGE),
    "budget:portfolio_csv": ("get", "/portefeuille/budget.csv", INTERNAL_PAGE),
    "committees:session_list": ("get", "/comites/", INTERNAL_PAGE),
    # Sessions of several products are the portfolio administrators'.
    "committees:session_create": ("get", "/comites/nouvelle/", ADMIN_PAGE),
    # No session, decision or action 0: signed-in visitors get a 404 (tests/committees cover real ones).
    "committees:session_detail": ("get", "/comites/0/", {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)}),
    "committees:session_update": (
        "get",
        "/comites/0/modifier/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:session_pack": (
        "get",
        "/comites/0/dossier/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:session_pack_pdf": (
        "get",
        "/comites/0/dossier.pdf",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:session_pack_freeze": (
        "post",
        "/comites/0/dossier/figer/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:session_pack_send": (
        "post",
        "/comites/0/dossier/envoyer/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:session_pack_download": (
        "get",
        "/comites/0/dossiers/1.pdf",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:product_pack": ("get", "/produits/{slug}/dossier-comite/", INTERNAL_PAGE),
    "committees:product_pack_pdf": ("get", "/produits/{slug}/dossier-comite.pdf", INTERNAL_PAGE),
    "committees:decision_log": ("get", "/decisions/", INTERNAL_PAGE),
    "committees:decision_log_csv": ("get", "/decisions.csv", INTERNAL_PAGE),
    "committees:action_status": (
        "post",
        "/actions/0/statut/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:product_sessions": ("get", "/produits/{slug}/comites/", INTERNAL_PAGE),
    "committees:product_session_create": ("get", "/produits/{slug}/comites/nouvelle/", EDITOR_PAGE),
    "committees:product_decisions": ("get", "/produits/{slug}/decisions/", INTERNAL_PAGE),
    "committees:decision_create": ("get", "/produits/{slug}/decisions/nouvelle/", EDITOR_PAGE),
    "committees:decision_detail": (
        "get",
        "/produits/{slug}/decisions/0/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "committees:decision_update": (
        "get",
        "/produits/{slug}/decisions/0/modifier/",
        {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:schema": ("get", "/api/v1/openapi.json", PUBLIC),
    "api:docs": ("get", "/api/v1/docs/", PUBLIC),
    "core:favicon": ("get", "/favicon.ico", dict.fromkeys(ROLES, FOUND)),
    "api:api-root": ("get", "/api/v1/", API_READ),
    "api:product-list": ("get", "/api/v1/products/", API_READ),
    "api:product-detail": ("patch", "/api/v1/products/{slug}/", API_EDIT),
    "api:product-archive": ("post", "/api/v1/products/{slug}/archive/", API_EDIT),
    # Restoring a product that is not archived is refused as invalid, after the permission check.
    "api:product-restore": ("post", "/api/v1/products/{slug}/restore/", {**API_EDIT, "editor": 400, "admin": 400}),
    "api:organisation-list": ("get", "/api/v1/organisations/", API_READ),
    "api:roles": ("get", "/api/v1/roles/", API_READ),
    "api:findings": ("get", "/api/v1/findings/", API_READ),
    "api:product-matrix": ("get", "/api/v1/products/{slug}/matrix/", API_READ),
    "api:product-rituals": ("get", "/api/v1/products/{slug}/rituals/", API_READ),
    "api:product-ritual-meetings": (
        "get",
        "/api/v1/products/{slug}/rituals/0/meetings/",
        {"anonymous": UNAUTHORIZED, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-compliance": ("get", "/api/v1/products/{slug}/compliance/", API_READ),
    "api:product-compliance-processing-list": (
        "get",
        "/api/v1/products/{slug}/compliance/processing-activities/",
        API_READ,
    ),
    "api:product-compliance-processing-detail": (
        "patch",
        "/api/v1/products/{slug}/compliance/processing-activities/0/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-compliance-audit-list": ("get", "/api/v1/products/{slug}/compliance/audits/", API_READ),
    "api:product-compliance-audit-detail": (
        "get",
        "/api/v1/products/{slug}/compliance/audits/0/",
        {"anonymous": UNAUTHORIZED, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-compliance-accessibility": ("patch", "/api/v1/products/{slug}/compliance/accessibility/", API_EDIT),
    "api:product-compliance-homologation": ("patch", "/api/v1/products/{slug}/compliance/homologation/", API_EDIT),
    "api:product-compliance-ecodesign": ("patch", "/api/v1/products/{slug}/compliance/ecodesign/", API_EDIT),
    "api:product-compliance-measure-list": ("get", "/api/v1/products/{slug}/compliance/security-measures/", API_READ),
    "api:product-compliance-measure-detail": (
        "patch",
        "/api/v1/products/{slug}/compliance/security-measures/0/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-compliance-opinion-list": (
        "get",
        "/api/v1/products/{slug}/compliance/homologation-opinions/",
        API_READ,
    ),
    "api:product-self-assessment-list": ("get", "/api/v1/products/{slug}/self-assessments/", API_READ),
    "api:product-self-assessment-detail": (
        "get",
        "/api/v1/products/{slug}/self-assessments/999999/",
        {"anonymous": UNAUTHORIZED, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-objectives": ("get", "/api/v1/products/{slug}/objectives/", API_READ),
    "api:product-indicators": ("get", "/api/v1/products/{slug}/indicators/", API_READ),
    "api:product-indicator-detail": (
        "get",
        "/api/v1/products/{slug}/indicators/0/",
        {"anonymous": UNAUTHORIZED, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-measurements": ("get", "/api/v1/products/{slug}/measurements/", API_READ),
    # An empty body is refused as invalid, after the permission check.
    "api:product-measurement-bulk": (
        "post",
        "/api/v1/products/{slug}/measurements/bulk/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": 400, "admin": 400},
    ),
    "api:product-measurement-detail": (
        "patch",
        "/api/v1/products/{slug}/measurements/0/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:person-list": ("get", "/api/v1/people/", API_READ),
    "api:person-detail": ("get", "/api/v1/people/{person}/", API_READ),
    "api:membership-list": ("get", "/api/v1/memberships/", API_READ),
    "api:membership-detail": ("patch", "/api/v1/memberships/{membership}/", API_EDIT),
    "api:membership-end": ("post", "/api/v1/memberships/{membership}/end/", API_EDIT),
    "api:organisation-detail": ("get", "/api/v1/organisations/{organisation}/", API_READ),
}

# Delivery: the team (the editor is a member) writes stories; leads edit the roadmap and ranks.
# No roadmap item or story 0: editors get a 404 after the permission check refused others.
MISSING_FOR_WRITERS = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND}
MISSING_FOR_READERS = {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND}
MATRIX |= {
    "delivery:roadmap": ("get", "/produits/{slug}/feuille-de-route/", INTERNAL_PAGE),
    "delivery:roadmap_item_create": ("get", "/produits/{slug}/feuille-de-route/nouveau/", EDITOR_PAGE),
    "delivery:roadmap_item_update": ("get", "/produits/{slug}/feuille-de-route/0/modifier/", MISSING_FOR_WRITERS),
    "delivery:roadmap_item_move": ("post", "/produits/{slug}/feuille-de-route/0/deplacer/", MISSING_FOR_WRITERS),
    "delivery:backlog": ("get", "/produits/{slug}/backlog/", INTERNAL_PAGE),
    "delivery:story_create": ("get", "/produits/{slug}/backlog/nouvelle/", EDITOR_PAGE),
    "delivery:story_detail": ("get", "/produits/{slug}/backlog/0/", MISSING_FOR_READERS),
    "delivery:story_update": ("get", "/produits/{slug}/backlog/0/modifier/", MISSING_FOR_WRITERS),
    "delivery:story_move": ("post", "/produits/{slug}/backlog/0/deplacer/", MISSING_FOR_WRITERS),
    "delivery:recette": ("get", "/produits/{slug}/recette/", INTERNAL_PAGE),
    "delivery:release_create": ("get", "/produits/{slug}/recette/versions/nouvelle/", EDITOR_PAGE),
    "delivery:release_detail": ("get", "/produits/{slug}/recette/versions/0/", MISSING_FOR_READERS),
    "delivery:release_update": ("get", "/produits/{slug}/recette/versions/0/modifier/", MISSING_FOR_WRITERS),
    "delivery:campaign_prepare": ("post", "/produits/{slug}/recette/versions/0/preparer/", MISSING_FOR_WRITERS),
    "delivery:case_add": ("post", "/produits/{slug}/recette/versions/0/cas/", MISSING_FOR_WRITERS),
    # Anyone signed in may try: the sign-off rule is checked on the campaign (tests/delivery/test_recette.py).
    "delivery:campaign_sign_off": ("post", "/produits/{slug}/recette/versions/0/valider/", MISSING_FOR_READERS),
    "delivery:case_result": ("post", "/produits/{slug}/recette/cas/0/resultat/", MISSING_FOR_WRITERS),
    "delivery:case_bug": ("post", "/produits/{slug}/recette/cas/0/anomalie/", MISSING_FOR_WRITERS),
    "delivery:demo_create": ("get", "/produits/{slug}/recette/demos/nouvelle/", EDITOR_PAGE),
    "delivery:research": ("get", "/produits/{slug}/recherche/", INTERNAL_PAGE),
    "delivery:research_create": ("get", "/produits/{slug}/recherche/nouvelle/", EDITOR_PAGE),
    "delivery:research_detail": ("get", "/produits/{slug}/recherche/0/", MISSING_FOR_READERS),
    "delivery:feedback": ("get", "/produits/{slug}/retours/", INTERNAL_PAGE),
    "delivery:feedback_create": ("get", "/produits/{slug}/retours/nouveau/", EDITOR_PAGE),
    "delivery:feedback_triage": ("post", "/produits/{slug}/retours/0/tri/", MISSING_FOR_WRITERS),
    "delivery:portfolio": ("get", "/portefeuille/livraison/", INTERNAL_PAGE),
    "delivery:portfolio_csv": ("get", "/portefeuille/livraison.csv", INTERNAL_PAGE),
    # Public, but only for a public service: the matrix's product is not one (tests/delivery cover one that is).
    "delivery:public_roadmap_csv": ("get", "/produits/{slug}/feuille-de-route.csv", dict.fromkeys(ROLES, NOT_FOUND)),
    "delivery:public_roadmap_json": ("get", "/produits/{slug}/feuille-de-route.json", dict.fromkeys(ROLES, NOT_FOUND)),
}
API_CREATE = (
    "post",
    "/api/v1/products/",
    {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": FORBIDDEN, "admin": CREATED},
)


def route_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                continue
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_the_matrix_lists_every_route():
    assert route_names() == set(MATRIX)


@pytest.fixture
def visitor(request, client):
    role = request.param
    editor = UserFactory()
    product = ProductFactory(editors=[editor])
    users = {"agent": UserFactory(), "editor": editor, "admin": AdminFactory()}
    if role != "anonymous":
        client.force_login(users[role])
    return role, client, product


def check(client, role, method, path, expected, data=None):
    response = getattr(client, method)(path, data or {}, content_type="application/json")
    if expected == LOGIN:
        assert response.status_code == 302, (role, path, response.status_code)
        assert response.url.startswith("/connexion/"), (role, path, response.url)
    else:
        assert response.status_code == expected, (role, method, path, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", ROLES, indirect=True)
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_access(visitor, route):
    role, client, product = visitor
    method, path, expected = MATRIX[route]
    membership = product.memberships.get()
    path = path.format(
        slug=product.slug,
        organisation=product.sponsor_id,
        membership=membership.pk,
        person=membership.person_id,
    )
    check(client, role, method, path, expected[role])


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", ROLES, indirect=True)
def test_api_product_creation_access(visitor):
    role, client, _product = visitor
    method, path, expected = API_CREATE
    payload = {"name": "Nouveau service", "pitch": "Un pitch.", "sponsor": OrganisationFactory().name}
    check(client, role, method, path, expected[role], data=payload)
    assert Product.objects.filter(name="Nouveau service").exists() == (expected[role] == CREATED)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [("agent", FORBIDDEN), ("admin", OK)])
def test_product_creation_form_submission_is_refused_to_non_administrators(client, role, expected):
    client.force_login(AdminFactory() if role == "admin" else UserFactory())
    assert client.get("/produits/nouveau/").status_code == expected


@pytest.mark.django_db
def test_token_authenticated_api_calls_follow_the_same_rules():
    agent = UserFactory()
    product = ProductFactory()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")
    assert client.get("/api/v1/products/").status_code == OK
    assert client.patch(f"/api/v1/products/{product.slug}/", {"name": "x"}, format="json").status_code == FORBIDDEN


@pytest.mark.django_db
@pytest.mark.parametrize(("user_factory", "expected"), [(UserFactory, FOUND), (AdminFactory, OK)])
def test_django_admin_is_for_portfolio_administrators_only(client, user_factory, expected):
    client.force_login(user_factory())
    assert client.get("/admin/").status_code == expected
    assert client.get("/admin/registry/product/").status_code == expected
