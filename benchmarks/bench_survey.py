"""Benchmark of the respondent survey under load: many people answering at the same time.

Run:  .venv/bin/python benchmarks/bench_survey.py           (both scenarios, ~3 minutes)
      .venv/bin/python benchmarks/bench_survey.py --scenario submit --kill-workers 5   (crash safety)
      .venv/bin/python benchmarks/bench_survey.py --scenario journey --users 100 --duration 30
      .venv/bin/python benchmarks/bench_survey.py --client httpx  (needs: pip install -e '.[bench]')

Needs the PostgreSQL server binaries (bash scripts/install-system-packages --test).

What it does, all on this machine and on 127.0.0.1 only:

1. starts a throwaway PostgreSQL server (scripts/pg-test-server, durable settings: fsync on; use
   --fast-db for fsync off), migrates it and creates a round with N respondents (personal links);
2. starts gunicorn (gthread: --workers × --threads; or --worker-class sync) with the production
   code path (DEBUG off);
3. drives --users concurrent simulated respondents (asyncio; one cookie jar and keep-alive
   connection each; a small HTTP/1.1 client of its own by default, httpx with --client httpx) that
   take links from a shared queue until the links or the time run out — as fast as they can
   (closed loop, the default: the highest throughput), or with --rate R new respondents arriving
   at random at R per second (open loop: the latencies a respondent sees at that load):

   - ``journey``: the whole form as a browser does it: GET /s/<token>/ (intro), for every section
     GET the page and POST it (CSRF token from the form, 303 → next page), GET the review page,
     POST it (submit, 303 → /tak/) and GET the thank-you page;
   - ``submit``: the submit itself, for respondents whose answers are already saved as drafts:
     POST of the review page (303 → /tak/). Each simulated browser loads one review page first,
     for its CSRF cookie and token, and reuses them (as a browser would within one session).

   About 10 % of the respondents double-submit: two POSTs of the review page at once (double
   click / two tabs). Exactly one must give the thank-you page, the other the "already answered" page;

4. checks afterwards — after the final flush of the round's mixing pool (the round is anonymous:
   answers reach Response in shuffled batches, docs/anonymity.md) — that the number of Response
   rows equals the number of completed submissions (no loss, no duplicates) and that no draft is
   left for an answered respondent; in the submit scenario every draft carries a marker comment,
   and each answered respondent's marker must be in exactly one response;

   With --kill-workers N, a gunicorn worker (a random one) is killed with SIGKILL N times, evenly
   spread over the load (the master starts a new one). Requests in flight on it fail (counted, not
   an error of the check); the check is then that every respondent whose claim committed has
   exactly one response, every thanked submission among them, nothing else in Response, and
   nothing left in the pool;
5. prints submissions per second, request latencies (p50/p95/p99) per kind of request and errors,
   the CPU time of server, database and client per submission, and how busy the rest of the machine
   was (load average before and after, and the cores other processes used meanwhile: on a shared
   machine the throughput depends on it, the CPU per submission much less);
   stops the servers and deletes the cluster. Bounded: at most N respondents and --duration seconds.

gunicorn is started with the arguments ``frisat serve`` uses (frisat.cli.serve_command.gunicorn_argv).

Figures are recorded in docs/benchmarks.md («Spørgeskemaet under belastning»).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TARGET_RATE, TARGET_P95_MS = 200.0, 150.0
KEEP_ALIVE = 30  # seconds, gunicorn --keep-alive
CORES = os.cpu_count() or 1


# -- servers ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """scripts/pg-test-server with a state file of our own, so it never touches another run's server."""

    def __init__(self, durable: bool) -> None:
        state = Path(tempfile.gettempdir()) / f"frisat-bench-{os.getpid()}.state"
        self.env = {**os.environ, "FRISAT_PG_STATE": str(state)}
        self.durable = durable
        self.url = ""
        self.pid = 0

    def __enter__(self) -> Postgres:
        args = ["bash", str(ROOT / "scripts" / "pg-test-server"), "start"] + (["--durable"] if self.durable else [])
        self.url = subprocess.run(args, env=self.env, check=True, capture_output=True, text=True).stdout.strip()
        state = dict(line.split("=", 1) for line in Path(self.env["FRISAT_PG_STATE"]).read_text().split())
        self.pid = int((Path(state["PG_DIR"]) / "data" / "postmaster.pid").read_text().split()[0])
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server"), "stop"], env=self.env, check=False)


