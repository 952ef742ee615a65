"""Benchmark of `frisat analyze`: import, statistics and all outputs at 10k, 100k and 1M respondents.

Run:  .venv/bin/python benchmarks/bench_analyze.py            (all sizes; ~6 minutes)
      .venv/bin/python benchmarks/bench_analyze.py --sizes 10000 100000
      .venv/bin/python benchmarks/bench_analyze.py --sizes 1000000 --skip-scaling --no-extended
      .venv/bin/python benchmarks/bench_analyze.py --sizes 1000000 --skip-scaling --repeat 5

Each size runs in a fresh process so that its peak memory (max RSS) is its own. Data is made once
with `frisat demo-data` semantics (98 kommuner for the largest size) and cached in
.benchmarks-data/. Targets (issue 2) for 1,000,000 respondents grouped by kommune × omraade on a
2-core machine: import + statistics < 10 s, all outputs incl. the report < 60 s, peak memory < 4 GiB;
issue 12: the output phase alone (writing every file) < 12 s.
"Statistics" is `analyze` plus, unless --no-extended, the extended analysis of issue 4
(frisat.core.extended: derived and relative importance, group differences, follow-up by unit,
design; the wave tables need two waves), run side by side as `frisat analyze` runs them
(frisat.core.full_analysis). Wall-clock time depends on what else runs on the machine,
so the CPU time of the process and the load average are reported beside it, and every size is
measured ``--repeat`` times (default 3, each in a fresh process): the row shown is the median run
(by import + statistics), the verdicts judge the median time and the largest peak memory, and the
times of all runs are listed. On a virtual machine the kernel's cost of memory touched for the
first time varies from run to run by seconds (docs/benchmarks.md); one run proves little.
A second table shows how report time grows with the number of groups at a fixed N.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".benchmarks-data"
TARGETS = {"import_and_stats": 10.0, "outputs": 12.0, "total": 60.0, "peak_gib": 4.0}


def make_data(respondents: int, kommuner: int) -> Path:
    from frisat.core.instrument import get_instrument
    from frisat.demo import generate_responses
    from frisat.io import write_responses

    DATA.mkdir(exist_ok=True)
    path = DATA / f"demo-{respondents}-{kommuner}.csv"
    if not path.exists():
        inst = get_instrument()
        frame = generate_responses(inst, respondents=respondents, kommuner=kommuner, seed=1)
        write_responses(frame, path, inst)
    return path


def _cpu() -> float:
    """CPU seconds of this process and its finished children so far (user + system, all threads):
    from 200,000 respondent rows `write_outputs` writes the data files in a child process."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def run_one(path: str, by: list[str], extended: bool = True) -> dict[str, float]:
    """Runs inside the child process: the same steps as `frisat analyze`, timed (wall and CPU)."""
    from frisat.core.analysis import AnalysisConfig
    from frisat.core.disclosure_policy import DisclosurePolicy
    from frisat.core.extended import ExtendedConfig
    from frisat.core.instrument import get_instrument
    from frisat.core.results import compute
    from frisat.io import read_responses
    from frisat.reporting import write_bundle

    inst = get_instrument()
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), _cpu()
    frame = read_responses(Path(path), inst).frame
    t1, c1 = time.perf_counter(), _cpu()
    # as `frisat analyze`: one computation (disclosure rules, main and extended analysis, panels,
    # overview), then only files
    config = AnalysisConfig()
    bundle = compute(frame, inst, by=by, config=config, extended=ExtendedConfig(enabled=extended),
                     policy=DisclosurePolicy(k=config.min_n))
    t2, c2 = time.perf_counter(), _cpu()
    with tempfile.TemporaryDirectory() as out:
        write_bundle(bundle, Path(out), pdf=True)
    t3, c3 = time.perf_counter(), _cpu()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The helper processes of the output phase (data files, PDF) have their own peak; the kernel's
    # figure for children is the largest of them (and may include what a child shared at fork).
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "import": t1 - t0,
        "stats": t2 - t1,
        "outputs": t3 - t2,
        "import_and_stats": t2 - t0,
        "total": t3 - t0,
        "cpu_import": c1 - c0,
        "cpu_stats": c2 - c1,
        "cpu_import_and_stats": c2 - c0,
        "cpu_outputs": c3 - c2,
        "load": max(load_before, os.getloadavg()[0]),
        "peak_gib": peak_kib / 1024**2,
        "peak_child_gib": child_kib / 1024**2,
        "load_after": os.getloadavg()[0],
        "groups": len(bundle.analysis.counts),
        "tables": len(bundle.extended.tables()) if bundle.extended is not None else 0,
    }


