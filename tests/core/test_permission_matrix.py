"""Every route × every kind of visitor: who gets in, who is sent to sign in, who is refused — and
that a refused write writes nothing.

Visitors: anonymous, an agent, the editor of *another* product, this product's editor, an administrator.
`MATRIX` probes every route (an editor of another product is expected to fare exactly as an agent unless
the row says otherwise); `WRITES` probes every write route with its write method and a valid payload: the
writers' call must succeed and write, and every refused call must leave every table's row count as it was
(the history tables included, so an update counts too).

The test fails when a route exists that the matrix does not list, or a guarded write route that `WRITES`
does not probe, so a new page cannot ship unchecked. The data is built once per visitor; each probe runs
in a savepoint rolled back afterwards (tests/core/permission_world.py).

Which break it catches: change `registry.permissions.can_edit_product` so that it ignores *which*
product is asked about (any product's editor may edit every product) and the "other_editor" column
fails — on the write routes of `WRITES` and on the editor pages of `MATRIX`.
`test_the_matrix_reports_leaks_when_edit_rights_ignore_the_product` applies exactly that break.
"""

import sys

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from equipage.core.exports import FORMATS, ExportFormatConverter
from equipage.registry import permissions as registry_permissions
from equipage.selfassessment.models import AnswerValue
from equipage.teams.roles import Role
from tests.factories import AdminFactory, ProductFactory, UserFactory, personal_token
from tests.selfassessment.factories import payload as self_assessment_answers

from .permission_world import LOGIN, ROLES, Visitor, build_world, outcome

OK, FOUND, FORBIDDEN, NOT_FOUND, UNAUTHORIZED, CREATED, GONE = 200, 302, 403, 404, 401, 201, 410

