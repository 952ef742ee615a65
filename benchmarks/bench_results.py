"""Benchmark of the uncached results page (issue 12, item 9): before and after the rebuild.

Run:  .venv/bin/python benchmarks/bench_results.py                       (this checkout's src, 5 runs)
      .venv/bin/python benchmarks/bench_results.py --src /path/to/other/checkout/src --repeat 5
      .venv/bin/python benchmarks/bench_results.py --scenario demo-omraade --repeat 3

Prints figures; it is not a test and asserts nothing about time. ``--src`` is the ``src`` folder of
the checkout to measure (default: the one beside this script), so the same script measures an old
and a new main. It uses only interfaces both have: ``frisat setup --demo``, the Django ORM of the
rounds and organisations, :func:`frisat.demo.generate_responses`, and the results page's URL.

1. A fresh SQLite database in a temporary data folder (``FRISAT_DATA_DIR``; ``DATABASE_URL`` is
   removed from the environment): ``frisat setup --demo`` builds the demo municipality.
2. One more kommune with a round of ``--respondents`` (20,000) respondents per wave and two waves
   (two rounds in one chain, ``next_wave``), answers from ``generate_responses`` (units of 15–25
   respondents, leaders and employees), stored with ``bulk_create`` as the mixing pool would leave
   them (anonymous ``Response`` rows), plus about 30 % invited respondents who did not answer; and a
   superuser who may see every round.
3. Each measurement in a fresh process (``PYTHONPATH=<src>``): log in (``force_login``), GET the
   results page of a round in *another* chain once (imports, templates, fonts warm; the measured
   page's own data is not in any cache), clear Django's cache and the in-process caches of the
   ``frisat`` modules (the figure caches and the anonymity audit cache: module-level dicts whose
   name ends in «cache»), then GET the measured page once: status 200 is required; wall time and the
   process's CPU time (all threads; SQLite runs in-process, so the database is included). Then the
   page's figures, which since issue 12 item 9 are image URLs of their own, are fetched one after
   another and timed apart (``figurer``; 0 for a page that embeds its figures as data: URIs).

Scenarios (``--scenario``, repeatable; default all):

- ``demo-samlet`` / ``demo-omraade``: the demo municipality's largest round (most responses), all
  respondents together (``grupper=``) and grouped by område (``grupper=omraade``, the default);
- ``stor-samlet`` / ``stor-omraade``: the second wave of the large round with both waves selected
  (``boelge=<1>&boelge=<2>``: development over time), together and by område.

The table gives the median of ``--repeat`` runs per scenario. The machine may be shared: the load
average before and after is printed; compare runs made under the same load. Figures are recorded in
docs/benchmarks.md («Resultatsiden (issue 12)»).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
DEFAULT_SRC = HERE.parents[1] / "src"
USERNAME = "bench-results"
MARKER = "bench-results.json"
SCENARIOS = ("demo-samlet", "demo-omraade", "stor-samlet", "stor-omraade")


# -- orchestration (no frisat imports here: the measured src is only imported by the subprocesses) --
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="src folder of the checkout to measure")
    parser.add_argument("--repeat", type=int, default=5, help="runs per scenario (the median is shown)")
    parser.add_argument("--respondents", type=int, default=20_000, help="respondents per wave of the large round")
    parser.add_argument("--scenario", action="append", choices=SCENARIOS, help="only these (repeatable)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter with Frisat's dependencies")
    parser.add_argument("--data-dir", type=Path, help="keep the database here and reuse it on the next run "
                                                       "(default: a temporary folder, deleted afterwards)")
    parser.add_argument("--_populate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--_measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._populate:
        return _populate(args.respondents)
    if args._measure:
        return _measure(json.loads(args._measure))

    src = args.src.resolve()
    if not (src / "frisat" / "__init__.py").is_file():
        sys.exit(f"{src} is not a src folder with the frisat package")
    data_dir = args.data_dir.resolve() if args.data_dir else Path(tempfile.mkdtemp(prefix="frisat-bench-results-"))
    env = _environment(src, data_dir)
    try:
        plan = _prepare(args, env, data_dir)
        chosen = [s for s in SCENARIOS if not args.scenario or s in args.scenario]
        load_before = os.getloadavg()
        rows = []
        for name in chosen:
            runs = [_run_once(args.python, env, plan[name]) for _ in range(args.repeat)]
            rows.append((name, plan[name]["label"], statistics.median(r["wall"] for r in runs),
                         statistics.median(r["cpu"] for r in runs), len(runs),
                         statistics.median(r.get("images_cpu", 0.0) for r in runs), runs[0].get("images", 0)))
            print(f"  {name}: " + ", ".join(f"{r['wall']:.2f} s" for r in runs), flush=True)
        _print_table(src, plan, rows, load_before, os.getloadavg())
    finally:
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


def _environment(src: Path, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FRISAT_DEBUG", "PYTHONPATH")}
    env.update(PYTHONPATH=str(src), FRISAT_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="frisat.web.settings",
               PYTHONHASHSEED="0")
    return env


def _prepare(args: argparse.Namespace, env: dict[str, str], data_dir: Path) -> dict[str, dict]:
    """The database with the demo and the large round (made once per data folder); the scenarios."""
    marker = data_dir / MARKER
    if marker.is_file():
        plan = json.loads(marker.read_text(encoding="utf-8"))
        if plan.get("respondents") == args.respondents:
            print(f"Genbruger databasen i {data_dir}", flush=True)
            return plan["scenarios"]
        sys.exit(f"{data_dir} holds a round of {plan.get('respondents')} respondents; use another --data-dir")
    print(f"Database: {data_dir} (frisat setup --demo, then {args.respondents} respondents × 2 waves)", flush=True)
    cli = "import sys; from frisat.cli.main import app; sys.argv[0] = 'frisat'; app()"
    subprocess.run([args.python, "-c", cli, "setup", "--demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([args.python, str(HERE), "--_populate", "--respondents", str(args.respondents)],
                         env=env, check=True, capture_output=True, text=True).stdout
    scenarios = json.loads(out.strip().splitlines()[-1])
    marker.write_text(json.dumps({"respondents": args.respondents, "scenarios": scenarios}), encoding="utf-8")
    return scenarios


def _run_once(python: str, env: dict[str, str], scenario: dict) -> dict:
    done = subprocess.run([python, str(HERE), "--_measure", json.dumps(scenario)], env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        sys.exit(f"the measurement of {scenario['url']} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_table(src: Path, plan: dict, rows: list[tuple], load_before: tuple, load_after: tuple) -> None:
    commit = subprocess.run(["git", "-C", str(src), "log", "-1", "--format=%h %cs %s"], capture_output=True,
                            text=True).stdout.strip()
    print()
    print(f"Resultatsiden uden cache — src: {src}" + (f" ({commit[:80]})" if commit else ""))
    print(f"Load average før {load_before[0]:.2f}, efter {load_after[0]:.2f} ({os.cpu_count()} kerner)")
    print()
    print("| scenarie | side | besvarelser | median væg (s) | median CPU (s) | kørsler | figurer hentet bagefter "
          "| median CPU figurer (s) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, label, wall, cpu, runs, images_cpu, images in rows:
        responses = f"{plan[name]['responses']:,}".replace(",", ".")
        print(f"| {name} | {label} | {responses} | {wall:.2f} | {cpu:.2f} | {runs} | {images} | {images_cpu:.2f} |")


# -- subprocess: the large round --------------------------------------------------------------------
def _django() -> None:
    from frisat.cli.django_env import setup_django

    setup_django()


def _populate(respondents: int) -> None:
    """Add the large two-wave round and the superuser; print the scenarios as JSON (last line)."""
    _django()
    import datetime as dt
    import secrets

    import pandas as pd
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from frisat.core.instrument import DEFAULT_INSTRUMENT, get_instrument
    from frisat.core.schema import DONT_KNOW
    from frisat.demo import generate_responses
    from frisat.web.organisations.models import Area, Municipality, Unit
    from frisat.web.rounds import services
    from frisat.web.rounds.models import Respondent, Response, Round, hash_token
    from frisat.web.rounds.selectors import DONT_KNOW_ANSWER

    instrument = get_instrument(DEFAULT_INSTRUMENT)
    frame = generate_responses(instrument, respondents=respondents, kommuner=1, seed=12, waves=2)
    columns = [(spec.name, spec.is_text) for spec in instrument.columns()]
    now = timezone.now()
    with transaction.atomic():
        municipality = Municipality.objects.create(name="Benchmark Kommune (resultatsiden)")
        units: dict[tuple[str, str], int] = {}
        for area_name in sorted(frame["omraade"].unique()):
            area = Area.objects.create(municipality=municipality, name=str(area_name))
            names = sorted(frame.loc[frame["omraade"] == area_name, "enhed"].unique())
            for unit in Unit.objects.bulk_create([Unit(area=area, name=str(n)) for n in names]):
                units[(str(area_name), unit.name)] = unit.pk
        groups = sorted(str(g) for g in frame["gruppe"].unique())
        first = services.create_round(municipality=municipality, name="Stor måling, bølge 1", groups=groups, wave="1",
                                      opens_at=now - dt.timedelta(days=400), closes_at=now - dt.timedelta(days=370))
        second = services.next_wave(first, name="Stor måling, bølge 2", wave="2",
                                    opens_at=now - dt.timedelta(days=40), closes_at=now - dt.timedelta(days=10))
        for round, wave in ((first, "1"), (second, "2")):
            rows = frame[frame["maaling"] == wave]
            unit_ids = [units[(str(o), str(e))] for o, e in zip(rows["omraade"], rows["enhed"], strict=True)]
            group = [str(g) for g in rows["gruppe"]]
            values = {name: rows[name].tolist() for name, _ in columns}
            day = timezone.localdate(round.closes_at) - dt.timedelta(days=1)
            responses, invited = [], []
            for i in range(len(rows)):
                answers: dict[str, object] = {}
                for name, is_text in columns:
                    value = values[name][i]
                    if pd.isna(value):
                        continue
                    if is_text:
                        answers[name] = str(value)
                    else:
                        answers[name] = DONT_KNOW_ANSWER if float(value) == DONT_KNOW else int(value)
                responses.append(Response(round=round, unit_id=unit_ids[i], group=group[i], answers=answers,
                                          submitted_on=day))
                answered = i % 10 < 7  # about 30 % more invited than answered
                for extra in range(1 if answered else 2):
                    invited.append(Respondent(round=round, unit_id=unit_ids[i], group=group[i],
                                              token_hash=hash_token(secrets.token_urlsafe(24)),
                                              invited_at=round.opens_at,
                                              answered_at=round.closes_at if extra == 0 else None))
            Response.objects.bulk_create(responses, batch_size=2000)
            Respondent.objects.bulk_create(invited, batch_size=2000)
        user_model = get_user_model()
        if not user_model.objects.filter(username=USERNAME).exists():
            user_model.objects.create_superuser(USERNAME, "bench@bench.invalid", secrets.token_urlsafe(24))

    counted = {m.pk: m for m in Round.objects.annotate(n=Count("responses"))}
    demo = [m for m in counted.values() if m.municipality_id != municipality.pk]
    largest = max(demo, key=lambda m: (m.n, m.pk))
    chain = {largest.pk, largest.previous_id, *(m.pk for m in demo if m.previous_id == largest.pk)}
    warm_demo = min((m for m in demo if m.pk not in chain), key=lambda m: (m.n, m.pk), default=None)
    warm_big = min(demo, key=lambda m: (m.n, m.pk))
    warm_demo = warm_demo or warm_big  # (a demo with one chain only: the page is warmed on itself)

    def url(m: Round, query: str) -> str:
        return reverse("results:detail", args=[m.pk]) + query

    # A bound filter form needs its waves (boelge); without them the page shows only the form.
    both = f"?boelge={first.pk}&boelge={second.pk}"
    own = f"?boelge={largest.pk}"
    demo_warm, big_warm = url(warm_demo, f"?boelge={warm_demo.pk}"), url(warm_big, f"?boelge={warm_big.pk}")
    scenarios = {
        "demo-samlet": {"url": url(largest, own + "&grupper="), "warm": demo_warm,
                        "responses": largest.n, "label": f"demo, største måling ({largest.name}), alle samlet"},
        "demo-omraade": {"url": url(largest, own + "&grupper=omraade"), "warm": demo_warm,
                         "responses": largest.n, "label": f"demo, største måling ({largest.name}), efter område"},
        "stor-samlet": {"url": url(second, both + "&grupper="), "warm": big_warm,
                        "responses": counted[first.pk].n + counted[second.pk].n,
                        "label": f"{respondents} respondenter × 2 bølger, alle samlet"},
        "stor-omraade": {"url": url(second, both + "&grupper=omraade"), "warm": big_warm,
                         "responses": counted[first.pk].n + counted[second.pk].n,
                         "label": f"{respondents} respondenter × 2 bølger, efter område"},
    }
    print(json.dumps(scenarios))


# -- subprocess: one measurement --------------------------------------------------------------------
def _clear_process_caches() -> None:
    """Empty the module-level caches of frisat (dicts named ``*cache``: figure and anonymity caches)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("frisat."):
            continue
        for attribute, value in list(vars(module).items()):
            if attribute.lower().endswith("cache") and isinstance(value, dict):
                value.clear()


