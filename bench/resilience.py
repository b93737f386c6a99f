"""Resilience of a running Équipage under a bounded mixed load, across a PostgreSQL restart (not a test).

    .venv/bin/python bench/resilience.py [http://127.0.0.1:8000] [--seconds 60] [--readers 4] [--writers 4]
        [--restart-postgres "pg_ctlcluster 15 main restart"] [--restart-after 20]

Only 127.0.0.1 or localhost is accepted. Run it against a disposable instance (it creates products named
« Résilience <run> <n> »), for example `make run` on PostgreSQL: `DATABASE_URL=postgres://… make run`.
Readers fetch pages and API lists; writers create products through the API (admin session). With
--restart-postgres, the given command restarts PostgreSQL after --restart-after seconds (it needs the
rights to do so; never on a shared server): without it, or on SQLite, the restart is skipped with a
message. The report gives the acknowledged writes, the rows found afterwards, the errors before, during
(10 s after the restart) and after, and the p50/p95/p99 latencies.
"""

import argparse
import os
import re
import shlex
import subprocess
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlparse

import requests

READS = ["/", "/produits/", "/portefeuille/", "/api/v1/products/", "/api/v1/findings/", "/healthz"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


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
    session.headers["X-CSRFToken"] = session.cookies.get("csrftoken", "")
    session.headers["Referer"] = f"{base}/"
    return session


class Run:
    def __init__(self, base: str, seconds: int):
        self.base, self.deadline = base, time.monotonic() + seconds
        self.run_id = uuid.uuid4().hex[:6]
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: Counter = Counter()
        self.statuses: Counter = Counter()
        self.acknowledged: list[str] = []
        self.restarted_at: float | None = None
        self.counter = 0

    def phase(self, now: float) -> str:
        if self.restarted_at is None or now < self.restarted_at:
            return "avant"
        return "pendant" if now < self.restarted_at + 10 else "après"

    def record(self, started: float, ok: bool, label: str, status: int | str = "") -> None:
        with self.lock:
            self.latencies.append(time.monotonic() - started)
            if not ok:
                self.errors[(self.phase(started), label)] += 1
                self.statuses[(label, status)] += 1


def reader(run: Run, session: requests.Session) -> None:
    index = 0
    while time.monotonic() < run.deadline:
        path = READS[index % len(READS)]
        index += 1
        started = time.monotonic()
        try:
            status = session.get(f"{run.base}{path}", timeout=30).status_code
        except requests.RequestException as error:
            status = type(error).__name__
        run.record(started, status == 200, "lecture", status)


def writer(run: Run, session: requests.Session, sponsor: str) -> None:
    while time.monotonic() < run.deadline:
        with run.lock:
            run.counter += 1
            name = f"Résilience {run.run_id} {run.counter}"
        started = time.monotonic()
        try:
            response = session.post(
                f"{run.base}/api/v1/products/", json={"name": name, "pitch": "Charge.", "sponsor": sponsor}, timeout=30
            )
            status = response.status_code
        except requests.RequestException as error:
            status = type(error).__name__
        if status == 201:
            with run.lock:
                run.acknowledged.append(name)
        run.record(started, status == 201, "écriture", status)


def restart(run: Run, command: str | None, after: int) -> None:
    time.sleep(after)
    if not command:
        print('Redémarrage de PostgreSQL ignoré : passez --restart-postgres "<commande>" pour le provoquer.')
        return
    health = requests.get(f"{run.base}/healthz", timeout=30).json()
    if health.get("vendor") not in (None, "postgresql"):
        print(f"Redémarrage ignoré : la base est {health.get('vendor')}, pas PostgreSQL.")
        return
    run.restarted_at = time.monotonic()
    result = subprocess.run(shlex.split(command), capture_output=True, text=True, check=False)  # noqa: S603
    print(f"PostgreSQL redémarré ({command}) : code {result.returncode} {result.stderr.strip()[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--restart-postgres", default=None, help="commande qui redémarre PostgreSQL")
    parser.add_argument("--restart-after", type=int, default=20)
    options = parser.parse_args()
    base = options.base.rstrip("/")
    if urlparse(base).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("Seuls 127.0.0.1 et localhost sont acceptés.")

    run = Run(base, options.seconds)
    sessions = [sign_in(base) for _ in range(options.readers + options.writers)]
    sponsor = sessions[0].get(f"{base}/api/v1/organisations/", timeout=30).json()["results"][0]["name"]
    threads = [threading.Thread(target=reader, args=(run, s)) for s in sessions[: options.readers]]
    threads += [threading.Thread(target=writer, args=(run, s, sponsor)) for s in sessions[options.readers :]]
    threads.append(threading.Thread(target=restart, args=(run, options.restart_postgres, options.restart_after)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    found = sessions[0].get(f"{base}/api/v1/products/", params={"q": f"Résilience {run.run_id}"}, timeout=60).json()
    print(f"Requêtes : {len(run.latencies)} en {options.seconds} s")
    print(f"Écritures acquittées : {len(run.acknowledged)} ; lignes retrouvées : {found['count']}")
    for phase in ("avant", "pendant", "après"):
        print(
            f"Erreurs {phase} : "
            + ", ".join(f"{label} {run.errors[(phase, label)]}" for label in ("lecture", "écriture"))
        )
    if run.statuses:
        print(
            "Réponses en erreur : "
            + ", ".join(f"{label} {status} × {n}" for (label, status), n in run.statuses.items())
        )
    print(
        "Latences (ms) : "
        + " ; ".join(f"p{int(q * 100)} {percentile(run.latencies, q) * 1000:.0f}" for q in (0.5, 0.95, 0.99))
    )


if __name__ == "__main__":
    main()
