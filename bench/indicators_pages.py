"""Benchmark: a product with 20 indicators holding five years of daily measurements, then time its pages.

Run with `.venv/bin/python bench/indicators_pages.py`. It uses its own database (a temporary SQLite file
unless BENCH_DATABASE_URL is given) and prints page times and query counts; it asserts nothing.
`BENCH_REUSE=1` with `BENCH_DATABASE_URL` times an already loaded database again (the same rows, so that
before and after can be compared alternately). Each page shows its median wall time and the median processor
time of this process alone (`time.process_time()`: Python and rendering, without the database server's own
time), which a machine shared with other work disturbs much less.
"""

import datetime
import os
import random
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
# In-process test client on plain HTTP: the production HTTPS defaults would redirect every request.
os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k" * 40)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from equipage.accounts.models import User  # noqa: E402
from equipage.indicators.models import Frequency, Indicator, Measurement, Objective, Unit  # noqa: E402
from equipage.registry.models import Product  # noqa: E402

INDICATORS = int(os.environ.get("BENCH_INDICATORS", "20"))
DAYS = int(os.environ.get("BENCH_DAYS", str(5 * 365)))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def measure(client: Client, path: str) -> tuple[float, float, int, int, int]:
    timings, cpu = [], []
    client.get(path)  # warm-up: template loading and the first connection are not what is measured
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return (
        statistics.median(timings) * 1000,
        statistics.median(cpu) * 1000,
        len(queries.captured_queries),
        response.status_code,
        len(body),
    )


def build() -> Product:
    product = Product.objects.filter(is_public_service=True).order_by("slug").first()
    objective = Objective.objects.create(product=product, title="Objectif du banc d’essai", position=99)
    today = timezone.localdate()
    first = today - datetime.timedelta(days=DAYS - 1)
    rng = random.Random(2026)
    rows = []
    for number in range(INDICATORS):
        indicator = Indicator.objects.create(
            product=product,
            objective=objective,
            code=f"banc-{number}",
            name=f"Indicateur quotidien {number}",
            unit=Unit.COUNT,
            baseline=Decimal(100),
            baseline_date=first,
            target=Decimal(500),
            target_date=today + datetime.timedelta(days=365),
            frequency=Frequency.WEEKLY,
            is_published=True,
        )
        rows += [
            Measurement(
                indicator=indicator,
                date=first + datetime.timedelta(days=day),
                value=Decimal(100 + day // 5 + rng.randint(0, 40)),
            )
            for day in range(DAYS)
        ]
    start = time.perf_counter()
    Measurement.objects.bulk_create(rows, batch_size=5000)
    print(f"{len(rows)} measurements of {INDICATORS} indicators: {time.perf_counter() - start:.1f} s")
    return product


def main() -> None:
    if os.environ.get("BENCH_REUSE"):
        indicator = Indicator.objects.filter(code="banc-0").select_related("product").get()
        product = indicator.product
    else:
        call_command("migrate", verbosity=0)
        call_command("load_demo", "--products", "50", stdout=open(os.devnull, "w"))  # noqa: SIM115
        product = build()
        indicator = Indicator.objects.filter(product=product, code="banc-0").get()
    client = Client()
    client.force_login(User.objects.get(email="admin@equipage.example"))
    pages = [
        f"/produits/{product.slug}/indicateurs/",
        f"/produits/{product.slug}/indicateurs/{indicator.pk}/",
        f"/produits/{product.slug}/statistiques/",
        f"/produits/{product.slug}/statistiques.csv",
        f"/produits/{product.slug}/statistiques.json",
        "/statistiques/",
        f"/produits/{product.slug}/",
        f"/api/v1/products/{product.slug}/indicators/",
    ]
    only = os.environ.get("BENCH_PAGES")  # e.g. BENCH_PAGES=indicateurs/,statistiques/
    if only:
        pages = [path for path in pages if any(path.endswith(end) for end in only.split(","))]
    print(f"{'page':55} {'wall ms':>8} {'cpu ms':>7} {'queries':>8} {'status':>7} {'kB':>7}")
    for path in pages:
        median, cpu, queries, status, size = measure(client, path)
        print(f"{path:55} {median:8.1f} {cpu:7.1f} {queries:8d} {status:7d} {size / 1024:7.0f}")


if __name__ == "__main__":
    main()
