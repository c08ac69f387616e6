#!/usr/bin/env bash
# Install what the real CKAN test server needs: PostgreSQL and Redis from Debian, CKAN 2.12 in .venv-ckan.
# Called by scripts/run-tests.sh; prints what the installation cost. Solr is replaced by a small stand-in
# (tests/ckan_server/solr_stub.py), as no registry reachable here ships Solr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-python3}"
START=$(date +%s)

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)" ] || need_apt+=(postgresql)
dpkg -s libpq-dev >/dev/null 2>&1 || need_apt+=(libpq-dev)
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Le serveur CKAN de test a besoin de : ${need_apt[*]} (apt-get install, en root)." >&2
    exit 1
  fi
  echo "Installation de ${need_apt[*]} (paquets Debian) pour le serveur CKAN de test…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # The tests run their own private clusters on other ports: the packaged services are not needed.
  (service redis-server stop || true) >/dev/null 2>&1
  (service postgresql stop || true) >/dev/null 2>&1
fi
APT_DONE=$(date +%s)

CVENV="$ROOT/.venv-ckan"
REQ="$ROOT/tests/ckan_server/requirements.txt"
HASH="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ ! -x "$CVENV/bin/ckan" ] || [ "$(cat "$CVENV/.installed" 2>/dev/null)" != "$HASH" ]; then
  echo "Installation du serveur CKAN de test dans .venv-ckan (quelques minutes la première fois)…" >&2
  [ -x "$CVENV/bin/python" ] || "$PY" -m venv "$CVENV"
  "$CVENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
  echo "$HASH" > "$CVENV/.installed"
fi
END=$(date +%s)
SIZE=$(du -sm "$CVENV" 2>/dev/null | cut -f1)
echo "Coût d'installation du serveur CKAN de test : paquets Debian $((APT_DONE - START)) s, CKAN $((END - APT_DONE)) s, .venv-ckan ${SIZE} Mo." >&2
