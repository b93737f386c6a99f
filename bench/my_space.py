"""Benchmark: `/mon-espace/` of a person holding roles on 30 products, in a portfolio of 2,000.

Run with `.venv/bin/python bench/my_space.py`. It builds the demo portfolio (`load_demo --products
BENCH_PRODUCTS`, 2000 by default) in its own database (a temporary SQLite file unless
BENCH_DATABASE_URL is given), gives a demo account's person roles on 30 products (and another one
role on one product), then prints for each the median time of `/mon-espace/` over BENCH_RUNS requests,
its query count and size, and the time of the digest of the 30-product person. It asserts nothing.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="equipage-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from equipage.accounts.models import User  # noqa: E402
from equipage.checks.store import refresh  # noqa: E402
from equipage.core.todo import todo_items  # noqa: E402
from equipage.myspace.digest import build_message  # noqa: E402
from equipage.registry.models import Product  # noqa: E402
from equipage.teams.models import Membership  # noqa: E402
from equipage.teams.roles import Role  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
ROLES = [Role.PRODUCT_OWNER, Role.PRODUCT_MANAGER, Role.PRODUCT_COACH]


def give_roles(user: User, count: int) -> int:
    """Roles on `count` products the person does not work on yet (1 % of their time each)."""
    person = user.person
    taken = set(Membership.objects.filter(person=person).values_list("product_id", flat=True))
    products = list(Product.objects.active().exclude(pk__in=taken).order_by("pk")[: max(count - len(taken), 0)])
    Membership.objects.bulk_create(
        Membership(
            person=person,
            product=product,
            role=ROLES[index % len(ROLES)],
            time_share=1,
            start_date=datetime.date(2025, 1, 1),
        )
        for index, product in enumerate(products)
    )
    refresh([product.pk for product in products])
    return Membership.objects.current().filter(person=person).values("product_id").distinct().count()


def measure(client: Client, path: str) -> tuple[float, int, int]:
    client.get(path)  # the notifications recorded once
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
    assert response.status_code == 200, response.status_code
    return statistics.median(timings) * 1000, len(queries.captured_queries), len(response.content)


def main() -> None:
    print(f"Base : {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_demo", products=PRODUCTS, verbosity=0)
    print(f"Démonstration de {PRODUCTS} produits chargée en {time.perf_counter() - start:.0f} s")
    busy = User.objects.get(email="julien.laurent@equipage.example")
    quiet = User.objects.get(email="claire.dubois@equipage.example")
    products = give_roles(busy, 30)
    client = Client()
    print("| compte | produits | to-do | médiane (ms) | requêtes | taille (Kio) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for user in (quiet, busy):
        client.force_login(user)
        count = Membership.objects.current().filter(person=user.person).values("product_id").distinct().count()
        milliseconds, queries, size = measure(client, "/mon-espace/")
        items = len(todo_items(user.person, timezone.localdate()))
        print(f"| {user.email} | {count} | {items} | {milliseconds:.0f} | {queries} | {size // 1024} |")
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        items = todo_items(busy.person, timezone.localdate())
        message = build_message(busy.person, items, timezone.localdate(), busy.digest_frequency)
    print(
        f"Résumé par courriel de {busy.email} ({products} produits, {len(items)} éléments) : "
        f"{(time.perf_counter() - start) * 1000:.0f} ms, {len(queries)} requêtes, {len(message.body) // 1024} Kio"
    )


if __name__ == "__main__":
    main()
