#!/usr/bin/env bash
# Install what is needed, then open the application — on the given file, or on the bundled sample.
# Usage: bash scripts/run-app.sh [FICHIER]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh" app
APP="$ROOT/.venv/bin/opendata-desktop"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
  OUT="$ROOT/docs/captures"
  echo "Aucun écran n'est disponible ici (session sans affichage graphique)." >&2
  echo "Les écrans de l'application sont rendus en images dans $OUT à la place." >&2
  QT_QPA_PLATFORM=offscreen "$ROOT/.venv/bin/python" "$ROOT/scripts/render_screens.py" "$OUT"
  exit 0
fi
if [ -n "${DISPLAY:-}" ] && ! ldconfig -p 2>/dev/null | grep -q libxcb-cursor.so.0; then
  # Qt 6 on X11 needs libxcb-cursor0, absent from many Debian/Ubuntu desktops.
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq libxcb-cursor0 libxkbcommon-x11-0 >/dev/null 2>&1 || true
  else echo "Si la fenêtre ne s'ouvre pas : sudo apt install libxcb-cursor0 libxkbcommon-x11-0" >&2; fi
fi
if [ $# -gt 0 ]; then
  exec "$APP" app "$@"
fi
exec "$APP" app --exemple
