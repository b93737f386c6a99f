"""What `/mon-espace/` shows a signed-in person, each part in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from equipage.checks.models import FindingSummary
from equipage.core.todo import TodoItem, Who, todo_items
from equipage.core.vocabulary import LEVEL_RANK, Level
from equipage.people.models import Person
from equipage.registry.models import Product
from equipage.teams.roles import Role


def person_of(user) -> Person | None:
    """The person linked to an account (one query), or None for an account that is nobody's."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("organisation", "user").filter(user_id=user.pk).first()


@dataclass
class ProductRoles:
    product: Product
    roles: list[tuple[str, int]] = field(default_factory=list)  # (role label, time share)

    @property
    def time_share(self) -> int:
        return sum(share for _label, share in self.roles)


@dataclass
class Summary:
    """A set of products in figures: how many, how many with a blocking finding, findings per severity."""

    title: str
    products: int
    with_blocking: int
    blocking: int
    watch: int
    link: str
    levels: list[tuple[str, int]] = field(default_factory=list)  # (level label, products), highest first


@dataclass
class CoachedProduct:
    product: Product
    blocking: int
    watch: int
    level: str = ""


def products_and_roles(who: Who) -> list[ProductRoles]:
    rows: dict[int, ProductRoles] = {}
    for membership in who.memberships:
        row = rows.setdefault(membership.product_id, ProductRoles(product=membership.product))
        row.roles.append((membership.get_role_display(), membership.time_share))
    return list(rows.values())


def coached_products(who: Who) -> list[CoachedProduct]:
    """The products the person coaches, with their findings (and level when the engine gives one): one query."""
    products = who.products_with_roles([Role.PRODUCT_COACH])
    if not products:
        return []
    summaries = {summary.product_id: summary for summary in FindingSummary.objects.filter(product__in=products)}
    rows = []
    for product in products:
        summary = summaries.get(product.pk)
        rows.append(
            CoachedProduct(
                product=product,
                blocking=summary.blocking if summary else 0,
                watch=summary.watch if summary else 0,
                level=_level_label(summary),
            )
        )
    return rows


def _level_label(summary) -> str:
    """The product's level of practice, once the vigilance engine records one on its summary."""
    if summary is None:
        return ""
    display = getattr(summary, "get_level_display", None)
    return str(display()) if callable(display) else str(getattr(summary, "level", "") or "")


def summary_of(products, title: str, link: str) -> Summary:
    """One aggregate query over the products' stored finding counts and levels."""
    levels = sorted(Level, key=lambda level: -LEVEL_RANK[level])
    figures = products.aggregate(
        count=Count("pk"),
        with_blocking=Count("pk", filter=Q(vigilance_summary__blocking__gt=0)),
        blocking=Coalesce(Sum("vigilance_summary__blocking"), 0),
        watch=Coalesce(Sum("vigilance_summary__watch"), 0),
        **{f"level_{level.value}": Count("pk", filter=Q(vigilance_summary__level=level)) for level in levels},
    )
    return Summary(
        title=title,
        products=figures["count"],
        with_blocking=figures["with_blocking"],
        blocking=figures["blocking"],
        watch=figures["watch"],
        link=link,
        levels=[(str(level.label), figures[f"level_{level.value}"]) for level in levels],
    )


def steering_summary(user, person: Person | None) -> Summary | None:
    """For the product office (portfolio administrators) the whole portfolio; for anyone else the
    products their organisation sponsors."""
    from django.urls import reverse

    active = Product.objects.active()
    if user.is_administrator:
        return summary_of(active, "Le portefeuille", reverse("checks:portfolio"))
    if person is None:
        return None
    organisation = person.organisation
    return summary_of(
        active.filter(sponsor_id=organisation.pk),
        f"Les produits de votre direction ({organisation.short_name})",
        reverse("registry:product_list") + f"?sponsor={organisation.pk}",
    )


@dataclass
class MySpace:
    person: Person | None
    today: datetime.date
    products: list[ProductRoles]
    todo: list[TodoItem]
    coached: list[CoachedProduct]
    summary: Summary | None
    who: Who | None = None  # the person's memberships, loaded once for every part and the notifications

    @property
    def total_share(self) -> int:
        return sum(row.time_share for row in self.products)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.todo if item.overdue)


def my_space(user, today: datetime.date) -> MySpace:
    person = person_of(user)
    if person is None:
        return MySpace(None, today, [], [], [], steering_summary(user, None))
    who = Who(person=person, today=today)
    return MySpace(
        person=person,
        today=today,
        products=products_and_roles(who),
        todo=todo_items(person, who=who),
        coached=coached_products(who),
        summary=steering_summary(user, person),
        who=who,
    )