class Gunicorn:
    """gunicorn started as ``frisat serve`` starts it (:func:`frisat.cli.serve_command.gunicorn_argv`),
    with a long keep-alive and a deep backlog for the simulated browsers."""

    def __init__(self, env: dict[str, str], workers: int, threads: int, log: Path, worker_class: str) -> None:
        from frisat.cli.serve_command import gunicorn_argv

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.argv = [*gunicorn_argv("127.0.0.1", self.port, workers, threads, worker_class=worker_class),
                     "--keep-alive", str(KEEP_ALIVE), "--backlog", "2048"]
        self.env = env
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        handle = self.log.open("w")
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/login/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# -- data ---------------------------------------------------------------------------------------
def setup_database(respondents: int, drafts: bool) -> tuple[int, list[str], list[list[str]]]:
    """Migrate and create a round with ``respondents`` links; returns (round id, tokens, page field names).

    Respondents are inserted with bulk_create (the tokens and hashes exactly as
    ``rounds.services.add_respondent`` makes them) so that setting up 10,000 takes seconds. With
    ``drafts`` every respondent already has a complete draft (saved through ``services.save_draft``
    in bulk form), for the submit-only scenario.
    """
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from frisat.core.instrument import get_instrument
    from frisat.web.organisations.models import Area, Municipality, Unit
    from frisat.web.rounds import services
    from frisat.web.rounds.crypto import seal_draft
    from frisat.web.rounds.models import Draft, Respondent, hash_token, new_token

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    municipality = Municipality.objects.create(name="Benchmark Kommune")
    areas = [Area.objects.create(municipality=municipality, name=area) for area in ("dagtilbud", "skole", "aeldre")]
    units = [Unit.objects.create(area=o, name=f"{o.name} {i}") for o in areas for i in range(1, 4)]
    now = timezone.now()
    round = services.create_round(municipality=municipality, name="Belastningstest",
                                  opens_at=now - dt.timedelta(hours=1),
                                    closes_at=now + dt.timedelta(days=1), groups=["leder", "medarbejder"])
    instrument = get_instrument(round.instrument_id)
    tokens = [new_token() for _ in range(respondents)]
    Respondent.objects.bulk_create(
        [Respondent(round=round, unit=units[i % len(units)], group="leder" if i % 7 == 0 else "medarbejder",
                    token_hash=hash_token(token), invited_at=now) for i, token in enumerate(tokens)],
        batch_size=2000,
    )
    pages = [[c.name for c in instrument.columns() if c.section == s.id] for s in instrument.sections]
    if drafts:  # sealed with each link's token, as save_draft stores them; a marker comment per link
        rng = random.Random(1)
        columns = instrument.columns()
        by_hash = {hash_token(token): (number, token) for number, token in enumerate(tokens)}
        Draft.objects.bulk_create(
            [Draft(respondent_id=pk, answers=seal_draft(by_hash[token_hash][1], pk, {
                **{c.name: answer(c, rng) for c in columns}, MARKER_COLUMN: marker(by_hash[token_hash][0])}))
             for pk, token_hash in Respondent.objects.filter(round=round).values_list("pk", "token_hash")],
            batch_size=1000,
        )
    return round.pk, tokens, pages


MARKER_COLUMN = "regler_kommentar"


def marker(number: int) -> str:
    return f"bench-{number}"


def answer(column, rng: random.Random) -> object:
    if column.is_text:
        return "Mere tillid og færre regler — «frisættelse» 🙂" if rng.random() < 0.3 else None
    if column.scale.dont_know and rng.random() < 0.03:
        return "ved_ikke"
    return rng.choice(column.scale.codes)


def form_values(columns: dict, names: list[str], rng: random.Random) -> dict[str, str]:
    """A page's answers as a browser posts them; ``columns``: name → ColumnSpec (built once:
    ``Instrument.column`` builds every column anew, which made the client steal CPU from the server)."""
    values = {}
    for name in names:
        value = answer(columns[name], rng)
        if value is not None:
            values[name] = str(value)
    return values


