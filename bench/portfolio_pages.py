"""Benchmark: build a 2,000-product portfolio, then time the heavy pages and count their queries.

Run with `make bench` (or `.venv/bin/python bench/portfolio_pages.py`). It uses its own database
(a temporary SQLite file unless BENCH_DATABASE_URL is given) and prints figures; it asserts nothing.
"""

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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from equipage.accounts.models import User  # noqa: E402
from equipage.registry.models import Product  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))
RUNS = 5


def measure(client: Client, path: str) -> tuple[float, int, int]:
    timings = []
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000, len(queries.captured_queries), response.status_code


def main() -> None:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_demo", "--products", str(PRODUCTS), stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"load_demo --products {PRODUCTS}: {time.perf_counter() - start:.1f} s ({connection.vendor})")
    client = Client()
    client.force_login(User.objects.get(email="admin@equipage.example"))
    product = Product.objects.order_by("slug").first()
    pages = [
        "/",
        "/produits/",
        "/produits/?page=40",
        "/produits/?q=portail&phase=construction",
        "/produits/?vigilance=bloquant",
        "/portefeuille/",
        f"/produits/{product.slug}/equipe/",
        f"/produits/{product.slug}/responsabilites/",
        f"/produits/{product.slug}/autodiagnostic/",
        f"/produits/{product.slug}/",
        f"/produits/{product.slug}/historique/",
        "/api/v1/products/",
        "/api/v1/findings/",
    ]
    print(f"{'page':45} {'median ms':>10} {'queries':>8} {'status':>7}")
    for path in pages:
        median, queries, status = measure(client, path)
        print(f"{path:45} {median:10.1f} {queries:8d} {status:7d}")


if __name__ == "__main__":
    main()
