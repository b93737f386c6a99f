"""Benchmark: the daily snapshot and the campaign pages at 2,000 products.

Run with `.venv/bin/python bench/trends_campaigns.py`. It builds the demo portfolio with 2,000 products
(`BENCH_PRODUCTS`; the demo writes a year of weekly snapshots and two campaigns) in its own database (a
temporary SQLite file unless BENCH_DATABASE_URL is given), then times the daily snapshot of every product
(target: well under 60 s) written for a new day and again for the same day, and the campaign and trend
pages with an in-process client (median wall time and this process's CPU time: on a shared machine the
CPU time is the steadier figure), with their query counts, beside the admin's product changelist. It
prints figures and asserts nothing.
`BENCH_REUSE=1` with `BENCH_DATABASE_URL` times an already loaded database again.
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
os.environ.setdefault("DJANGO_MEDIA_ROOT", f"{workdir}/media")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k" * 40)
os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from equipage.accounts.models import User  # noqa: E402
from equipage.campaigns.models import Campaign  # noqa: E402
from equipage.registry.models import Product  # noqa: E402
from equipage.trends.models import ProductSnapshot  # noqa: E402
from equipage.trends.snapshots import take_snapshots  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))
RUNS = 5


def snapshot(label: str, day: datetime.date) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        written = take_snapshots(day)
        seconds = time.perf_counter() - start
    print(f"{label:52} {seconds:7.2f} s   {written} instantanés   {len(queries)} requêtes")


def page(client: Client, url: str) -> None:
    client.get(url)  # warm
    times, cpu = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    size = len(body) // 1024
    print(
        f"{url:52} {statistics.median(times):7.0f} ms  (processeur {statistics.median(cpu):4.0f} ms)  "
        f"{len(queries):3} requêtes  {response.status_code}  {size} Kio"
    )


def main() -> None:
    print(f"Base : {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)
    if not os.environ.get("BENCH_REUSE"):  # BENCH_REUSE=1: the database already holds the portfolio
        start = time.perf_counter()
        call_command("load_demo", products=PRODUCTS, verbosity=0)
        print(f"Démonstration de {PRODUCTS} produits chargée en {time.perf_counter() - start:.1f} s")
    print(f"{Product.objects.active().count()} produits actifs, {ProductSnapshot.objects.count()} instantanés")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    snapshot("Instantané quotidien, nouveau jour", tomorrow)
    snapshot("Instantané quotidien, même jour à nouveau", tomorrow)
    ProductSnapshot.objects.filter(day=tomorrow).delete()
    client = Client()
    client.force_login(User.objects.get(email="admin@equipage.example"))
    page(client, "/portefeuille/campagnes/")
    for campaign in Campaign.objects.order_by("pk"):
        page(client, campaign.get_absolute_url())
        for fmt in ("csv", "xlsx", "ods"):
            page(client, f"{campaign.get_absolute_url()}produits-a-traiter.{fmt}")
    page(client, "/admin/registry/product/")  # the reference: every list page at most the admin's time
    page(client, "/portefeuille/tendances/")
    page(client, "/portefeuille/tendances/?periode=trois-ans")
    page(client, Product.objects.active().order_by("pk").first().get_absolute_url())
    page(client, "/api/v1/campaigns/")


if __name__ == "__main__":
    main()
