"""A bounded load test of a running Équipage: N simulated users for D seconds on a realistic page mix.

    .venv/bin/python bench/load.py [http://127.0.0.1:8000] [--users 20] [--seconds 60] [--think 1-3]

Only 127.0.0.1 or localhost is accepted (never point it at a shared server). Every user signs in
with the demo administrator account (EQUIPAGE_DEMO_PASSWORD) before the clock starts, then requests
pages of the mix, reading each page for a random 1 to 3 seconds before the next one, as locust's
`wait_time = between(1, 3)` users do (`--think 0` requests without pause: a stress test, where the
latency measures the queue of twenty users on two workers rather than a page). It prints
p50/p95/p99 per page and overall. Serve the benchmark portfolio first, for example with gunicorn
and 2 workers on the database `bench/portfolio_pages.py` filled.
"""

import argparse
import os
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from urllib.parse import urlparse

import requests

MIX = [  # (weight, path); {slug} is a product of the portfolio
    (3, "/"),
    (3, "/produits/"),
    (2, "/produits/?vigilance=bloquant"),
    (2, "/portefeuille/"),
    (1, "/portefeuille/conformite/"),
    (1, "/api/v1/findings/"),
    (4, "/produits/{slug}/"),
    (2, "/produits/{slug}/equipe/"),
    (1, "/produits/{slug}/indicateurs/"),
    (1, "/produits/{public}/statistiques/"),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/connexion/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    password = os.environ.get("EQUIPAGE_DEMO_PASSWORD", "equipage-demo-2026")
    session.post(
        f"{base}/connexion/",
        data={"csrfmiddlewaretoken": token, "username": "admin@equipage.example", "password": password},
        headers={"Referer": f"{base}/connexion/"},
        timeout=30,
    )
    return session


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", default="1-3", help="seconds a user reads a page, as a range (0: no pause)")
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    base = args.base.rstrip("/")
    if urlparse(base).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("Refusé : ce test de charge ne vise que 127.0.0.1 ou localhost.")
    if not 1 <= args.users <= 50 or not 1 <= args.seconds <= 300:
        raise SystemExit("Refusé : au plus 50 utilisateurs et 300 secondes.")
    probe = sign_in(base)
    links = re.findall(r'href="/produits/([a-z0-9-]+)/"', probe.get(f"{base}/produits/", timeout=30).text)
    slugs = [slug for slug in dict.fromkeys(links) if slug != "nouveau"]  # not the « create a product » link
    if not slugs:
        raise SystemExit("Aucun produit trouvé : connexion refusée ou portefeuille vide.")
    # The public statistics page exists only for products that publish indicators: take those the
    # portfolio statistics page links to.
    public = re.findall(
        r'href="/produits/([a-z0-9-]+)/statistiques/"', probe.get(f"{base}/statistiques/", timeout=30).text
    )
    public = public or slugs
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    # Every user signs in before the clock starts, one after the other: twenty password hashes at once
    # would measure the sign-in stampede, not the page mix.
    sessions = [sign_in(base) for _ in range(args.users)]
    deadline = time.monotonic() + args.seconds

    def user(number: int) -> None:
        rng = random.Random(number)
        session = sessions[number]
        weighted = [path for weight, path in MIX for _ in range(weight)]
        while time.monotonic() < deadline:
            template = rng.choice(weighted)
            path = template.format(slug=rng.choice(slugs), public=rng.choice(public))
            start = time.perf_counter()
            try:
                status = session.get(f"{base}{path}", timeout=60).status_code
            except requests.RequestException:
                status = None  # a timeout or a refused connection counts as an error, timed as it waited
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings[template].append(elapsed)
                if status != 200:
                    errors[template] += 1
            pause = rng.uniform(*think)
            if pause:
                time.sleep(max(0.0, min(pause, deadline - time.monotonic())))

    threads = [threading.Thread(target=user, args=(number,)) for number in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [value for values in timings.values() for value in values]
    pause = f"reading each page {args.think} s" if think != (0.0, 0.0) else "without pause"
    print(f"{args.users} users, {pause}, {args.seconds} s, {len(everything)} requests on {base}")
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for _weight, template in MIX:
        values = timings.get(template)
        if values:
            print(
                f"| `{template}` | {len(values)} | {errors[template]} | {statistics.median(values):.0f} | "
                f"{percentile(values, 0.95):.0f} | {percentile(values, 0.99):.0f} |"
            )
    print(
        f"| all | {len(everything)} | {sum(errors.values())} | {statistics.median(everything):.0f} | "
        f"{percentile(everything, 0.95):.0f} | {percentile(everything, 0.99):.0f} |"
    )


if __name__ == "__main__":
    main()
