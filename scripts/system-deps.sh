#!/usr/bin/env bash
# The Debian packages Schoon Schip needs, checked (and installed when run as root) before
# `make run`, `make test` / `make test-pg` and `.ci/run`. One list, one place.
#
#   scripts/system-deps.sh run    # serving: WeasyPrint's pango + harfbuzz (with its subset
#                                 # library), fonts, python3-venv
#   scripts/system-deps.sh test   # the above plus chromium (browser tests), poppler-utils
#                                 # (pdftotext/pdftoppm), postgresql (server binaries for
#                                 # scripts/pg_ephemeral.sh), nodejs + npm (axe-core)
#
# All present: prints nothing, exits 0, no apt-get (quick, safe to run every time).
# Something missing, as root: `apt-get update` once, then `apt-get install` what is missing.
#   PostgreSQL is installed without starting Debian's own cluster service (policy-rc.d):
#   the tests start their own throwaway cluster on a free port.
# Something missing, not root: ONE line naming the exact `apt-get install ...`, exit 1.
# Not Debian (no dpkg), or SYSTEM_DEPS=skip: a one-line note, exit 0 (you manage packages).
set -euo pipefail

mode="${1:-}"
case "$mode" in
  run | test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

if [ "${SYSTEM_DEPS:-}" = skip ]; then
  echo "system-deps: SYSTEM_DEPS=skip, not checking the system packages for 'make $mode'" >&2
  exit 0
fi
if ! command -v dpkg >/dev/null 2>&1; then
  extra=""
  [ "$mode" = test ] && extra=", chromium, poppler (pdftotext), postgresql, nodejs + npm"
  echo "system-deps: no dpkg, not checking; 'make $mode' needs pango, harfbuzz + harfbuzz-subset, DejaVu fonts$extra" >&2
  exit 0
fi

need=()
have_pkg() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed; }
want_pkg() { have_pkg "$1" || need+=("$1"); }

# make run: WeasyPrint (PDFs) loads these with dlopen; the app needs a font to draw with.
want_pkg libpango-1.0-0
want_pkg libpangoft2-1.0-0
want_pkg libharfbuzz0b
want_pkg libharfbuzz-subset0   # without it WeasyPrint falls back to fontTools and warns
want_pkg fonts-dejavu-core
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  need+=(python3 python3-venv)   # Debian 12's python3 is 3.11, what the project needs
elif ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need+=(python3-venv)           # `make setup` creates .venv with "$python -m venv"
fi

if [ "$mode" = test ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)   # tests/browser/conftest.py uses exactly this path
  { command -v pdftotext && command -v pdftoppm; } >/dev/null 2>&1 || need+=(poppler-utils)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
  command -v npm >/dev/null 2>&1 || need+=(nodejs npm)   # axe-core for the accessibility tests
fi

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "system-deps: 'make $mode' needs Debian packages that are missing; as root run: apt-get install ${need[*]}" >&2
  exit 1
fi

echo "system-deps: installing ${need[*]}" >&2
# Install PostgreSQL's binaries without starting Debian's own cluster service: the tests
# start their own on a free port (standard Debian policy-rc.d mechanism: 101 = "not allowed").
made_policy=0
cleanup() { if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
