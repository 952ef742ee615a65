"""Several app servers and task workers against one PostgreSQL: every mail sent exactly once.

Starts two app servers (gunicorn, as ``frisat serve`` runs it, on two ports) and two task workers
(``python -m django db_worker``), all against ``DATABASE_URL``, with the file e-mail backend in a
fresh data folder. Makes a round with ``--respondents`` respondents, logs in on app server 1 and
starts the invitations there — and at the same moment on app server 2 (that one must be refused:
nobody is left) — follows the progress on app server 2, and then checks: one delivery per
respondent, every delivery sent, and each address exactly once among the mails the workers wrote.

    FRISAT_PG_STATE=/tmp/pg.state bash scripts/pg-test-server start     # prints DATABASE_URL
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/mail_multi_server.py --respondents 500

The database named in DATABASE_URL is emptied first (use a throwaway one). Exit 0 when every check holds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

PORTS = (8101, 8102)


def client() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def get(opener, url: str) -> str:
    with opener.open(url, timeout=30) as response:
        return response.read().decode()


def post(opener, url: str, data: dict[str, str]) -> tuple[int, str, str]:
    form = {"csrfmiddlewaretoken": csrf(get(opener, url)), **data}
    request = urllib.request.Request(url, urllib.parse.urlencode(form).encode(), headers={"Referer": url})
    with opener.open(request, timeout=60) as response:
        return response.status, response.geturl(), response.read().decode()


def wait_for(url: str, seconds: float = 180) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=10).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} svarer ikke")


def make_round(n: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from frisat.web.common.formatting import day_bounds
    from frisat.web.organisations.models import Enhed, Kommune, Membership, Omraade
    from frisat.web.rounds import services
    from frisat.web.rounds.models import Respondent

    call_command("flush", interactive=False, verbosity=0)
    kommune = Kommune.objects.create(name="Rebild")
    area = Omraade.objects.create(kommune=kommune, name="Skole")
    units = [Enhed.objects.create(omraade=area, name=f"Skole {i}") for i in range(5)]
    user = get_user_model().objects.create_user("anna", password="hemmeligt-kodeord-42", first_name="Anna")
    Membership.objects.create(user=user, kommune=kommune, role=Membership.Role.ADMIN)
    opens, closes = day_bounds(timezone.localdate(), timezone.localdate() + dt.timedelta(days=14))
    round_ = services.create_round(kommune=kommune, name="Barometer", opens_at=opens, closes_at=closes,
                                   groups=["leder", "medarbejder"])
    respondents = []
    for i in range(n):
        respondent = Respondent(maaling=round_, email=f"person{i}@example.dk", enhed=units[i % 5], gruppe="medarbejder")
        respondent.set_new_token()
        respondents.append(respondent)
    Respondent.objects.bulk_create(respondents, batch_size=1000)
    return round_


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=500)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Sæt DATABASE_URL til en PostgreSQL-database (fx fra scripts/pg-test-server start).")
    data = Path(tempfile.mkdtemp(prefix="frisat-mails-"))
    os.environ.update(FRISAT_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="frisat.web.settings",
                      FRISAT_SECRET_KEY="multi-server-test-" + "x" * 40, FRISAT_BASE_URL="https://frisat.example.dk")
    os.environ.pop("FRISAT_EMAIL_HOST", None)
    subprocess.run([sys.executable, "-m", "django", "migrate", "--verbosity", "0"], check=True)
    subprocess.run([sys.executable, "-m", "django", "createcachetable"], check=True)
    import django

    django.setup()
    from django.db import connections

    from frisat.cli.serve_command import gunicorn_argv
    from frisat.web.mailings.models import Delivery, Sending
    from frisat.web.mailings.worker import worker_argv

    round_ = make_round(args.respondents)
    connections.close_all()
    processes = [subprocess.Popen(gunicorn_argv("127.0.0.1", port, 2, 4)) for port in PORTS]
    processes += [subprocess.Popen(worker_argv()) for _ in range(2)]
    try:
        for port in PORTS:
            wait_for(f"http://127.0.0.1:{port}/login/")
        started = time.monotonic()
        openers = []
        for port in PORTS:
            opener = client()
            post(opener, f"http://127.0.0.1:{port}/login/", {"username": "anna", "password": "hemmeligt-kodeord-42"})
            openers.append(opener)
        # Both app servers are asked to send the invitations at the same moment.
        answers: list[tuple[int, str, str]] = [None, None]

        def start(i: int) -> None:
            answers[i] = post(openers[i], f"http://127.0.0.1:{PORTS[i]}/mails/{round_.pk}/send/invitation/",
                              {"contact": "Anna", "confirm": "on"})

        threads = [threading.Thread(target=start, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        accepted = [a for a in answers if "/udsendelse/" in a[1]]
        print(f"Udsendelsen startet: {len(accepted)} af 2 app-servere tog imod (den anden: ingen modtagere tilbage)")
        sending = Sending.objects.get()
        progress_url = f"http://127.0.0.1:{PORTS[1]}/mails/{round_.pk}/udsendelse/{sending.pk}/"
        while True:
            page = get(openers[1], progress_url)
            status = re.search(r'<p role="status"[^>]*>(.*?)</p>', page, re.S).group(1).strip()
            print(f"{time.monotonic() - started:6.1f} s  {status}")
            if status.startswith("Færdig") or time.monotonic() - started > 600:
                break
            time.sleep(1)
        elapsed = time.monotonic() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)
    deliveries = Delivery.objects.filter(sending__round=round_)
    by_status = Counter(deliveries.values_list("status", flat=True))
    per_respondent = Counter(deliveries.values_list("respondent_id", flat=True))
    mails = Counter()
    for path in (data / "mail").glob("*.log"):
        mails.update(re.findall(r"^To: (\S+)$", path.read_text(encoding="utf-8"), re.M))
    from django_tasks_db.models import DBTaskResult

    workers = Counter(w for r in DBTaskResult.objects.all() for w in r.worker_ids)
    expected = {f"person{i}@example.dk" for i in range(args.respondents)}
    checks = {
        "én udsendelse": Sending.objects.count() == 1 and len(accepted) == 1,
        "én levering pr. respondent": len(per_respondent) == args.respondents and set(per_respondent.values()) == {1},
        "alle leveringer sendt": by_status == Counter({Delivery.Status.SENT: args.respondents}),
        "hver adresse præcis én mail": set(mails) == expected and set(mails.values()) == {1},
    }
    print(f"{args.respondents} respondenter, {sum(mails.values())} mails i {data / 'mail'} på {elapsed:.1f} s; "
          f"opgaver pr. worker: {dict(workers)}; leveringer: {dict(by_status)}")
    for name, ok in checks.items():
        print(f"{'OK ' if ok else 'FEJL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    raise SystemExit(main())