def child(path: Path, by: list[str], extended: bool = True) -> dict[str, float]:
    """Run one measurement in a fresh interpreter, so peak memory is that run's own."""
    command = [sys.executable, __file__, "--child" if extended else "--child-basic", str(path), *by]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"Benchmark-processen fejlede:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] in ("--child", "--child-basic"):
        print(json.dumps(run_one(sys.argv[2], sys.argv[3:], extended=sys.argv[1] == "--child")))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--skip-scaling", action="store_true", help="Spring tabellen over grupper over.")
    parser.add_argument("--no-extended", action="store_true", help="Uden den udvidede analyse (issue 4).")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="Kørsler pr. størrelse, hver i en ny proces; medianen vises (standard: 3).")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat skal være mindst 1.")
    extended = not args.no_extended
    idle_load = os.getloadavg()[0]
    if idle_load > 1.5:
        print(f"Bemærk: maskinen er ikke ledig (load {idle_load:.1f} før start); tiderne bliver for høje.")

    print("frisat analyze, grupperet efter kommune × omraade, "
          f"{'med' if extended else 'uden'} udvidet analyse (sekunder; hukommelse i GiB)")
    print(f"{'respondenter':>12} {'grupper':>7} {'import':>7} {'statistik':>9} {'output':>7} "
          f"{'i alt':>7} {'CPU imp+stat':>12} {'load':>5} {'maks RSS':>8}")
    for size in args.sizes:
        kommuner = 98 if size >= 100_000 else 10
        path = make_data(size, kommuner)
        runs = sorted((child(path, ["kommune", "omraade"], extended) for _ in range(args.repeat)),
                      key=lambda run: run["import_and_stats"])
        r = runs[(len(runs) - 1) // 2]  # the median run (the lower middle one of an even number)
        print(f"{size:>12,} {r['groups']:>7} {r['import']:>7.2f} {r['stats']:>9.2f} "
              f"{r['outputs']:>7.2f} {r['total']:>7.2f} {r['cpu_import_and_stats']:>12.2f} {r['load']:>5.1f} "
              f"{r['peak_gib']:>8.2f}", flush=True)
        if size == 1_000_000:
            print(f"    CPU: import {r['cpu_import']:.2f} s, statistik {r['cpu_stats']:.2f} s, output "
                  f"{r['cpu_outputs']:.2f} s ({r['tables']} udvidede tabeller); maks RSS største hjælpeproces "
                  f"{r['peak_child_gib']:.2f} GiB")
            if len(runs) > 1:
                outputs = sorted(runs, key=lambda run: run["outputs"])
                print("    output (vægur / CPU / load efter): " + ", ".join(
                    f"{run['outputs']:.2f} / {run['cpu_outputs']:.2f} / {run['load_after']:.1f}" for run in outputs)
                    + f" s; median {outputs[(len(outputs) - 1) // 2]['outputs']:.2f} s")
            if len(runs) > 1:
                stats_times = ", ".join(f"{run['import_and_stats']:.2f}" for run in runs)
                total_times = ", ".join(f"{total:.2f}" for total in sorted(run["total"] for run in runs))
                print(f"    {len(runs)} kørsler, import + statistik: {stats_times} s; i alt: {total_times} s")
            verdicts = [
                ("import + statistik (median)", r["import_and_stats"], TARGETS["import_and_stats"], "s"),
                ("outputfasen (median)", sorted(run["outputs"] for run in runs)[(len(runs) - 1) // 2],
                 TARGETS["outputs"], "s"),
                ("alle output (median)", sorted(run["total"] for run in runs)[(len(runs) - 1) // 2],
                 TARGETS["total"], "s"),
                ("maks hukommelse (største)", max(run["peak_gib"] for run in runs), TARGETS["peak_gib"], "GiB"),
            ]
            for name, value, target, unit in verdicts:
                mark = "OK " if value < target else "FOR LANGSOMT" if unit == "s" else "FOR MEGET"
                print(f"    {mark} {name}: {value:.2f} {unit} (mål < {target:g} {unit})")

    if not args.skip_scaling:
        print("\nRapporttid mod antal grupper (100.000 respondenter)")
        print(f"{'kommuner':>8} {'grupper':>7} {'output':>7} {'s pr. gruppe':>12}")
        for kommuner in (10, 30, 98):
            r = child(make_data(100_000, kommuner), ["kommune", "omraade"], extended)
            print(f"{kommuner:>8} {r['groups']:>7} {r['outputs']:>7.2f} {r['outputs'] / r['groups']:>12.4f}",
                  flush=True)


if __name__ == "__main__":
    main()
