"""The world the permission matrix probes, built once per visitor, and how one probe runs.

Each probe runs inside a savepoint that is rolled back, so every probe starts from the same data
and a probe that writes (as it should, for an editor) cannot change what the next one sees.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from http.cookies import SimpleCookie

from django.apps import apps
from django.db import connection, transaction
from django.test import Client

from equipage.campaigns.models import Campaign
from equipage.checks import store
from equipage.compliance.models import HomologationOpinion, SecurityMeasure
from equipage.delivery import services as delivery_services
from equipage.delivery.models import CaseResult
from equipage.deviations.models import Deviation, State
from equipage.governance import matrix
from equipage.indicators import services as indicator_services
from equipage.teams.roles import Role
from tests.budget.factories import BudgetLineFactory, BudgetYearFactory
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.committees.factories import kind as committee_kind
from tests.compliance.factories import AccessibilityAuditFactory, ProcessingActivityFactory
from tests.delivery.factories import (
    FeedbackFactory,
    ReleaseFactory,
    ResearchActivityFactory,
    RoadmapItemFactory,
    StoryFactory,
)
from tests.factories import AdminFactory, MembershipFactory, PersonFactory, ProductFactory, UserFactory
from tests.governance.factories import RitualFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory

ROLES = ("anonymous", "agent", "other_editor", "editor", "admin")
LOGIN = "login"  # redirected to the sign-in page
# The session store changes on any visit, whatever the rights.
NOT_DATA = {"django_session"}


@dataclass
class World:
    """Two products; `editor` edits both, `other_editor` edits only `elsewhere`."""

    users: dict
    bare: object  # a product with only its editor: the read matrix's {slug}
    product: object  # a product with something of every kind: what the write probes change
    elsewhere: object
    objects: dict

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as missing:
            raise AttributeError(name) from missing


def build_world() -> World:
    editor, other_editor = UserFactory(), UserFactory()
    users = {"agent": UserFactory(), "other_editor": other_editor, "editor": editor, "admin": AdminFactory()}
    bare = ProductFactory(editors=[editor])
    product = ProductFactory(editors=[editor], fully_staffed=True, public_service=True)
    matrix.add_activity(product, "Tenir le registre des décisions", Role.PRODUCT_OWNER)  # a saved matrix
    elsewhere = ProductFactory(editors=[other_editor])
    developer = MembershipFactory(product=product, role=Role.DEVELOPER)
    objective = ObjectiveFactory(product=product)
    indicator = IndicatorFactory(objective=objective, code="visites")
    token, _secret = indicator_services.create_token(product, name="Script", user=editor)
    release = ReleaseFactory(product=product)
    story = StoryFactory(product=product, criteria=["La liste s’affiche"])
    story.release = release
    story.save()
    campaign, _added = delivery_services.prepare_campaign(release, user=editor)
    case, failed_case = (
        delivery_services.add_case(campaign, text, user=editor) for text in ("La relance part", "Le courriel arrive")
    )
    delivery_services.record_result(failed_case, CaseResult.FAILED, user=editor)
    StoryFactory(product=product, release=release, criteria=["Le PDF se télécharge"])  # for the next preparation
    objects = {
        "budget_line": BudgetLineFactory(budget_year=BudgetYearFactory(product=product, year=2026)),
        "measure": SecurityMeasure.objects.create(product=product, title="Chiffrer"),
        "opinion": HomologationOpinion.objects.create(
            product=product, author="RSSI", verdict="favorable", given_on=datetime.date(2026, 1, 5)
        ),
        "decision": (decision := DecisionFactory(product=product)),
        "action": ActionFactory(decision=decision),
        "committee_kind": committee_kind(),
        "editor_person": product.memberships.get(role=Role.PRODUCT_OWNER).person,
        "case": case,
        "failed_case": failed_case,
        "developer": developer,
        "newcomer": PersonFactory(),
        "ritual": RitualFactory(product=product),
        "objective": objective,
        "indicator": indicator,
        "measurement": MeasurementFactory(indicator=indicator, date=datetime.date(2025, 3, 1)),
        "token": token,
        "processing": ProcessingActivityFactory(product=product),
        "audit": AccessibilityAuditFactory(product=product),
        "roadmap_item": RoadmapItemFactory(product=product),
        "second_roadmap_item": RoadmapItemFactory(product=product),
        "story": story,
        "second_story": StoryFactory(product=product),
        "release": release,
        "research": ResearchActivityFactory(product=product),
        "feedback": FeedbackFactory(product=product),
    }
    saved = matrix.effective_matrix(product)
    columns = matrix.matrix_columns(saved, matrix.held_roles(product))
    # The saved matrix sent back with one change: the developer is now consulted on the added activity.
    custom = next(row for row in saved.activities if row.is_custom)
    objects["matrix_form"] = {
        f"{row.key}__{role}": row.levels.get(role, "") for row in saved.activities for role in columns
    } | {f"{custom.key}__{Role.DEVELOPER}": "consulte"}
    objects["matrix_body"] = {
        "activities": [
            {"key": row.key, "levels": row.levels | ({Role.DEVELOPER: "consulte"} if row is custom else {})}
            for row in saved.activities
        ]
    }
    objects["archived"] = ProductFactory(editors=[editor], archived=True)
    objects["campaign"] = Campaign.objects.create(
        title="Surcharge résorbée",
        rule_codes=["MEMBRE_SURCHARGE"],
        target=80,
        opened_on=datetime.date(2026, 1, 5),
        deadline=datetime.date(2099, 6, 30),
    )
    store.flush()  # the findings the fixtures made stale, stored now rather than during the first probe
    _add_deviations(objects, product, editor, users["admin"])
    return World(users=users, bare=bare, product=product, elsewhere=elsewhere, objects=objects)


def _add_deviations(objects: dict, product, editor, admin) -> None:
    """A deviation requested by the editor (for the decision probes), one accepted by the administrator (for
    the revocation probes), and a finding of the product still free for a request."""
    codes = list(dict.fromkeys(f.code for f in store.findings_by_product([product.pk]).get(product.pk, [])))
    assert len(codes) >= 3, f"the world's product needs three findings, has {codes}"
    end = datetime.date.today() + datetime.timedelta(days=90)
    objects["requested_deviation"] = Deviation.objects.create(
        product=product, code=codes[0], justification="Raison", end_date=end, requested_by=editor
    )
    objects["accepted_deviation"] = Deviation.objects.create(
        product=product,
        code=codes[1],
        justification="Raison",
        end_date=end,
        requested_by=editor,
        state=State.ACCEPTED,
        decided_by=admin,
    )
    objects["free_finding_code"] = codes[2]
    objects["deviation_end"] = end.isoformat()
    store.flush()


def row_counts() -> dict[str, int]:
    """Rows of every table, in one query: a refused write must leave every count as it was.

    Updates show too, because every model users change keeps its history (one more history row)."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_models() if model._meta.managed} - NOT_DATA,
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed_tables(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [table for table in before if before[table] != after[table]]


class Visitor:
    """One signed-in (or anonymous) client whose session survives the rolled-back probes."""

    def __init__(self, role: str, world: World):
        self.role = role
        self.client = Client()
        if role != "anonymous":
            self.client.force_login(world.users[role])
        self._cookies = SimpleCookie(self.client.cookies.output(header="", sep="\n"))

    def send(self, method: str, path: str, data=None, *, multipart: bool = False):
        """The response and the tables it wrote to, every change undone afterwards."""
        with transaction.atomic():
            before = row_counts()
            if multipart or method == "get":
                response = getattr(self.client, method)(path, data or {})
            else:
                response = getattr(self.client, method)(path, data or {}, content_type="application/json")
            written = changed_tables(before, row_counts())
            transaction.set_rollback(True)
        self.client.cookies = SimpleCookie(self._cookies.output(header="", sep="\n"))
        return response, written


def outcome(response, expected) -> int | str:
    """The status, or LOGIN for a redirection to the sign-in page when that is what is expected."""
    if expected == LOGIN and response.status_code == 302 and response.url.startswith("/connexion/"):
        return LOGIN
    return response.status_code
