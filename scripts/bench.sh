#!/usr/bin/env bash
# `make bench`: every benchmark, each against a named peer in the same run.
# BENCH_QUICK=1 runs the small sizes only (minutes instead of an hour).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  $PY benchmarks/matching.py --quick
  $PY benchmarks/circles.py --quick
  scripts/with-postgres.sh $PY benchmarks/people.py --import-sizes 20000 --directory-size 50000 --requests 120
  scripts/with-postgres.sh $PY benchmarks/mentoring.py --pairs 2000 --participants 3200
  scripts/with-postgres.sh $PY benchmarks/insights.py --quick
  scripts/with-postgres.sh $PY benchmarks/audit.py --rows 100000
  # Its own PostgreSQL under var/bench-pg/, kept between runs (seeding 1.5M takes minutes).
  $PY benchmarks/load.py --quick
else
  $PY benchmarks/matching.py
  $PY benchmarks/circles.py
  scripts/with-postgres.sh $PY benchmarks/people.py
  scripts/with-postgres.sh $PY benchmarks/mentoring.py
  scripts/with-postgres.sh $PY benchmarks/insights.py
  scripts/with-postgres.sh $PY benchmarks/audit.py --rows 1000000
  $PY benchmarks/load.py
fi
echo "Results in benchmarks/results/; summary in docs/benchmarks.md"
