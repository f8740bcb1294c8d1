#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for one command, then gone.
#
#   scripts/pg_ephemeral.sh CMD [ARGS...]
#
# initdb into a fresh temp dir (as the `postgres` user when run as root, since PostgreSQL
# refuses to run as root), start it on a free port on 127.0.0.1 with its unix socket in
# that temp dir, create a role and database with a random password, export
# DATABASE_URL=postgresql+psycopg://... and run CMD. The cluster is stopped and its
# directory deleted on exit, whatever happens (trap). Exit status is CMD's.
#
# Durability is switched off (fsync, synchronous_commit, full_page_writes): this cluster
# only ever holds test data that is thrown away.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  bindir="$(pg_config --bindir)"
else
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && bindir="$d"
  done
fi
if [ -z "$bindir" ]; then
  echo "pg_ephemeral: no PostgreSQL server binaries found (Debian: apt-get install postgresql)" >&2
  exit 2
fi

as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "pg_ephemeral: running as root but there is no postgres user" >&2; exit 2; }
  as_pg=(runuser -u postgres --)
fi

# As root, always under /tmp: the postgres user must be able to reach the directory
# (a TMPDIR under /root would not be).
parent="${TMPDIR:-/tmp}"
[ ${#as_pg[@]} -gt 0 ] && parent=/tmp
dir="$(mktemp -d "$parent/pg-ephemeral.XXXXXX")"
chmod 700 "$dir"
[ ${#as_pg[@]} -gt 0 ] && chown postgres: "$dir"
data="$dir/data"
started=0

cleanup() {
  if [ "$started" = 1 ]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
printf '%s\n' "$password" >"$dir/pw"
chmod 600 "$dir/pw"
[ ${#as_pg[@]} -gt 0 ] && chown postgres: "$dir/pw"

"${as_pg[@]}" "$bindir/initdb" -D "$data" -U schoonschip --pwfile="$dir/pw" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 2; }
rm -f "$dir/pw"

opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir"
opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
opts+=" -c shared_buffers=128MB"
"${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -o "$opts" -w -t 60 start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 2; }
started=1

PGPASSWORD="$password" "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U schoonschip -d postgres \
  -c "CREATE DATABASE schoonschip" >/dev/null

export DATABASE_URL="postgresql+psycopg://schoonschip:$password@127.0.0.1:$port/schoonschip"
echo "pg_ephemeral: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (stopped on exit)" >&2
set +e
"$@"
rc=$?
set -e
exit "$rc"