def verify(round_id: int, completed: int, tokens: list[str], markers: bool) -> dict[str, int]:
    """The stored state after the final flush of the round's pool. With ``markers`` (submit
    scenario): lost = answered respondents whose marker is in no response, duplicated = markers in
    more than one response, foreign = responses whose marker belongs to no answered respondent."""
    from collections import Counter

    from frisat.web.rounds import pool
    from frisat.web.rounds.models import Draft, PendingResponse, Respondent, Response, Round, hash_token

    round = Round.objects.get(pk=round_id)
    pending = PendingResponse.objects.filter(round=round).count()
    flushed = pool.flush_pool(round, final=True)
    answered = Respondent.objects.filter(round_id=round_id, answered_at__isnull=False)
    checked = {
        "completed": completed,
        "responses": Response.objects.filter(round_id=round_id).count(),
        "answered": answered.count(),
        "drafts_of_answered": Draft.objects.filter(respondent__round_id=round_id,
                                                   respondent__answered_at__isnull=False).count(),
        "pending_before_final_flush": pending,
        "moved_by_final_flush": flushed,
        "pending_after": PendingResponse.objects.filter(round=round).count(),
    }
    if markers:
        number = {hash_token(token): i for i, token in enumerate(tokens)}
        expected = {marker(number[h]) for h in answered.values_list("token_hash", flat=True)}
        found = Counter(a.get(MARKER_COLUMN) for a in
                        Response.objects.filter(round_id=round_id).values_list("answers", flat=True))
        checked.update(lost=len(expected - set(found)), duplicated=sum(1 for n in found.values() if n > 1),
                       foreign=len(set(found) - expected))
    return checked


# -- load ---------------------------------------------------------------------------------------
@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    completed: int = 0
    double_submits: int = 0
    double_ok: int = 0
    waited: int = 0
    arrived: int = 0  # open loop: respondents that arrived within --duration


@dataclass
class Reply:
    status_code: int
    headers: dict[str, str]
    text: str