# route name: (method, path, {role: expected status}); {slug} is the editor's product. Without an
# "other_editor" entry, the editor of another product is expected to fare as an agent.
PUBLIC = dict.fromkeys(ROLES, OK)
INTERNAL_PAGE = {"anonymous": LOGIN, "agent": OK, "editor": OK, "admin": OK}
EDITOR_PAGE = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": OK, "admin": OK}
EDITOR_ACTION = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": FOUND, "admin": FOUND}
ADMIN_PAGE = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": FORBIDDEN, "admin": OK}
API_READ = {"anonymous": UNAUTHORIZED, "agent": OK, "editor": OK, "admin": OK}
API_EDIT = {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": OK, "admin": OK}

MATRIX = {
    "core:home": ("get", "/", INTERNAL_PAGE),
    "core:deadlines": ("get", "/echeances/", INTERNAL_PAGE),
    "core:deadlines_csv": ("get", "/echeances.csv", INTERNAL_PAGE),
    "core:calendar": ("get", "/echeances/agenda/", INTERNAL_PAGE),
    "core:calendar_create": (
        "post",
        "/echeances/agenda/nouvelle-adresse/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], FOUND)},
    ),
    "core:calendar_revoke": (
        "post",
        "/echeances/agenda/revoquer/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], FOUND)},
    ),
    # The private address is the key, signed in or not: an unknown one answers 404 to everyone
    # (a valid one: test_the_calendar_feed_answers_whoever_holds_its_address).
    "core:calendar_feed": ("get", "/echeances/agenda/cal_inconnu.ics", dict.fromkeys(ROLES, NOT_FOUND)),
    "core:healthz": ("get", "/healthz", PUBLIC),
    "core:accessibility": ("get", "/accessibilite/", PUBLIC),
    "core:api_guide": ("get", "/documentation-api/", PUBLIC),
    "core:legal_notice": ("get", "/mentions-legales/", PUBLIC),
    "core:personal_data": ("get", "/donnees-personnelles/", PUBLIC),
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
    # Each account changes only its own digest frequency (an empty choice is refused with a message).
    "accounts:digest_preference": ("post", "/compte/resume/", {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], FOUND)}),
    "accounts:signin_journal": ("get", "/journal-des-connexions/", ADMIN_PAGE),
    # People and their accounts are run by administrators only.
    "accounts:person_create": ("get", "/personnes/ajouter/", ADMIN_PAGE),
    "accounts:person_edit": ("get", "/personnes/{person}/identite/", ADMIN_PAGE),
    "accounts:person_account": ("get", "/personnes/{person}/compte/", ADMIN_PAGE),
    # A made-up invitation link: the same French page for everyone, « expired or already used ».
    "accounts:invitation": ("get", "/invitation/MQ/abc-def/", dict.fromkeys(ROLES, GONE)),
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
    "teams:coach_name": ("get", "/produits/{slug}/equipe/nommer-le-coach/", EDITOR_PAGE),
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
    "api:product-sessions": ("get", "/api/v1/products/{slug}/sessions/", API_READ),
    "api:session-detail": (
        "get",
        "/api/v1/sessions/0/",
        {"anonymous": UNAUTHORIZED, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "api:session-pack": (
        "get",
        "/api/v1/sessions/0/pack.pdf",
        {"anonymous": UNAUTHORIZED, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "api:product-decisions": ("get", "/api/v1/products/{slug}/decisions/", API_READ),
    "api:product-decision-detail": (
        "patch",
        "/api/v1/products/{slug}/decisions/0/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:action-detail": (
        "patch",
        "/api/v1/actions/0/",
        {"anonymous": UNAUTHORIZED, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "api:product-budget-lines": ("get", "/api/v1/products/{slug}/budget-lines/", API_READ),
    "api:product-budget-line-detail": (
        "patch",
        "/api/v1/products/{slug}/budget-lines/0/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-budget-line-spending": (
        "get",
        "/api/v1/products/{slug}/budget-lines/0/spending/",
        {"anonymous": UNAUTHORIZED, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
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
    "api:product-compliance-opinion-detail": (
        "patch",
        "/api/v1/products/{slug}/compliance/homologation-opinions/0/",
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

# Everyone's own page, notifications and to-do list: each signed-in visitor sees only their own.
MATRIX |= {
    "myspace:my_space": ("get", "/mon-espace/", INTERNAL_PAGE),
    "myspace:notifications": ("get", "/notifications/", INTERNAL_PAGE),
    # Nobody's notification 0: every signed-in visitor gets a 404 (no one reads or marks another's).
    "myspace:notification_read": (
        "post",
        "/notifications/0/lu/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_FOUND)},
    ),
    "myspace:notification_read_all": (
        "post",
        "/notifications/tout-lu/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], FOUND)},
    ),
    "api:me-todo": ("get", "/api/v1/me/todo/", API_READ),
}

# Delivery: the team (the editor is a member) writes stories; leads edit the roadmap and ranks.
# No roadmap item or story 0: editors get a 404 after the permission check refused others.
MISSING_FOR_WRITERS = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND}
MISSING_FOR_READERS = {"anonymous": LOGIN, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND}
API_MISSING_FOR_WRITERS = {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": NOT_FOUND, "admin": NOT_FOUND}
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
    "delivery:story_import": ("get", "/produits/{slug}/backlog/import/", EDITOR_PAGE),
    "delivery:feedback_import": ("get", "/produits/{slug}/retours/import/", EDITOR_PAGE),
    "delivery:portfolio": ("get", "/portefeuille/livraison/", INTERNAL_PAGE),
    "delivery:portfolio_csv": ("get", "/portefeuille/livraison.csv", INTERNAL_PAGE),
    # Public, but only for a public service: the matrix's product is not one (tests/delivery cover one that is).
    "delivery:public_roadmap_csv": ("get", "/produits/{slug}/feuille-de-route.csv", dict.fromkeys(ROLES, NOT_FOUND)),
    "delivery:public_roadmap_json": ("get", "/produits/{slug}/feuille-de-route.json", dict.fromkeys(ROLES, NOT_FOUND)),
    "api:product-roadmap-items": ("get", "/api/v1/products/{slug}/roadmap-items/", API_READ),
    "api:product-roadmap-item-detail": ("patch", "/api/v1/products/{slug}/roadmap-items/0/", API_MISSING_FOR_WRITERS),
    "api:product-stories": ("get", "/api/v1/products/{slug}/stories/", API_READ),
    "api:product-story-detail": ("patch", "/api/v1/products/{slug}/stories/0/", API_MISSING_FOR_WRITERS),
    "api:product-releases": ("get", "/api/v1/products/{slug}/releases/", API_READ),
    "api:product-release-detail": ("patch", "/api/v1/products/{slug}/releases/0/", API_MISSING_FOR_WRITERS),
    "api:product-release-campaign": ("post", "/api/v1/products/{slug}/releases/0/recette/", API_MISSING_FOR_WRITERS),
    # Anyone signed in may try to sign off: the rule is checked on the campaign (tests/delivery/test_api.py).
    "api:product-release-sign-off": (
        "post",
        "/api/v1/products/{slug}/releases/0/recette/sign-off/",
        {"anonymous": UNAUTHORIZED, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-case-result": ("post", "/api/v1/products/{slug}/test-cases/0/result/", API_MISSING_FOR_WRITERS),
    "api:product-research": ("get", "/api/v1/products/{slug}/research/", API_READ),
    "api:product-feedback": ("get", "/api/v1/products/{slug}/feedback/", API_READ),
    "api:product-feedback-detail": ("patch", "/api/v1/products/{slug}/feedback/0/", API_MISSING_FOR_WRITERS),
}

# Deviations: editors ask; a coach produit of the product or an administrator decides (the editor is not a
# coach, so refused); editors, coaches and administrators revoke. No deviation 0: 404 once the rights are checked.
APPROVER_ONLY_MISSING = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": FORBIDDEN, "admin": NOT_FOUND}
MATRIX |= {
    "deviations:product_list": ("get", "/produits/{slug}/derogations/", INTERNAL_PAGE),
    "deviations:request": ("get", "/produits/{slug}/derogations/demander/", EDITOR_PAGE),
    "deviations:decide": ("get", "/produits/{slug}/derogations/0/decision/", APPROVER_ONLY_MISSING),
    "deviations:revoke": ("get", "/produits/{slug}/derogations/0/revoquer/", MISSING_FOR_WRITERS),
    "deviations:portfolio": ("get", "/portefeuille/derogations/", INTERNAL_PAGE),
    "deviations:portfolio_csv": ("get", "/portefeuille/derogations.csv", INTERNAL_PAGE),
    "api:deviations": ("get", "/api/v1/deviations/", API_READ),
    "api:product-deviations": ("get", "/api/v1/products/{slug}/deviations/", API_READ),
    "api:product-deviation-detail": (
        "get",
        "/api/v1/products/{slug}/deviations/0/",
        {"anonymous": UNAUTHORIZED, "agent": NOT_FOUND, "editor": NOT_FOUND, "admin": NOT_FOUND},
    ),
    "api:product-deviation-decision": (
        "post",
        "/api/v1/products/{slug}/deviations/0/decision/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": FORBIDDEN, "admin": NOT_FOUND},
    ),
    "api:product-deviation-revocation": (
        "post",
        "/api/v1/products/{slug}/deviations/0/revocation/",
        API_MISSING_FOR_WRITERS,
    ),
    "api:rules": ("get", "/api/v1/rules/", API_READ),
    "api:product-level": ("get", "/api/v1/products/{slug}/level/", API_READ),
}

# Trends (equipage/trends/) and campaigns (equipage/campaigns/): everyone signed in reads.
# Only administrators open, change and close campaigns; {campaign} is the world's campaign.
ADMIN_ACTION = {"anonymous": LOGIN, "agent": FORBIDDEN, "editor": FORBIDDEN, "admin": FOUND}
MATRIX |= {
    "trends:portfolio": ("get", "/portefeuille/tendances/", INTERNAL_PAGE),
    "campaigns:list": ("get", "/portefeuille/campagnes/", INTERNAL_PAGE),
    "campaigns:create": ("get", "/portefeuille/campagnes/nouvelle/", ADMIN_PAGE),
    "campaigns:detail": ("get", "/portefeuille/campagnes/{campaign}/", INTERNAL_PAGE),
    "campaigns:update": ("get", "/portefeuille/campagnes/{campaign}/modifier/", ADMIN_PAGE),
    "campaigns:close": ("post", "/portefeuille/campagnes/{campaign}/cloturer/", ADMIN_ACTION),
    "campaigns:export": ("get", "/portefeuille/campagnes/{campaign}/produits-a-traiter.csv", INTERNAL_PAGE),
    "api:product-snapshots": ("get", "/api/v1/products/{slug}/snapshots/", API_READ),
    "api:campaigns": ("get", "/api/v1/campaigns/", API_READ),
    # An empty PATCH is valid: administrators get 200, everyone else is refused before the body is read.
    "api:campaign-detail": (
        "patch",
        "/api/v1/campaigns/{campaign}/",
        {"anonymous": UNAUTHORIZED, "agent": FORBIDDEN, "editor": FORBIDDEN, "admin": OK},
    ),
}

# --- Writes: every write route, its write method, a valid payload ---------------------------------------
#
# route name: (method, path, payload, writers' status). Paths and payloads are read against the world
# (tests/core/permission_world.py): {slug} is the full product, {w.<object>} one of its objects. Writers
# are the product's editor and an administrator; everyone else is refused (sign-in, 401 or 403) with no
# row written. A tuple of route names probes one route several ways (one suffix per way).
DAY = "2026-01-15"
PROCESSING = {
    "purpose": "Instruire les demandes",
    "legal_basis": "mission_publique",
    "data_categories": "Identité",
    "retention_period": "5 ans",
}
ECODESIGN = {
    "declared_on": DAY,
    "rgesn_version": "2024",
    "criteria_assessed": 40,
    "criteria_met": 20,
    "criteria_not_applicable": 0,
}


def _self_assessment_form(_w) -> dict:
    answers = {f"reponse_{a['question_key']}": AnswerValue.YES for a in self_assessment_answers(Role.PRODUCT_OWNER)}
    return answers | {f"commentaire_{a['question_key']}": "" for a in self_assessment_answers(Role.PRODUCT_OWNER)}


def _product_form(w) -> dict:
    return {
        "name": "Nouveau nom",
        "slug": w.product.slug,
        "pitch": "Un pitch.",
        "sponsor": w.product.sponsor_id,
        "phase": w.product.phase,
        "governance": w.product.governance,
    }


def formset(prefix: str) -> dict:
    """The management form of an empty formset."""
    return {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}


CAMPAIGN_FORM = {
    "title": "Homologation à jour",
    "rule_codes": ["MEMBRE_SURCHARGE"],
    "target": "60",
    "deadline": "2099-06-30",
}
WRITES = {
    # Campaigns: only administrators write.
    "campaigns:create": (
        "post",
        "/portefeuille/campagnes/nouvelle/",
        CAMPAIGN_FORM,
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    "campaigns:update": (
        "post",
        "/portefeuille/campagnes/{w.campaign.pk}/modifier/",
        CAMPAIGN_FORM,
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    "api:campaigns": (
        "post",
        "/api/v1/campaigns/",
        {"title": "Surcharge", "rule_codes": ["MEMBRE_SURCHARGE"], "target": 60, "deadline": "2099-06-30"},
        {"editor": FORBIDDEN, "admin": CREATED},
    ),
    "api:campaign-detail": (
        "patch",
        "/api/v1/campaigns/{w.campaign.pk}/",
        {"target": 70},
        {"editor": FORBIDDEN, "admin": OK},
    ),
    "campaigns:close": (
        "post",
        "/portefeuille/campagnes/{w.campaign.pk}/cloturer/",
        {},
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    # Every account creates its own calendar address; anonymous visitors are sent to sign in.
    "core:calendar_create": ("post", "/echeances/agenda/nouvelle-adresse/", {}, dict.fromkeys(ROLES[1:], FOUND)),
    # Registry: only administrators create products.
    "registry:product_create": (
        "post",
        "/produits/nouveau/",
        lambda w: _product_form(w) | {"name": "Nouveau service", "slug": "nouveau-service"},
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    "registry:product_update": ("post", "/produits/{slug}/modifier/", _product_form, FOUND),
    "registry:product_archive": ("post", "/produits/{slug}/archiver/", {"reason": "Fusionné"}, FOUND),
    "registry:product_restore": ("post", "/produits/{archived}/restaurer/", {}, FOUND),
    # Teams
    "teams:membership_create": (
        "post",
        "/produits/{slug}/equipe/ajouter/",
        lambda w: {"person": w.newcomer.pk, "role": Role.DESIGNER, "time_share": 30, "start_date": DAY},
        FOUND,
    ),
    "teams:membership_update": (
        "post",
        "/produits/{slug}/equipe/{w.developer.pk}/modifier/",
        lambda w: {"person": w.developer.person_id, "role": Role.DEVELOPER, "time_share": 80, "start_date": DAY},
        FOUND,
    ),
    "teams:membership_end": ("post", "/produits/{slug}/equipe/{w.developer.pk}/terminer/", {"end_date": DAY}, FOUND),
    # Confirmed, in case the product already has a coach (a second holder is then a warning to confirm).
    "teams:coach_name": (
        "post",
        "/produits/{slug}/equipe/nommer-le-coach/",
        lambda w: {"person": w.newcomer.pk, "time_share": 10, "confirmer": "oui"},
        FOUND,
    ),
    # A person's sheet: the person (here the editor) and administrators change it.
    "teams:person_update": (
        "post",
        "/personnes/{w.editor_person.pk}/modifier/",
        {"job_title": "Cheffe de produit", "trained_in_product_methods": "on", "product_training_date": DAY},
        FOUND,
    ),
    # People and accounts: administrators only (an editor is refused like an agent).
    "accounts:person_create": (
        "post",
        "/personnes/ajouter/",
        lambda w: {
            "first_name": "Inès",
            "last_name": "Marchand",
            "email": "ines.marchand@ministere.example",
            "organisation": w.product.sponsor_id,
            "create_account": "on",
        },
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    "accounts:person_edit": (
        "post",
        "/personnes/{w.newcomer.pk}/identite/",
        lambda w: {
            "first_name": "Paul",
            "last_name": "Renommé",
            "email": w.newcomer.email,
            "organisation": w.newcomer.organisation_id,
        },
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    "accounts:person_account": (
        "post",
        "/personnes/{w.newcomer.pk}/compte/",
        {"action": "inviter"},
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    # Governance
    "governance:matrix": ("post", "/produits/{slug}/responsabilites/", lambda w: w.matrix_form, FOUND),
    "governance:matrix_add_activity": (
        "post",
        "/produits/{slug}/responsabilites/activites/",
        {"label": "Tenir le registre", "responsible_role": Role.PRODUCT_OWNER},
        FOUND,
    ),
    "governance:matrix_reset": ("post", "/produits/{slug}/responsabilites/reinitialiser/", {}, FOUND),
    "governance:matrix_adopt": ("post", "/produits/{slug}/responsabilites/adopter/", {}, FOUND),
    "governance:ritual_create": (
        "post",
        "/produits/{slug}/rituels/nouveau/",
        {"name": "Démo", "kind": "demo", "cadence": "mensuelle", "start_date": DAY},
        FOUND,
    ),
    "governance:ritual_update": (
        "post",
        "/produits/{slug}/rituels/{w.ritual.pk}/modifier/",
        {"name": "Rétro", "kind": "retrospective", "cadence": "mensuelle", "start_date": DAY, "is_active": "on"},
        FOUND,
    ),
    "governance:ritual_deactivate": ("post", "/produits/{slug}/rituels/{w.ritual.pk}/desactiver/", {}, FOUND),
    "governance:meeting_create": (
        "post",
        "/produits/{slug}/rituels/{w.ritual.pk}/reunions/nouvelle/",
        {"date": DAY, "notes": "Tenue."},
        FOUND,
    ),
    # Self-assessment: the editor holds the responsable produit role; administrators do not answer.
    "selfassessment:create": (
        "post",
        "/produits/{slug}/autodiagnostic/responsable-produit/nouveau/",
        _self_assessment_form,
        {"editor": FOUND, "admin": FORBIDDEN},
    ),
    # Compliance
    "compliance:processing_create": (
        "post",
        "/produits/{slug}/conformite/traitements/nouveau/",
        PROCESSING | {"name": "Usagers", "cnil_formality": "aucune"},
        FOUND,
    ),
    "compliance:processing_update": (
        "post",
        "/produits/{slug}/conformite/traitements/{w.processing.pk}/modifier/",
        PROCESSING | {"name": "Agents", "cnil_formality": "aucune"},
        FOUND,
    ),
    "compliance:audit_create": (
        "post",
        "/produits/{slug}/conformite/audits/nouveau/",
        {
            "audited_on": DAY,
            "audit_type": "complet",
            "auditor": "Cabinet",
            "auditor_kind": "externe",
            "rgaa_version": "4.1",
            "conformity_rate": "75",
        },
        FOUND,
    ),
    "compliance:audit_import": ("post", "/produits/{slug}/conformite/audits/importer/", {}, OK),
    "compliance:accessibility_update": (
        "post",
        "/produits/{slug}/conformite/accessibilite/modifier/",
        {"statement_url": "https://exemple.gouv.fr/accessibilite", "statement_date": DAY},
        FOUND,
    ),
    "compliance:homologation_update": (
        "post",
        "/produits/{slug}/conformite/homologation/modifier/",
        {"authority": "Directrice", "started_on": DAY},
        FOUND,
    ),
    "compliance:ecodesign_update": (
        "post",
        "/produits/{slug}/conformite/ecoconception/modifier/",
        ECODESIGN,
        FOUND,
    ),
    "compliance:evidence_upload": (
        "post",
        "/produits/{slug}/conformite/preuves/audit/{w.audit.pk}/ajouter/",
        {},
        OK,
    ),
    "compliance:measure_create": (
        "post",
        "/produits/{slug}/conformite/mesures/nouvelle/",
        {"title": "Sauvegarder chaque nuit", "status": "a_faire", "owner": "Hébergeur"},
        FOUND,
    ),
    "compliance:measure_update": (
        "post",
        "/produits/{slug}/conformite/mesures/{w.measure.pk}/modifier/",
        {"title": "Chiffrer les sauvegardes", "status": "faite"},
        FOUND,
    ),
    "compliance:opinion_create": (
        "post",
        "/produits/{slug}/conformite/avis/nouveau/",
        {"author": "RSSI", "verdict": "favorable", "given_on": DAY},
        FOUND,
    ),
    # Committees
    "committees:product_session_create": (
        "post",
        "/produits/{slug}/comites/nouvelle/",
        lambda w: (
            {"kind": w.committee_kind.pk, "date": DAY, "products": [w.product.pk]}
            | formset("agenda")
            | formset("participants")
        ),
        FOUND,
    ),
    "committees:decision_create": (
        "post",
        "/produits/{slug}/decisions/nouvelle/",
        {"title": "Ouvrir aux usagers", "rationale": "Prêt.", "date": DAY, "decided_by": "Comité de pilotage"}
        | formset("actions"),
        FOUND,
    ),
    "committees:decision_update": (
        "post",
        "/produits/{slug}/decisions/{w.decision.pk}/modifier/",
        {"title": "Ouvrir en mars", "rationale": "Prêt.", "date": DAY, "decided_by": "Comité de pilotage"}
        | formset("actions"),
        FOUND,
    ),
    # Budget
    "budget:line_create": (
        "post",
        "/produits/{slug}/budget/lignes/nouvelle/",
        {"year": 2026, "label": "Hébergement", "nature": "run", "category": "hebergement", "planned": "12 000"},
        FOUND,
    ),
    "budget:line_update": (
        "post",
        "/produits/{slug}/budget/lignes/{w.budget_line.pk}/modifier/",
        {"label": "Prestation", "nature": "build", "category": "prestation_externe", "planned": "90 000"},
        FOUND,
    ),
    "budget:spending": (
        "post",
        "/produits/{slug}/budget/lignes/{w.budget_line.pk}/depenses/",
        {"mois_1": "500"},
        FOUND,
    ),
    "budget:import": ("post", "/produits/{slug}/budget/import/", {}, OK),
    "budget:publish": ("post", "/produits/{slug}/budget/2026/publication/", {"publier": "1"}, FOUND),
    # Indicators
    "indicators:objective_create": (
        "post",
        "/produits/{slug}/indicateurs/objectifs/nouveau/",
        {"title": "Réduire les délais", "beneficiaries": "Les usagers", "position": 2},
        FOUND,
    ),
    "indicators:objective_update": (
        "post",
        "/produits/{slug}/indicateurs/objectifs/{w.objective.pk}/modifier/",
        {"title": "Réduire encore", "beneficiaries": "Les usagers", "position": 1},
        FOUND,
    ),
    "indicators:indicator_create": (
        "post",
        "/produits/{slug}/indicateurs/nouveau/",
        lambda w: {
            "objective": w.objective.pk,
            "name": "Délai moyen",
            "code": "delai",
            "unit": "jours",
            "direction": "baisse",
            "frequency": "mensuelle",
            "source": "Base",
            "is_active": "on",
        },
        FOUND,
    ),
    "indicators:indicator_update": (
        "post",
        "/produits/{slug}/indicateurs/{w.indicator.pk}/modifier/",
        lambda w: {
            "objective": w.objective.pk,
            "name": "Visites",
            "code": "visites",
            "unit": w.indicator.unit,
            "direction": w.indicator.direction,
            "frequency": w.indicator.frequency,
            "source": "Matomo",
            "is_active": "on",
        },
        FOUND,
    ),
    "indicators:measurement_create": (
        "post",
        "/produits/{slug}/indicateurs/{w.indicator.pk}/mesures/nouvelle/",
        {"date": "2025-04-01", "value": "50", "comment": ""},
        FOUND,
    ),
    "indicators:measurement_correct": (
        "post",
        "/produits/{slug}/indicateurs/mesures/{w.measurement.pk}/corriger/",
        {"value": "43", "comment": "", "reason": "Erreur de saisie"},
        FOUND,
    ),
    "indicators:import": ("post", "/produits/{slug}/indicateurs/import/", {}, OK),
    "indicators:tokens": ("post", "/produits/{slug}/indicateurs/jetons/", {"name": "Export nocturne"}, OK),
    "indicators:token_revoke": ("post", "/produits/{slug}/indicateurs/jetons/{w.token.pk}/revoquer/", {}, FOUND),
    # Delivery
    "delivery:roadmap_item_create": (
        "post",
        "/produits/{slug}/feuille-de-route/nouveau/",
        {"title": "Dématérialiser", "horizon": "maintenant", "status": "envisage", "target_quarter": ""},
        FOUND,
    ),
    "delivery:roadmap_item_update": (
        "post",
        "/produits/{slug}/feuille-de-route/{w.roadmap_item.pk}/modifier/",
        {"title": "Dématérialiser tout", "horizon": "ensuite", "status": "planifie", "target_quarter": ""},
        FOUND,
    ),
    "delivery:roadmap_item_move": (
        "post",
        "/produits/{slug}/feuille-de-route/{w.second_roadmap_item.pk}/deplacer/",
        {"direction": "haut"},
        FOUND,
    ),
    "delivery:story_create": (
        "post",
        "/produits/{slug}/backlog/nouvelle/",
        {"title": "Relancer", "status": "idee"},
        FOUND,
    ),
    "delivery:story_update": (
        "post",
        "/produits/{slug}/backlog/{w.story.number}/modifier/",
        lambda w: {"title": "Relancer vite", "status": "idee", "release": w.release.pk},
        FOUND,
    ),
    "delivery:story_move": (
        "post",
        "/produits/{slug}/backlog/{w.second_story.number}/deplacer/",
        {"direction": "haut"},
        FOUND,
    ),
    "delivery:release_create": ("post", "/produits/{slug}/recette/versions/nouvelle/", {"name": "2.0"}, FOUND),
    "delivery:release_update": (
        "post",
        "/produits/{slug}/recette/versions/{w.release.pk}/modifier/",
        {"name": "1.9", "planned_date": DAY},
        FOUND,
    ),
    "delivery:campaign_prepare": ("post", "/produits/{slug}/recette/versions/{w.release.pk}/preparer/", {}, FOUND),
    "delivery:case_add": (
        "post",
        "/produits/{slug}/recette/versions/{w.release.pk}/cas/",
        {"text": "Le lien de relance fonctionne"},
        FOUND,
    ),
    "delivery:case_result": (
        "post",
        "/produits/{slug}/recette/cas/{w.case.pk}/resultat/",
        {"result": "non_conforme", "comment": "Le lien est cassé."},
        {"editor": FOUND, "admin": FORBIDDEN},  # results are recorded by the team's members only
    ),
    "delivery:case_bug": ("post", "/produits/{slug}/recette/cas/{w.failed_case.pk}/anomalie/", {}, FOUND),
    "delivery:demo_create": ("post", "/produits/{slug}/recette/demos/nouvelle/", {"date": DAY}, FOUND),
    "delivery:research_create": (
        "post",
        "/produits/{slug}/recherche/nouvelle/",
        {"kind": "entretien", "title": "Entretiens", "date": DAY, "participants": 4},
        FOUND,
    ),
    "delivery:research_detail": (
        "post",
        "/produits/{slug}/recherche/{w.research.pk}/",
        {"text": "Les usagers cherchent le bouton.", "tags": "navigation"},
        FOUND,
    ),
    "delivery:feedback_create": (
        "post",
        "/produits/{slug}/retours/nouveau/",
        {"channel": "support", "date": DAY, "verbatim": "Trop long.", "tags": ""},
        FOUND,
    ),
    "delivery:feedback_triage": (
        "post",
        "/produits/{slug}/retours/{w.feedback.pk}/tri/",
        {"status": "ecarte", "story_numbers": ""},
        FOUND,
    ),
    # An import without a file is shown back with the form's error: nothing written, 200 for the team.
    "delivery:story_import": ("post", "/produits/{slug}/backlog/import/", {}, OK),
    "delivery:feedback_import": ("post", "/produits/{slug}/retours/import/", {}, OK),
    # API. Only administrators create products.
    "api:product-list": (
        "post",
        "/api/v1/products/",
        lambda w: {"name": "Nouveau service", "pitch": "Un pitch.", "sponsor": w.product.sponsor.name},
        {"editor": FORBIDDEN, "admin": CREATED},
    ),
    "api:product-detail": ("patch", "/api/v1/products/{slug}/", {"pitch": "Un autre pitch."}, OK),
    "api:product-archive": ("post", "/api/v1/products/{slug}/archive/", {"reason": "Fermé"}, OK),
    "api:product-restore": ("post", "/api/v1/products/{archived}/restore/", {}, OK),
    "api:membership-list": (
        "post",
        "/api/v1/memberships/",
        lambda w: {
            "product": w.product.slug,
            "person": w.newcomer.pk,
            "role": Role.DESIGNER,
            "time_share": 30,
            "start_date": DAY,
        },
        CREATED,
    ),
    "api:membership-detail": ("patch", "/api/v1/memberships/{w.developer.pk}/", {"time_share": 70}, OK),
    "api:membership-end": ("post", "/api/v1/memberships/{w.developer.pk}/end/", {"end_date": DAY}, OK),
    "api:product-matrix": ("put", "/api/v1/products/{slug}/matrix/", lambda w: w.matrix_body, OK),
    "api:product-rituals": (
        "post",
        "/api/v1/products/{slug}/rituals/",
        {"name": "Démo", "kind": "demo", "cadence": "mensuelle", "start_date": DAY},
        CREATED,
    ),
    "api:product-ritual-meetings": (
        "post",
        "/api/v1/products/{slug}/rituals/{w.ritual.pk}/meetings/",
        {"date": DAY, "notes": "Tenue."},
        CREATED,
    ),
    "api:product-sessions": (
        "post",
        "/api/v1/products/{slug}/sessions/",
        {"kind": "comite-pilotage", "date": DAY, "title": "COPIL"},
        CREATED,
    ),
    "api:product-decisions": (
        "post",
        "/api/v1/products/{slug}/decisions/",
        {"title": "Ouvrir aux usagers", "date": DAY, "decided_by": "Comité de pilotage"},
        CREATED,
    ),
    "api:product-decision-detail": (
        "patch",
        "/api/v1/products/{slug}/decisions/{w.decision.pk}/",
        {"title": "Ouvrir en mars"},
        OK,
    ),
    "api:product-budget-lines": (
        "post",
        "/api/v1/products/{slug}/budget-lines/",
        {"year": 2026, "label": "Licences", "nature": "run", "category": "licences", "planned": "1000"},
        CREATED,
    ),
    "api:product-budget-line-detail": (
        "patch",
        "/api/v1/products/{slug}/budget-lines/{w.budget_line.pk}/",
        {"planned": "2000"},
        OK,
    ),
    "api:product-budget-line-spending": (
        "post",
        "/api/v1/products/{slug}/budget-lines/{w.budget_line.pk}/spending/",
        {"month": 2, "amount": "100"},
        CREATED,
    ),
    "api:product-compliance-processing-list": (
        "post",
        "/api/v1/products/{slug}/compliance/processing-activities/",
        PROCESSING | {"name": "Usagers"},
        CREATED,
    ),
    "api:product-compliance-processing-detail": (
        "patch",
        "/api/v1/products/{slug}/compliance/processing-activities/{w.processing.pk}/",
        {"purpose": "Gérer"},
        OK,
    ),
    "api:product-compliance-audit-list": (
        "post",
        "/api/v1/products/{slug}/compliance/audits/",
        {"audited_on": DAY, "auditor": "Cabinet", "conformity_rate": "75"},
        CREATED,
    ),
    "api:product-compliance-audit-detail": (
        "patch",
        "/api/v1/products/{slug}/compliance/audits/{w.audit.pk}/",
        {"auditor": "Autre cabinet"},
        OK,
    ),
    "api:product-compliance-accessibility": (
        "patch",
        "/api/v1/products/{slug}/compliance/accessibility/",
        {"statement_url": "https://exemple.gouv.fr/accessibilite", "statement_date": DAY},
        OK,
    ),
    "api:product-compliance-homologation": (
        "patch",
        "/api/v1/products/{slug}/compliance/homologation/",
        {"authority": "Directrice", "started_on": DAY},
        OK,
    ),
    "api:product-compliance-ecodesign": (
        "patch",
        "/api/v1/products/{slug}/compliance/ecodesign/",
        ECODESIGN,
        OK,
    ),
    "api:product-compliance-measure-list": (
        "post",
        "/api/v1/products/{slug}/compliance/security-measures/",
        {"title": "Sauvegarder chaque nuit", "status": "a_faire", "owner": "Hébergeur"},
        CREATED,
    ),
    "api:product-compliance-measure-detail": (
        "patch",
        "/api/v1/products/{slug}/compliance/security-measures/{w.measure.pk}/",
        {"status": "faite"},
        OK,
    ),
    "api:product-compliance-opinion-detail": (
        "patch",
        "/api/v1/products/{slug}/compliance/homologation-opinions/{w.opinion.pk}/",
        {"verdict": "reserves", "reservations": "Chiffrer les sauvegardes."},
        OK,
    ),
    "api:product-compliance-opinion-list": (
        "post",
        "/api/v1/products/{slug}/compliance/homologation-opinions/",
        {"author": "RSSI", "verdict": "favorable", "given_on": DAY},
        CREATED,
    ),
    # An action's status: its owner (not one of these visitors) and the product's editors change it.
    "api:action-detail": ("patch", "/api/v1/actions/{w.action.pk}/", {"status": "en_cours"}, OK),
    "api:product-self-assessment-list": (
        "post",
        "/api/v1/products/{slug}/self-assessments/",
        lambda w: {"role": Role.PRODUCT_OWNER, "answers": self_assessment_answers(Role.PRODUCT_OWNER)},
        {"editor": CREATED, "admin": FORBIDDEN},
    ),
    "api:product-measurements": (
        "post",
        "/api/v1/products/{slug}/measurements/",
        {"indicator": "visites", "date": "2025-04-01", "value": "50"},
        CREATED,
    ),
    "api:product-measurement-bulk": (
        "post",
        "/api/v1/products/{slug}/measurements/bulk/",
        [{"indicator": "visites", "date": "2025-04-01", "value": "50"}],
        CREATED,
    ),
    "api:product-measurement-detail": (
        "patch",
        "/api/v1/products/{slug}/measurements/{w.measurement.pk}/",
        {"value": "43", "reason": "Erreur de saisie"},
        OK,
    ),
    # Delivery API: the team writes stories, research, feedback and results; leads the roadmap and releases.
    "api:product-roadmap-items": ("post", "/api/v1/products/{slug}/roadmap-items/", {"title": "Par l’API"}, CREATED),
    "api:product-roadmap-item-detail": (
        "patch",
        "/api/v1/products/{slug}/roadmap-items/{w.roadmap_item.pk}/",
        {"title": "Renommé"},
        OK,
    ),
    "api:product-stories": ("post", "/api/v1/products/{slug}/stories/", {"title": "Par l’API"}, CREATED),
    "api:product-story-detail": (
        "patch",
        "/api/v1/products/{slug}/stories/{w.story.number}/",
        {"title": "Renommée"},
        OK,
    ),
    "api:product-releases": ("post", "/api/v1/products/{slug}/releases/", {"name": "3.0"}, CREATED),
    "api:product-release-detail": ("patch", "/api/v1/products/{slug}/releases/{w.release.pk}/", {"name": "1.8"}, OK),
    "api:product-release-campaign": ("post", "/api/v1/products/{slug}/releases/{w.release.pk}/recette/", {}, CREATED),
    "api:product-case-result": (
        "post",
        "/api/v1/products/{slug}/test-cases/{w.case.pk}/result/",
        {"result": "conforme"},
        {"editor": OK, "admin": FORBIDDEN},  # results are recorded by the team's members only
    ),
    "api:product-research": (
        "post",
        "/api/v1/products/{slug}/research/",
        {"kind": "entretien", "title": "Entretiens", "date": DAY},
        CREATED,
    ),
    "api:product-feedback": (
        "post",
        "/api/v1/products/{slug}/feedback/",
        {"channel": "support", "date": DAY, "verbatim": "Trop long."},
        CREATED,
    ),
    "api:product-feedback-detail": (
        "patch",
        "/api/v1/products/{slug}/feedback/{w.feedback.pk}/",
        {"status": "ecarte"},
        OK,
    ),
}
WRITES |= {
    "deviations:request": (
        "post",
        "/produits/{slug}/derogations/demander/",
        lambda w: {"code": w.free_finding_code, "justification": "Arbitrage en cours", "end_date": w.deviation_end},
        FOUND,
    ),
    "deviations:decide": (
        "post",
        "/produits/{slug}/derogations/{w.requested_deviation.pk}/decision/",
        {"decision": "accepter", "comment": ""},
        {"editor": FORBIDDEN, "admin": FOUND},
    ),
    "deviations:revoke": (
        "post",
        "/produits/{slug}/derogations/{w.accepted_deviation.pk}/revoquer/",
        {"reason": "Le point est traité"},
        FOUND,
    ),
    "api:product-deviations": (
        "post",
        "/api/v1/products/{slug}/deviations/",
        lambda w: {"code": w.free_finding_code, "justification": "Arbitrage en cours", "end_date": w.deviation_end},
        CREATED,
    ),
    "api:product-deviation-decision": (
        "post",
        "/api/v1/products/{slug}/deviations/{w.requested_deviation.pk}/decision/",
        {"accept": True},
        {"editor": FORBIDDEN, "admin": OK},
    ),
    "api:product-deviation-revocation": (
        "post",
        "/api/v1/products/{slug}/deviations/{w.accepted_deviation.pk}/revocation/",
        {"reason": "Le point est traité"},
        OK,
    ),
}
# Routes that are writes but take no write from these visitors here, with the reason.
NOT_PROBED = {
    # The sign-off needs a prepared campaign and the responsable métier: tests/delivery/test_recette.py.
    "delivery:campaign_sign_off": "sign-off rule is per campaign",
    "api:product-release-sign-off": "sign-off rule is per campaign",
}


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


def export_routes(patterns=None, namespace=""):
    """Routes made by `exports.export_path`: the matrix lists their `.csv` path and every format is probed."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= export_routes(pattern.url_patterns, inner)
        elif any(isinstance(c, ExportFormatConverter) for c in getattr(pattern.pattern, "converters", {}).values()):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_export_route_is_listed_by_its_csv_path():
    exports = export_routes()
    assert len(exports) >= 12
    assert [route for route in sorted(exports) if not MATRIX[route][1].endswith(".csv")] == []


def guarded_write_routes(patterns=None, namespace=""):
    """Routes whose view writes: a product page guarded for writing, or an API view with a write method."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names |= guarded_write_routes(pattern.url_patterns, inner)
            continue
        if not pattern.name:
            continue
        view = pattern.callback
        guard = getattr(view, "product_guard", None)
        while guard is None and hasattr(view, "__wrapped__"):
            view = view.__wrapped__
            guard = getattr(view, "product_guard", None)
        actions = getattr(pattern.callback, "actions", None)
        view_class = getattr(pattern.callback, "cls", None)
        if actions is not None:
            writes = set(actions) & {"post", "put", "patch", "delete"}
        elif view_class is not None:
            writes = {m for m in ("post", "put", "patch", "delete") if hasattr(view_class, m)}
        else:
            writes = set()
        if (guard and guard["write"]) or (writes and namespace == "api:"):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_the_calendar_feed_answers_whoever_holds_its_address(client, db):
    from equipage.accounts.tokens import issue_calendar_token

    _token, secret = issue_calendar_token(UserFactory())
    assert client.get(f"/echeances/agenda/{secret}.ics").status_code == OK
    assert client.get(f"/echeances/agenda/{secret[:-1]}.ics").status_code == NOT_FOUND


def test_the_matrix_lists_every_route():
    assert route_names() == set(MATRIX)


def test_every_write_route_is_probed_with_its_write_method():
    writes = guarded_write_routes() | {"selfassessment:create"}
    assert writes - set(WRITES) - set(NOT_PROBED) == set()
    assert set(WRITES) <= route_names()


@pytest.fixture
def world(db):
    return build_world()


def _expected_read(route: str, role: str):
    expected = MATRIX[route][2]
    return expected.get(role, expected["agent"]) if role == "other_editor" else expected[role]


def _expected_write(route: str, role: str):
    done = WRITES[route][3]
    api = route.startswith("api:")
    if role == "anonymous":
        return UNAUTHORIZED if api else LOGIN
    if isinstance(done, dict):
        return done.get(role, FORBIDDEN)
    return done if role in ("editor", "admin") else FORBIDDEN


def _path(template: str, world, slug: str) -> str:
    return template.format(w=world, slug=slug, archived=world.archived.slug)


def read_failures(world, role: str) -> list[str]:
    visitor = Visitor(role, world)
    membership = world.bare.memberships.get()
    exports = export_routes()
    failures = []
    for route in sorted(MATRIX):
        method, path, _expected = MATRIX[route]
        path = path.format(
            slug=world.bare.slug,
            organisation=world.bare.sponsor_id,
            membership=membership.pk,
            person=membership.person_id,
            campaign=world.campaign.pk,
        )
        # An export answers the same visitors in every format.
        paths = [path.removesuffix(".csv") + f".{fmt}" for fmt in FORMATS] if route in exports else [path]
        for path in paths:
            response, _written = visitor.send(method, path)
            expected = _expected_read(route, role)
            if outcome(response, expected) != expected:
                got = outcome(response, expected)
                failures.append(f"{route}: {method.upper()} {path} → {got}, expected {expected}")
    return failures


def write_failures(world, role: str, routes=None) -> list[str]:
    """What went wrong for this visitor on the write routes: a wrong status, a write by a refused
    visitor, or no write by a writer (which would mean the payload is not valid, so the refusals prove nothing)."""
    visitor = Visitor(role, world)
    failures = []
    for route in sorted(routes or WRITES):
        method, path, data, _done = WRITES[route]
        path = _path(path, world, world.product.slug)
        body = data(world) if callable(data) else data
        response, written = visitor.send(method, path, body, multipart=not route.startswith("api:"))
        expected = _expected_write(route, role)
        got = outcome(response, expected)
        if got != expected:
            detail = ""
            if getattr(response, "context", None) and response.context.get("form") is not None:
                detail = f" {dict(response.context['form'].errors)}"
            elif route.startswith("api:") and got == 400:
                detail = f" {response.json()}"
            failures.append(f"{route}: {method.upper()} {path} → {got}, expected {expected}{detail}")
        refused = expected in (LOGIN, UNAUTHORIZED, FORBIDDEN)
        if refused and written:
            failures.append(f"{route}: refused to {role} but wrote to {', '.join(written)}")
        if not refused and got == expected and not written and route not in NO_OP_WRITES:
            failures.append(f"{route}: {role}'s valid write wrote nothing")
    return failures


# Writes whose valid call here changes nothing, and why (their refusals are still checked).
NO_OP_WRITES = {
    "compliance:audit_import": "an empty upload is shown back with the form's errors",
    "compliance:evidence_upload": "an empty upload is shown back with the form's errors",
    "indicators:import": "an empty upload is shown back with the form's errors",
    "budget:import": "an empty upload is shown back with the form's errors",
    "delivery:story_import": "an empty upload is shown back with the form's errors",
    "delivery:feedback_import": "an empty upload is shown back with the form's errors",
    "governance:matrix_adopt": "the product's configuration has not changed: nothing to adopt",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_route_access(world, role):
    assert read_failures(world, role) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_write_routes_refuse_and_write_nothing(world, role):
    assert write_failures(world, role) == []


def _ignore_which_product(original):
    def can_edit_any_product(user, product):
        return original(user, product) or registry_permissions.editable_products(user).exists()

    return can_edit_any_product


@pytest.mark.django_db
def test_the_matrix_reports_leaks_when_edit_rights_ignore_the_product(world, monkeypatch):
    """The deliberate break of the module docstring, applied wherever `can_edit_product` was imported."""
    original = registry_permissions.can_edit_product
    broken = _ignore_which_product(original)
    for name, module in list(sys.modules.items()):
        if name.startswith("equipage.") and getattr(module, "can_edit_product", None) is original:
            monkeypatch.setattr(module, "can_edit_product", broken)
    leaks = write_failures(world, "other_editor")
    assert len(leaks) >= len(WRITES) // 2, leaks
    assert any(leak.startswith("registry:product_update") for leak in leaks)
    assert any("wrote to" in leak for leak in leaks)


@pytest.mark.django_db
def test_token_authenticated_api_calls_follow_the_same_rules():
    agent = UserFactory()
    product = ProductFactory(name="Inchangé")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(agent)}")
    assert client.get("/api/v1/products/").status_code == OK
    assert client.patch(f"/api/v1/products/{product.slug}/", {"name": "x"}, format="json").status_code == FORBIDDEN
    product.refresh_from_db()
    assert (product.name, product.history.count()) == ("Inchangé", 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("user_factory", "expected"), [(UserFactory, FOUND), (AdminFactory, OK)])
def test_django_admin_is_for_portfolio_administrators_only(client, user_factory, expected):
    client.force_login(user_factory())
    assert client.get("/admin/").status_code == expected
    assert client.get("/admin/registry/product/").status_code == expected
