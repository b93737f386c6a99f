"""Notifications in the page header: new blocking findings on the person's products, deadlines within a week.

`sync_notifications` creates what is new (once per finding or deadline: a unique key per account) and
keeps the account's unread count on the account row itself, so that the header shows it on every page
without a query.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from equipage.accounts.models import User
from equipage.checks.engine import RULES
from equipage.checks.models import StoredFinding
from equipage.core.todo import TodoItem, Who, todo_items
from equipage.core.vocabulary import Severity
from equipage.registry.models import Product
from equipage.teams.models import Membership

from .models import Notification, NotificationKind

DEADLINE_NOTICE = datetime.timedelta(days=7)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _blocking_notification(user_id: int, finding: StoredFinding, product: Product) -> Notification:
    """One notification per account and finding (its key), whoever creates it first: a write or the daily job."""
    rule = RULES.get(finding.code)
    return Notification(
        user_id=user_id,
        kind=NotificationKind.BLOCKING,
        key=f"constat:{finding.product_id}:{finding.code}:{_digest(finding.message)}",
        title=(rule.title if rule else finding.message)[:300],
        detail=finding.message,
        url=product.get_absolute_url() + "#vigilance",
        product_name=product.name[:200],
    )


def notify_new_blocking(findings: list[StoredFinding]) -> None:
    """A write has just raised these blocking findings: tell at once, in the page header, every active account
    currently working on their products (four queries whatever their number); one per account and finding."""
    product_ids = {finding.product_id for finding in findings}
    accounts = (
        Membership.objects.current(timezone.localdate())
        .filter(product_id__in=product_ids, person__user__isnull=False, person__user__is_active=True)
        .values_list("product_id", "person__user_id")
        .distinct()
    )
    users_by_product: dict[int, set[int]] = {}
    for product_id, user_id in accounts:
        users_by_product.setdefault(product_id, set()).add(user_id)
    if not users_by_product:
        return
    products = Product.objects.only("pk", "slug", "name").in_bulk(users_by_product)
    new = [
        _blocking_notification(user_id, finding, products[finding.product_id])
        for finding in findings
        if finding.product_id in products
        for user_id in sorted(users_by_product[finding.product_id])
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)  # an account already told is skipped
    refresh_unread_count({user_id for users in users_by_product.values() for user_id in users})


def pending_notifications(who: Who, items: list[TodoItem] | None = None) -> list[Notification]:
    """What the person should be told today: every blocking finding of their products, every to-do
    item due within seven days (or overdue). Unsaved: the caller keeps only what is new."""
    user_id = who.person.user_id
    found: list[Notification] = []
    product_ids = [product.pk for product in who.products]
    if product_ids:
        findings = (
            StoredFinding.objects.filter(
                product_id__in=product_ids, severity=Severity.BLOCKING, waived_until__isnull=True
            )
            .select_related("product")
            .order_by("product__name", "code", "position")
        )
        found.extend(_blocking_notification(user_id, finding, finding.product) for finding in findings)
    items = todo_items(who.person, who=who) if items is None else items
    horizon = who.today + DEADLINE_NOTICE
    for item in items:
        if item.due is None or item.due > horizon:
            continue
        found.append(
            Notification(
                user_id=user_id,
                kind=NotificationKind.DEADLINE,
                key=f"echeance:{item.kind}:{item.due.isoformat()}:{_digest(item.url + item.title)}",
                title=item.title[:300],
                detail=item.detail,
                url=item.url[:500],
                product_name=item.product_name[:200],
                due=item.due,
            )
        )
    return found


def sync_notifications(who: Who, items: list[TodoItem] | None = None) -> int:
    """Record what is new for the person's account (nothing twice) and refresh its unread count; returns
    how many were created. A fixed number of queries whatever the number of products."""
    if who.person.user_id is None:
        return 0
    pending = pending_notifications(who, items)
    created = 0
    if pending:
        known = set(
            Notification.objects.filter(user_id=who.person.user_id, key__in=[n.key for n in pending]).values_list(
                "key", flat=True
            )
        )
        new = [notification for notification in pending if notification.key not in known]
        if new:
            Notification.objects.bulk_create(new, ignore_conflicts=True)
            created = len(new)
    refresh_unread_count(who.person.user_id)
    return created


def refresh_unread_count(user_ids: int | Iterable[int]) -> None:
    """Recount the accounts' unread notifications from the rows themselves (right even after a race)."""
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ids = [user_ids] if isinstance(user_ids, int) else list(user_ids)
    User.objects.filter(pk__in=ids).update(unread_notifications=Coalesce(Subquery(unread), 0))


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one of the account's notifications as read, or all of them; returns how many changed."""
    unread = Notification.objects.unread().filter(user_id=user.pk)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    changed = unread.update(read_at=timezone.now())
    refresh_unread_count(user.pk)
    return changed
