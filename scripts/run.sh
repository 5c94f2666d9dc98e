#!/usr/bin/env bash
# `make run`: migrate, load the demo company once, start the task worker and the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=${DEBUG:-1}
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py createcachetable
$PY manage.py seed_demo --people "${DEMO_PEOPLE:-3000}" --seed 7 --if-empty --no-logins
$PY manage.py purge_retention --schedule  # the daily retention task re-schedules itself
$PY manage.py db_worker &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo
echo "Belong is starting on http://127.0.0.1:8000 (the task worker runs beside it; Ctrl-C stops both)."
$PY manage.py demo_logins
$PY manage.py runserver 127.0.0.1:8000
