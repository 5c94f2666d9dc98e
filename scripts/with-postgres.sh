#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15: initdb in a temporary folder, a loopback
# port, torn down at the end whatever happens. Usage: scripts/with-postgres.sh CMD [ARGS…]
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
# A free loopback port unless one is given, so parallel runs never collide.
PORT=${PGPORT_TEST:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
if [ ! -x "$PGBIN/initdb" ]; then
  echo "Installing PostgreSQL 15 (Debian's postgresql-15)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
DATA=$(mktemp -d /tmp/belong-pg.XXXXXX)
AS=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres "$DATA"
  AS=(runuser -u postgres --)
fi
cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$DATA/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"${AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres belong
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/belong"
echo "PostgreSQL 15 on 127.0.0.1:$PORT ($DATA)"
"$@"