def _measure(scenario: dict) -> None:
    _django()
    import gc
    import time

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USERNAME))
    warm = client.get(scenario["warm"])
    if warm.status_code != 200:
        sys.exit(f"warm-up {scenario['warm']}: status {warm.status_code}")
    cache.clear()
    _clear_process_caches()
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(scenario["url"])
    body = response.content
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if response.status_code != 200:
        sys.exit(f"{scenario['url']}: status {response.status_code}")
    if b"<figure" not in body:  # the filter form alone (e.g. refused, or no wave selected) is not the page
        sys.exit(f"{scenario['url']}: the page has no figures; check the scenario's query")
    # Since issue 12 item 9 the figures are image URLs of their own: fetched one after another, as extra
    # figures (a page with data: URIs has none to fetch).
    import html
    import re

    sources = [html.unescape(s) for s in re.findall(r'<img src="([^"]+)"', body.decode("utf-8"))
               if not s.startswith("data:")]
    images_wall, images_cpu = time.perf_counter(), time.process_time()
    for source in sources:
        if client.get(source).status_code != 200:
            sys.exit(f"{source}: the figure was not served")
    images_wall, images_cpu = time.perf_counter() - images_wall, time.process_time() - images_cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "bytes": len(body), "images": len(sources),
                      "images_wall": images_wall, "images_cpu": images_cpu}))


if __name__ == "__main__":
    main()
