#!/usr/bin/env bash
# Create (or update) the project's virtual environment in .venv.
# Usage: scripts/setup-env.sh [app|test]   — "test" adds the test tools.
# Sourced by run-app.sh and run-tests.sh; safe to run again (it only installs what changed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KIND="${1:-app}"
PY="${PYTHON:-python3}"

say() { printf '%s\n' "$*" >&2; }
as_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_install() {
  if as_root; then
    say "Installation des paquets système : $*"
    (apt-get install -y -qq "$@" >/dev/null 2>&1) || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null; }
  else
    say "Il manque des paquets système. Installez-les avec :"
    say "  sudo apt install $*"
    exit 1
  fi
}

if ! command -v "$PY" >/dev/null 2>&1; then
  say "Python 3.11 ou plus récent est nécessaire (commande « $PY » introuvable)."
  as_root && apt_install python3 python3-venv || exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "Python 3.11 ou plus récent est nécessaire ; version trouvée : $("$PY" --version 2>&1)."
  say "Indiquez un autre Python avec PYTHON=/chemin/vers/python3.11."
  exit 1
fi
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_install python3-venv
fi

VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  say "Création de l'environnement Python dans .venv…"
  "$PY" -m venv "$VENV"
fi
EXTRA=""
[ "$KIND" = test ] && EXTRA="[test]"
STAMP="$VENV/.installed-$KIND"
HASH="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$HASH" ]; then
  say "Installation de l'application et de ses dépendances (quelques minutes la première fois)…"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT$EXTRA"
  echo "$HASH" > "$STAMP"
fi

# Qt needs a few system libraries that minimal Debian/Ubuntu installs lack.
if ! "$VENV/bin/python" -c 'from PySide6 import QtGui' >/dev/null 2>&1; then
  apt_install libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
fi
