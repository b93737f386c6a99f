"""Benchmark: a product with 5,000 stories and 200 releases, then time its delivery pages and a reorder.

Run with `.venv/bin/python bench/delivery_pages.py`. It uses its own database (a temporary SQLite file
unless BENCH_DATABASE_URL is given) and prints page times and query counts; it asserts nothing.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="equipage-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from equipage.accounts.models import User  # noqa: E402
from equipage.delivery.models import (  # noqa: E402
    RANK_STEP,
    AcceptanceCriterion,
    Release,
    RoadmapItem,
    Story,
    StoryStatus,
)
from equipage.people.models import Organisation, Person  # noqa: E402
from equipage.registry.models import Product  # noqa: E402
from equipage.teams.models import Membership  # noqa: E402
from equipage.teams.roles import Role  # noqa: E402

STORIES = int(os.environ.get("BENCH_STORIES", "5000"))
RELEASES = int(os.environ.get("BENCH_RELEASES", "200"))
RUNS = 5


def measure(client: Client, path: str, method: str = "get", data=None) -> tuple[float, int, int]:
    timings, counts = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = getattr(client, method)(path, data or {})
            if response.streaming:
                b"".join(response.streaming_content)
            timings.append(time.perf_counter() - start)
        counts.append(len(queries.captured_queries))
    return statistics.median(timings) * 1000, max(counts), response.status_code


def build() -> tuple[Product, User]:
    sponsor = Organisation.objects.create(name="Direction du banc d’essai", acronym="DBE")
    product = Product.objects.create(name="Banc d’essai", slug="banc-essai", pitch="Un banc.", sponsor=sponsor)
    user = User.objects.create_user(email="lead@bench.example", password=None)
    person = Person.objects.create(
        first_name="Léa", last_name="Lead", email=user.email, organisation=sponsor, user=user
    )
    Membership.objects.create(person=person, product=product, role=Role.PRODUCT_OWNER, time_share=50)
    items = [RoadmapItem.objects.create(product=product, title=f"Élément {n}", rank=n * RANK_STEP) for n in range(1, 9)]
    today = timezone.localdate()
    releases = Release.objects.bulk_create(
        Release(product=product, name=f"{n // 10}.{n % 10}", planned_date=today + datetime.timedelta(days=n - 100))
        for n in range(RELEASES)
    )
    statuses = list(StoryStatus.values)
    start = time.perf_counter()
    stories = Story.objects.bulk_create(
        (
            Story(
                product=product,
                number=n,
                rank=n * RANK_STEP,
                title=f"Story {n}",
                status=statuses[n % len(statuses)],
                roadmap_item=items[n % len(items)],
                release=releases[n % len(releases)],
                reach=n % 1000,
                impact=Decimal("1.00"),
                confidence=80,
                effort=Decimal(1 + n % 8),
                rice=Decimal(n % 1000) * Decimal("0.8") / Decimal(1 + n % 8),
            )
            for n in range(1, STORIES + 1)
        ),
        batch_size=2000,
    )
    AcceptanceCriterion.objects.bulk_create(
        (AcceptanceCriterion(story=story, position=p, text=f"Critère {p}") for story in stories for p in (1, 2)),
        batch_size=5000,
    )
    print(f"{STORIES} stories, {2 * STORIES} criteria, {RELEASES} releases: {time.perf_counter() - start:.1f} s")
    return product, user


def main() -> None:
    call_command("migrate", verbosity=0)
    product, user = build()
    client = Client()
    client.force_login(user)
    base = f"/produits/{product.slug}"
    middle = STORIES // 2
    release = Release.objects.filter(product=product).order_by("pk")[RELEASES // 2]
    pages = [
        f"{base}/backlog/",
        f"{base}/backlog/?page=60",
        f"{base}/backlog/?tri=rice",
        f"{base}/backlog/?statut=prete&q=Story",
        f"{base}/backlog/?sans_criteres=1",
        f"{base}/backlog/{middle}/",
        f"{base}/feuille-de-route/",
        f"{base}/recette/",
        f"{base}/recette/versions/{release.pk}/",
        "/portefeuille/livraison/",
    ]
    print(f"{'page':55} {'median ms':>10} {'queries':>8} {'status':>7}")
    for path in pages:
        median, queries, status = measure(client, path)
        print(f"{path:55} {median:10.1f} {queries:8d} {status:7d}")
    median, queries, status = measure(client, f"{base}/backlog/{middle}/deplacer/", "post", {"direction": "haut"})
    print(f"{'POST ' + base + f'/backlog/{middle}/deplacer/':55} {median:10.1f} {queries:8d} {status:7d}")


if __name__ == "__main__":
    main()