class RawClient:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams, with a cookie jar.

    It spends about a tenth of the CPU per request that httpx does (≈0.25 ms against ≈2 ms here),
    which matters when the simulated respondents and the server share two cores.
    """

    def __init__(self, base: str) -> None:
        host_port = base.split("://", 1)[1]
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)
        self.cookies: dict[str, str] = {}
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []

    async def connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """An idle keep-alive connection, or a new one. Like a browser, never one the server has
        closed or is about to close (gunicorn --keep-alive 30 closes a connection idle for 30 s;
        the second connection of a double submit can lie idle that long)."""
        while self.idle:
            reader, writer, since = self.idle.pop()
            if not reader.at_eof() and time.monotonic() - since < KEEP_ALIVE - 5:
                return reader, writer
            writer.close()
        return await asyncio.open_connection(self.host, self.port)

    async def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Reply:
        reader, writer = await self.connection()
        body = urlencode(data).encode() if data is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        try:
            async with asyncio.timeout(30):
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                status = int(head[0].split(" ", 2)[1])
                headers: dict[str, str] = {}
                for line in head[1:]:
                    name, _, value = line.partition(":")
                    name, value = name.strip().lower(), value.strip()
                    if name == "set-cookie":
                        key, _, val = value.split(";", 1)[0].partition("=")
                        self.cookies[key.strip()] = val.strip()
                    elif name:
                        headers[name] = value
                keep = headers.get("connection", "").lower() != "close"
                if "content-length" in headers:
                    content = await reader.readexactly(int(headers["content-length"]))
                elif headers.get("transfer-encoding", "").lower() == "chunked":
                    content = b""
                    while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                        content += await reader.readexactly(size + 2)
                        content = content[:-2]
                    await reader.readuntil(b"\r\n")
                else:
                    content, keep = await reader.read(), False
        except BaseException:
            writer.close()
            raise
        if keep:
            self.idle.append((reader, writer, time.monotonic()))
        else:
            writer.close()
        return Reply(status, headers, content.decode("utf-8", "replace"))

    async def aclose(self) -> None:
        for _, writer, _ in self.idle:
            writer.close()
        self.idle.clear()


class HttpxClient:
    """The same interface on httpx (``--client httpx``), to cross-check the raw client."""

    def __init__(self, base: str, ssl_context) -> None:
        import httpx

        # One shared SSL context (unused: plain HTTP on loopback); httpx would otherwise load the CA
        # bundle once per client, which costs more CPU than the requests.
        self.client = httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False, verify=ssl_context,
                                        limits=httpx.Limits(max_connections=2, max_keepalive_connections=2))

    async def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Reply:
        response = await self.client.request(method, path, data=data)
        return Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.text)

    async def aclose(self) -> None:
        await self.client.aclose()


class Respondent:
    """One simulated person with their own cookie jar and connections."""

    def __init__(self, client: RawClient | HttpxClient, stats: Stats, instrument, pages: list[list[str]],
                 rng: random.Random) -> None:
        self.client = client
        self.stats, self.instrument, self.pages, self.rng = stats, instrument, pages, rng
        self.columns = {column.name: column for column in instrument.columns()}
        self.csrf: str | None = None

    async def request(self, kind: str, method: str, url: str, expect: int, **kwargs):
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as exc:  # network error counts as an error of this kind
            self.stats.errors[f"{kind}: {type(exc).__name__}"] += 1
            raise
        self.stats.latencies[kind].append(time.perf_counter() - started)
        if response.status_code != expect:
            self.stats.errors[f"{kind}: HTTP {response.status_code}"] += 1
            raise RuntimeError(f"{kind} {url}: {response.status_code}")
        return response

    async def journey(self, token: str) -> None:
        s = f"/s/{token}"
        await self.request("GET intro", "GET", f"{s}/", 200)
        for number, names in enumerate(self.pages, start=1):
            page = await self.request("GET side", "GET", f"{s}/side/{number}/", 200)
            data = {"csrfmiddlewaretoken": CSRF_RE.search(page.text).group(1), "action": "next",
                    **form_values(self.columns, names, self.rng)}
            await self.request("POST side", "POST", f"{s}/side/{number}/", 303, data=data)
        await self.submit(token)
        await self.request("GET tak", "GET", f"{s}/tak/", 200)

    async def submit(self, token: str, review_page: bool = True) -> None:
        s = f"/s/{token}"
        if review_page or self.csrf is None:
            review = await self.request("GET gennemse", "GET", f"{s}/gennemse/", 200)
            self.csrf = CSRF_RE.search(review.text).group(1)
        data = {"csrfmiddlewaretoken": self.csrf, "action": "submit"}
        if self.rng.random() < 0.10:  # double click: two submits at once, exactly one may win
            self.stats.double_submits += 1
            first, second = await asyncio.gather(
                self.request("POST gennemse", "POST", f"{s}/gennemse/", 303, data=data),
                self.request("POST gennemse", "POST", f"{s}/gennemse/", 303, data=data),
            )
            targets = sorted(r.headers["location"].rstrip("/").rsplit("/", 1)[1] for r in (first, second))
            if targets == ["besvaret", "tak"]:
                self.stats.double_ok += 1
            else:
                self.stats.errors[f"double submit gave {targets}"] += 1
        else:
            response = await self.request("POST gennemse", "POST", f"{s}/gennemse/", 303, data=data)
            if not response.headers["location"].endswith("/tak/"):
                self.stats.errors["submit not thanked"] += 1
                return
        self.stats.completed += 1


async def drive(base: str, tokens: list[str], users: int, duration: float, scenario: str,
                pages: list[list[str]], client: str, rate: float | None = None) -> tuple[Stats, float]:
    """Run the load; returns the statistics and the elapsed seconds.

    Without ``rate`` (closed loop): every simulated respondent starts the next link as soon as
    the previous one is done — the highest throughput the server manages, with latencies that
    are mostly queueing (Little's law: latency ≈ users / throughput).
    With ``rate`` (open loop): links arrive at random (Poisson) at ``rate`` per second and are
    taken by a free simulated respondent (at most ``users`` at once) — the latencies a
    respondent sees at that load.
    """
    from frisat.core.instrument import get_instrument

    instrument = get_instrument()
    stats = Stats()
    ssl_context = ssl.create_default_context() if client == "httpx" else None

    def make_client() -> RawClient | HttpxClient:
        return HttpxClient(base, ssl_context) if client == "httpx" else RawClient(base)

    people = [Respondent(make_client(), stats, instrument, pages, random.Random(number)) for number in range(users)]
    free: asyncio.Queue[Respondent] = asyncio.Queue()
    for person in people:
        free.put_nowait(person)
    started = time.perf_counter()
    deadline = started + duration

    async def one(token: str) -> None:
        if free.empty():
            stats.waited += 1
        person = await free.get()
        try:
            if scenario == "journey":
                await person.journey(token)
            else:
                await person.submit(token, review_page=False)
        except Exception:  # already counted in stats.errors
            pass
        finally:
            free.put_nowait(person)

    if rate is None:
        links = iter(tokens)

        async def worker() -> None:
            for token in links:
                if time.perf_counter() >= deadline:
                    return
                await one(token)

        await asyncio.gather(*(worker() for _ in people))
    else:
        arrivals = random.Random(0)
        tasks = []
        due = started
        for token in tokens:
            due += arrivals.expovariate(rate)
            if due >= deadline:
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(one(token)))
        stats.arrived = len(tasks)
        await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    for person in people:
        await person.client.aclose()
    return stats, elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def report(scenario: str, stats: Stats, elapsed: float, checked: dict[str, int], args, cpu: dict[str, float],
           machine: dict[str, float]) -> bool:
    rate = stats.completed / elapsed if elapsed else 0.0
    server_ms = (cpu["server"] + cpu["database"]) / stats.completed * 1000 if stats.completed else float("nan")
    all_latencies = [x for values in stats.latencies.values() for x in values]
    requests = len(all_latencies)
    load = f"åben belastning {args.rate:g} pr. s, højst {args.users} samtidige" if args.rate else \
        f"{args.users} samtidige respondenter uden pause"
    print(f"\n== {scenario}: {load}, gunicorn {args.workers}×{args.threads} {args.worker_class}, "
          f"PostgreSQL {'fsync off' if args.fast_db else 'fsync on'}")
    print(f"indsendte besvarelser  {stats.completed:>7}   på {elapsed:.1f} s  =  {rate:.1f} pr. s   "
          f"(mål ≥ {TARGET_RATE:.0f})")
    print(f"HTTP-forespørgsler     {requests:>7}   =  {requests / elapsed:.0f} pr. s")
    print(f"{'forespørgsel':<16}{'antal':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, values in sorted(stats.latencies.items()):
        print(f"{kind:<16}{len(values):>8}{percentile(values, 50) * 1000:>9.1f}{percentile(values, 95) * 1000:>9.1f}"
              f"{percentile(values, 99) * 1000:>9.1f}")
    p95 = percentile(all_latencies, 95) * 1000
    print(f"{'alle':<16}{requests:>8}{percentile(all_latencies, 50) * 1000:>9.1f}{p95:>9.1f}"
          f"{percentile(all_latencies, 99) * 1000:>9.1f}   (mål p95 < {TARGET_P95_MS:.0f} ms)")
    print(f"dobbelte indsendelser  {stats.double_submits} "
          f"(korrekt: én tak + én «allerede besvaret»: {stats.double_ok})")
    if args.rate:
        print(f"ankomne respondenter   {stats.arrived:>7}   (Poisson, {args.rate:g} pr. s i gennemsnit: "
              f"{stats.arrived / args.duration:.1f} pr. s i denne kørsel); "
              f"{'alle' if stats.completed == stats.arrived else stats.completed} har sendt")
        print(f"ventede på en ledig simuleret respondent: {stats.waited} gange")
    print(f"fejl                   {dict(stats.errors) or 'ingen'}")
    print(f"CPU-tid (s)            {', '.join(f'{k} {v:.1f}' for k, v in cpu.items())}  "
          f"→ server+database {server_ms:.1f} ms CPU pr. besvarelse "
          f"(loft på {CORES} kerner ≈ {CORES * 1000 / server_ms:.0f} pr. s)")
    print(f"maskinen               load average {machine['load_before']:.1f} før, {machine['load_after']:.1f} efter; "
          f"resten af maskinen (andre jobs, kernen) brugte {machine['others']:.2f} af {CORES} kerner under målingen")
    stored_once = (checked["responses"] == checked["answered"] and checked["drafts_of_answered"] == 0
                   and checked["pending_after"] == 0
                   and checked.get("lost", 0) == checked.get("duplicated", 0) == checked.get("foreign", 0) == 0)
    if args.kill_workers:  # requests in flight on a killed worker fail; a claim may commit unthanked
        ok = stored_once and checked["completed"] <= checked["answered"]
    else:
        ok = (stored_once and checked["responses"] == checked["completed"] and not stats.errors
              and stats.double_ok == stats.double_submits)
    if args.kill_workers:
        print(f"SIGKILL af workers     {len(args.killed)} af {args.kill_workers} planlagte (resten faldt efter "
              f"belastningens slut): {', '.join(str(p) for p in args.killed) or 'ingen'}")
    print(f"puljen                 {checked['pending_before_final_flush']} ventede ved slut, "
          f"{checked['moved_by_final_flush']} flyttet ved den sidste tømning, {checked['pending_after']} tilbage")
    if "lost" in checked:
        print(f"markører               tabt {checked['lost']}, dobbelt {checked['duplicated']}, "
              f"fremmede {checked['foreign']}")
    print(f"kontrol                Response-rækker {checked['responses']}, indsendelser {checked['completed']}, "
          f"respondenter med svar {checked['answered']}, kladder tilbage {checked['drafts_of_answered']}  →  "
          f"{'OK: intet tabt, intet dobbelt' if ok else 'FEJL'}")
    return ok


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores; everything but idle and iowait), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live children, plus its reaped children, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    total = 0.0
    for number, p in enumerate([str(pid), *children]):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
        if number == 0:
            total += (int(fields[13]) + int(fields[14])) / tick
    return total


class WorkerKiller:
    """SIGKILL a random gunicorn worker (a child of the master ``master``) ``times`` times, evenly
    spread over ``duration`` seconds, from a thread; the pids killed are appended to ``killed``."""

    def __init__(self, master: int, times: int, duration: float, killed: list[int]) -> None:
        import threading

        self.master, self.times, self.duration, self.killed = master, times, duration, killed
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def workers(self) -> list[int]:
        try:
            return [int(p) for p in Path(f"/proc/{self.master}/task/{self.master}/children").read_text().split()]
        except OSError:
            return []

    def run(self) -> None:
        pick = random.Random(7)
        for _ in range(self.times):
            if self.stop.wait(self.duration / (self.times + 1)):
                return
            if workers := self.workers():
                victim = pick.choice(workers)
                try:
                    os.kill(victim, signal.SIGKILL)
                    self.killed.append(victim)
                except ProcessLookupError:
                    pass

    def __enter__(self) -> WorkerKiller:
        if self.times:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.times:
            self.thread.join()


def run_scenario(scenario: str, args) -> bool:
    with tempfile.TemporaryDirectory(prefix="frisat-bench-") as tmp, Postgres(durable=not args.fast_db) as pg:
        env = {**os.environ, "DATABASE_URL": pg.url, "FRISAT_DATA_DIR": tmp,
               "DJANGO_SETTINGS_MODULE": "frisat.web.settings", "FRISAT_SECRET_KEY": secrets.token_urlsafe(50),
               "FRISAT_DEBUG": "0", "FRISAT_LOG_LEVEL": "ERROR"}
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "FRISAT_DATA_DIR", "DJANGO_SETTINGS_MODULE",
                                               "FRISAT_SECRET_KEY", "FRISAT_DEBUG")})
        t0 = time.perf_counter()
        round_id, tokens, pages = setup_database(args.respondents, drafts=scenario == "submit")
        print(f"[{scenario}] database klar: {len(tokens)} respondenter på {time.perf_counter() - t0:.1f} s ({pg.url})")
        with Gunicorn(env, args.workers, args.threads, Path(tmp) / "gunicorn.log", args.worker_class) as server:
            # Warm-up (not measured): every worker thread opens its database connection, compiles
            # the templates and loads the instrument.
            warm_count = min(args.warmup, len(tokens) // 2)
            warm_users = min(args.users, 2 * args.workers * args.threads)
            warm, _ = asyncio.run(drive(server.base, tokens[:warm_count], warm_users, 60, scenario, pages,
                                        args.client))
            load0, busy0 = os.getloadavg()[0], machine_busy()
            server_cpu0, db_cpu0, client_cpu0 = cpu_of(server.proc.pid), cpu_of(pg.pid), time.process_time()
            killer = WorkerKiller(server.proc.pid, args.kill_workers, args.duration, args.killed)
            with killer:
                stats, elapsed = asyncio.run(drive(server.base, tokens[warm_count:], args.users, args.duration,
                                                   scenario, pages, args.client, args.rate))
            cpu = {"server": cpu_of(server.proc.pid) - server_cpu0, "database": cpu_of(pg.pid) - db_cpu0,
                   "klient": time.process_time() - client_cpu0}
            machine = {"load_before": load0, "load_after": os.getloadavg()[0],
                       "others": max(0.0, machine_busy() - busy0 - sum(cpu.values())) / elapsed}
            log = server.log.read_text()
        from django.db import connections

        for name, count in warm.errors.items():
            stats.errors[f"opvarmning {name}"] += count
        stats.double_submits += warm.double_submits
        stats.double_ok += warm.double_ok
        checked = verify(round_id, warm.completed + stats.completed, tokens, markers=scenario == "submit")
        print(f"[{scenario}] opvarmning: {warm.completed} besvarelser (ikke med i målingen)")
        connections.close_all()
        ok = report(scenario, stats, elapsed, checked, args, cpu, machine)
        if "Traceback" in log and not args.kill_workers:  # (a killed worker's requests may log one)
            print("gunicorn-loggen indeholder fejl:\n" + log[-3000:])
            ok = False
        return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--scenario", choices=["journey", "submit", "both"], default="both")
    parser.add_argument("--users", type=int, default=100, help="samtidige simulerede respondenter (100)")
    parser.add_argument("--respondents", type=int, default=8000, help="links i målingen = højeste antal indsendelser")
    parser.add_argument("--duration", type=float, default=30.0, help="højst så mange sekunder belastning pr. scenarie")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn-processer (4)")
    parser.add_argument("--threads", type=int, default=4, help="tråde pr. proces (4)")
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread",
                        help="gunicorns arbejdere: gthread (tråde, keep-alive) eller sync (én forespørgsel ad gangen)")
    parser.add_argument("--warmup", type=int, default=100, help="respondenter i opvarmningen (ikke målt)")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw",
                        help="HTTP-klient: raw (asyncio, sparsom med CPU; standard) eller httpx (krydstjek)")
    parser.add_argument("--rate", type=float, default=None,
                        help="åben belastning: så mange nye respondenter pr. s (uden: lukket, så hurtigt som muligt)")
    parser.add_argument("--fast-db", action="store_true", help="PostgreSQL uden fsync (ikke holdbart; hurtigere)")
    parser.add_argument("--kill-workers", type=int, default=0,
                        help="dræb en gunicorn-worker med SIGKILL så mange gange under belastningen (0)")
    args = parser.parse_args()
    args.killed = []
    if args.worker_class == "sync":
        args.threads = 1  # gunicorn turns sync workers with threads into gthread
    # Stopped with SIGTERM (e.g. by timeout): unwind normally, so gunicorn and PostgreSQL are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.client == "httpx":
        try:
            import httpx  # noqa: F401
        except ImportError:
            print("Installér httpx først: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
            return 2
    if not (1 <= args.users <= 1000 and 1 <= args.respondents <= 100_000 and 0 < args.duration <= 600
            and 0 <= args.kill_workers <= 50):
        parser.error("--users 1–1000, --respondents 1–100000, --duration højst 600 s, --kill-workers 0–50")
    scenarios = ["journey", "submit"] if args.scenario == "both" else [args.scenario]
    results = []
    for scenario in scenarios:
        # A fresh process per scenario: Django is set up once per process, against that scenario's database.
        if len(scenarios) > 1:
            child = subprocess.Popen([sys.executable, __file__, *sys.argv[1:], "--scenario", scenario])
            try:
                results.append(child.wait() == 0)
            except BaseException:  # stopped: let the child stop its servers first
                child.terminate()
                child.wait(timeout=120)
                raise
        else:
            results.append(run_scenario(scenario, args))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
