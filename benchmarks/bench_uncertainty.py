"""Cost of the confidence intervals (issue 4) at 1,000,000 respondents × 294 groups × 10 indices.

Run:  .venv/bin/python benchmarks/bench_uncertainty.py [--respondents 1000000] [--kommuner 98] [--boot 2000]

Demo data (98 kommuner × 3 områder = 294 groups), indices computed once; then, for the 10
spor × dimension indices, each timed separately:
- t interval from the raw indices (frisat.core.uncertainty.grouped_t_interval: bincount sums);
- t interval from group statistics already computed (what analyze() does: t_interval_from_stats);
- percentile bootstrap, B resamples (grouped_bootstrap_interval);
- analyze() as a whole with ci_method="t" and with "bootstrap".
This is a measurement script, not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--boot", type=int, default=2000)
    parser.add_argument("--skip-analyze", action="store_true")
    args = parser.parse_args()

    from frisat.core.analysis import AnalysisConfig, _group_keys, analyze
    from frisat.core.instrument import get_instrument
    from frisat.core.scoring import respondent_indices
    from frisat.core.statistics import describe_groups
    from frisat.core.uncertainty import grouped_bootstrap_interval, grouped_t_interval, t_interval_from_stats
    from frisat.demo import generate_responses

    inst = get_instrument()
    t0 = time.perf_counter()
    frame = generate_responses(inst, respondents=args.respondents, kommuner=args.kommuner, seed=1)
    print(f"data: {len(frame):,} respondents in {time.perf_counter() - t0:.1f} s")
    by = ["kommune", "omraade"]
    keys = _group_keys(frame, by)
    indices = respondent_indices(frame, inst)
    codes = indices.groupby(keys, observed=True, sort=True).ngroup().to_numpy()
    n_groups = int(codes.max()) + 1
    columns = list(indices.columns)
    arrays = [indices[c].to_numpy() for c in columns]
    print(f"{n_groups} groups × {len(columns)} indices")
    distinct = [pd.Series(a).dropna().nunique() for a in arrays]
    print(f"distinct index values per column: {min(distinct)}–{max(distinct)}")

    t0 = time.perf_counter()
    for values in arrays:
        grouped_t_interval(values, codes, n_groups)
    print(f"t interval from raw indices, all {len(columns)} columns: {time.perf_counter() - t0:.3f} s")

    stats = describe_groups(indices, keys)
    t0 = time.perf_counter()
    for column in columns:
        t_interval_from_stats(stats[(column, "mean")], stats[(column, "sd")], stats[(column, "n")])
    print(f"t interval from group statistics (as in analyze): {time.perf_counter() - t0:.4f} s")

    t0 = time.perf_counter()
    grouped_bootstrap_interval(arrays[0], codes, n_groups, n_boot=args.boot, seed=1)
    one = time.perf_counter() - t0
    print(f"bootstrap B = {args.boot}, one column: {one:.1f} s (≈ {one * len(columns):.0f} s for all)")

    if not args.skip_analyze:
        for method in ("t", "bootstrap"):
            t0 = time.perf_counter()
            analyze(frame, inst, by=by, config=AnalysisConfig(ci_method=method, bootstrap_samples=args.boot))
            print(f"analyze(), ci_method={method}: {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
