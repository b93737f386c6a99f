"""Benchmark: the committee pack, for one product and for a portfolio committee reviewing 50 products.

Run with `.venv/bin/python bench/committee_pack.py`. It builds the demo portfolio with 50 products in its own
database (a temporary SQLite file unless BENCH_DATABASE_URL is given), then times the HTML and the PDF of the
packs and counts the queries. It prints figures and asserts nothing. Targets: a one-product PDF in under
5 seconds, a 50-product portfolio PDF in under 60 seconds.
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="equipage-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_MEDIA_ROOT", f"{workdir}/media")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from equipage.committees import pack  # noqa: E402
from equipage.committees.kinds import install_default_kinds  # noqa: E402
from equipage.committees.models import CommitteeKind, Session  # noqa: E402
from equipage.registry.models import Product  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "50"))


def timed(label: str, products: list, session=None) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        context = pack.build_context(products, session=session)
        html = pack.render_html(context)
        html_seconds = time.perf_counter() - start
        pdf = pack.render_pdf(context)
        total = time.perf_counter() - start
    print(
        f"{label:40} HTML {html_seconds:6.2f} s ({len(html) // 1024} Kio)   "
        f"PDF {total:6.2f} s ({len(pdf) // 1024} Kio)   {len(queries)} requêtes"
    )


def main() -> None:
    print(f"Base : {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_demo", products=PRODUCTS, verbosity=0)
    print(f"Démonstration de {PRODUCTS} produits chargée en {time.perf_counter() - start:.1f} s")
    install_default_kinds(CommitteeKind)
    products = list(Product.objects.active().select_related("sponsor").order_by("name"))
    richest = max(products, key=lambda product: product.memberships.count())
    timed(f"Un produit ({richest.name})", [richest])
    session = Session.objects.create(
        kind=CommitteeKind.objects.get(code="comite-portefeuille"), date=datetime.date.today(), title="Revue DNUM"
    )
    session.products.set(products[:PRODUCTS])
    timed(f"Portefeuille de {len(products[:PRODUCTS])} produits", pack.session_products(session), session)


if __name__ == "__main__":
    main()
