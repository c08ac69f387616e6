#!/usr/bin/env bash
# Install what the tests need (the app, pytest, a real udata server in .venv-udata, a real CKAN in .venv-ckan
# with PostgreSQL and Redis), then run them.
# Usage: bash scripts/run-tests.sh [pytest options]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh" test
PY="${PYTHON:-python3}"

# udata has its own environment: it pins Flask & co. that must not meet the app's dependencies.
UVENV="$ROOT/.venv-udata"
REQ="$ROOT/tests/udata_server/requirements.txt"
HASH="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ ! -x "$UVENV/bin/python" ] || [ "$(cat "$UVENV/.installed" 2>/dev/null)" != "$HASH" ]; then
  echo "Installation du serveur udata de test dans .venv-udata (quelques minutes la première fois)…" >&2
  [ -x "$UVENV/bin/python" ] || "$PY" -m venv "$UVENV"
  "$UVENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
  echo "$HASH" > "$UVENV/.installed"
fi

# CKAN has its own environment too, plus PostgreSQL and Redis from Debian (apt-get when missing, as root);
# the tests start private instances on loopback ports. The script prints what the installation cost.
bash "$ROOT/tests/ckan_server/install.sh"

cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
# pytest exits 5 when it collected no test: that is a failure here too (set -e).
exec "$ROOT/.venv/bin/python" -m pytest "$@"
