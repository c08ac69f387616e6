#!/usr/bin/env bash
# Build the frozen application (PyInstaller, one folder) and the Windows installer (NSIS), then smoke-test
# them. The same script runs on Linux (Debian/Ubuntu) and in Git Bash on the Windows runner
# (.github/workflows/windows.yml): same spec, same smoke commands.
#
# Usage: bash installer/build.sh
# Environment (all optional):
#   PYTHON        the Python 3.11+ used to create the build environment (default python3, or python on Windows)
#   BUILD_DIR     where everything goes (default build/installer); the build environment is kept there
#   SMOKE_FILE    the spreadsheet for the command-line smoke test (default: ../shared/fixtures/messy/
#                 subventions_2024.xlsx when present, otherwise the sample bundled in the app)
#   SMOKE_SCHEMA  its schema (default scdl/subventions)
#   SIGN_COMMAND  a program or script (path without spaces) that signs the file given as its only argument:
#                 the executables, the uninstaller (makensis' !uninstfinalize), the installer; unset: no signing
#   NSIS_FAST=1   zlib instead of solid LZMA: a larger installer, built several times faster (CI checks)
#
# Prints the sizes (installer, installed folder) and the frozen app's start to first window.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build/installer}"
mkdir -p "$BUILD"
BUILD="$(cd "$BUILD" && pwd)"
START=$SECONDS

case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) WINDOWS=1; X=.exe; VBIN=Scripts; PY="${PYTHON:-python}" ;;
  *) WINDOWS=0; X=; VBIN=bin; PY="${PYTHON:-python3}" ;;
esac
say() { printf '\n== %s\n' "$*" >&2; }
fail() { printf 'ÉCHEC : %s\n' "$*" >&2; exit 1; }
native() { if [ "$WINDOWS" = 1 ]; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
now_ms() { "$VPY" -c 'import time; print(int(time.time() * 1000))'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f Mo", b / 1048576 }'; }
sign() {
  [ -n "${SIGN_COMMAND:-}" ] || return 0
  local signer="$SIGN_COMMAND"
  [ "$WINDOWS" = 0 ] || signer="$(cygpath -u "$SIGN_COMMAND")"
  "$signer" "$(native "$1")" || fail "la signature de $1 a échoué"
}

# --- Tools -------------------------------------------------------------------------------------------
say "Outils"
if [ "$WINDOWS" = 1 ]; then
  MAKENSIS="$(command -v makensis || true)"
  for candidate in "/c/Program Files (x86)/NSIS/makensis.exe" "/c/Program Files/NSIS/makensis.exe"; do
    [ -n "$MAKENSIS" ] || { [ -x "$candidate" ] && MAKENSIS="$candidate"; } || true
  done
else
  if ! command -v makensis >/dev/null 2>&1 || ! ldconfig -p 2>/dev/null | grep -q libxkbcommon.so.0; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      # nsis: makensis; the rest: what Qt's xcb/offscreen plugins load (minimal Debian lacks them).
      PKGS="nsis libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3"
      apt-get install -y -qq $PKGS >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq $PKGS >/dev/null; }
    fi
  fi
  MAKENSIS="$(command -v makensis || true)"
fi
[ -n "$MAKENSIS" ] || fail "makensis est introuvable (Debian : apt-get install nsis ; Windows : choco install nsis)."
echo "makensis: $MAKENSIS ($("$MAKENSIS" -VERSION))"

# --- Build environment: PyInstaller + the product installed from its wheel (not editable) -----------
say "Environnement de construction ($BUILD/venv)"
VENV="$BUILD/venv"
[ -x "$VENV/$VBIN/python$X" ] || "$PY" -m venv "$VENV"
VPY="$VENV/$VBIN/python$X"
PIP=("$VPY" -m pip install --quiet --disable-pip-version-check)
"${PIP[@]}" "pyinstaller>=6.10,<7"
rm -rf "$BUILD/wheel"
"$VPY" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$BUILD/wheel" "$ROOT"
WHEEL="$(ls "$BUILD"/wheel/opendata_desktop-*.whl)"
# The wheel must carry resources/ as the package opendata_desktop.resources (setup.py's package-dir mapping).
"$VPY" - "$WHEEL" <<'EOF'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
needed = ["opendata_desktop/resources/__init__.py", "opendata_desktop/resources/schemas/catalogue.json",
          "opendata_desktop/resources/samples/subventions_exemple.xlsx",
          "opendata_desktop/resources/icons/opendata-desktop.ico",
          "opendata_desktop/resources/translations/qtbase_fr.qm"]
missing = [n for n in needed if n not in names]
if missing:
    sys.exit(f"the wheel lacks: {missing}")
print(f"wheel: {len(names)} files, resources included")
EOF
"${PIP[@]}" "$WHEEL"
"${PIP[@]}" --no-deps --force-reinstall "$WHEEL"  # same version number: make sure this tree's code is in
VERSION="$("$VPY" -c 'import opendata_desktop; print(opendata_desktop.__version__)')"
# Windows version resources want four numbers: 0.1.0 -> 0.1.0.0 (a suffix such as .dev1 is dropped).
VI_VERSION="$("$VPY" -c 'import re, sys; n = re.findall(r"\d+", sys.argv[1])[:4]; print(".".join(n + ["0"] * (4 - len(n))))' "$VERSION")"

# --- Frozen application ------------------------------------------------------------------------------
say "PyInstaller (un dossier, deux exécutables)"
T0=$SECONDS
# From the build folder: run from the source tree, `import opendata_desktop` would find the tree (which has
# no opendata_desktop/resources) instead of the installed wheel.
(cd "$BUILD" && "$VPY" -m PyInstaller --noconfirm --log-level WARN --distpath "$BUILD/dist" --workpath "$BUILD/work" \
  "$ROOT/installer/opendata-desktop.spec")
echo "PyInstaller: $((SECONDS - T0)) s"
APPDIR="$BUILD/dist/opendata-desktop"
CLI="$APPDIR/opendata-desktop$X"
APP="$APPDIR/opendata-desktop-app$X"
[ -x "$CLI" ] && [ -x "$APP" ] || fail "les exécutables n'ont pas été produits dans $APPDIR"
sign "$CLI"
sign "$APP"

# --- Smoke tests of the frozen build -----------------------------------------------------------------
SMOKE="$BUILD/smoke"
rm -rf "$SMOKE" && mkdir -p "$SMOKE/home"
export OPENDATA_DESKTOP_HOME="$SMOKE/home"  # never the builder's own settings
export QT_QPA_PLATFORM=offscreen
FIXTURE="$ROOT/../shared/fixtures/messy/subventions_2024.xlsx"
SMOKE_FILE="${SMOKE_FILE:-}"
if [ -z "$SMOKE_FILE" ]; then
  if [ -f "$FIXTURE" ]; then SMOKE_FILE="$FIXTURE"
  else SMOKE_FILE="$(ls "$APPDIR"/_internal/opendata_desktop/resources/samples/*.xlsx | head -n 1)"; fi
fi
SMOKE_SCHEMA="${SMOKE_SCHEMA:-scdl/subventions}"

say "Ligne de commande figée : --version"
OUT="$("$CLI" --version | tr -d '\r')"  # CRLF on Windows
echo "$OUT"
[ "$OUT" = "opendata-desktop $VERSION" ] || fail "--version affiche « $OUT »"

say "Ligne de commande figée : validate $(basename "$SMOKE_FILE")"
set +e
"$CLI" validate "$(native "$SMOKE_FILE")" --schema "$SMOKE_SCHEMA" --json > "$SMOKE/validate.json" 2> "$SMOKE/validate.txt"
CODE=$?
set -e
# 0 valid, 1 data to fix: both are answers; anything else (unreadable, internal error…) is a failure.
[ "$CODE" -le 1 ] || fail "validate a fini avec le code $CODE"
"$VPY" -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); assert isinstance(d, dict) and "error" not in d, d; print("validate: code", sys.argv[2], "- keys:", ", ".join(sorted(d)[:8]))' "$SMOKE/validate.json" "$CODE"

say "Ligne de commande figée : prepare"
set +e
"$CLI" prepare "$(native "$SMOKE_FILE")" --schema "$SMOKE_SCHEMA" -o "$(native "$SMOKE/sortie.csv")" \
  --report "$(native "$SMOKE/rapport.json")" > "$SMOKE/prepare.txt" 2>&1
CODE=$?
set -e
grep -v '^  [A-Z]*[0-9]* :' "$SMOKE/prepare.txt" | head -n 12  # the summary, without the cell-by-cell list
[ "$CODE" -le 1 ] || fail "prepare a fini avec le code $CODE"
[ -s "$SMOKE/sortie.csv" ] && [ -s "$SMOKE/rapport.json" ] || fail "prepare n'a pas écrit sortie.csv et rapport.json"
echo "prepare: code $CODE, $(wc -l < "$SMOKE/sortie.csv") lignes dans sortie.csv ($(head -c 60 "$SMOKE/sortie.csv" | head -n 1)…)"

say "Application figée : chaque étape rendue hors écran"
"$APP" --render-screens "$(native "$SMOKE/captures")"
SHOTS=(0-accueil 1-ouvrir 2-schema 3-correspondances 4-verification 5-donnees-personnelles 6-publication)
for shot in "${SHOTS[@]}"; do
  [ -s "$SMOKE/captures/$shot.png" ] || fail "capture manquante : $shot.png"
done
echo "${#SHOTS[@]} captures dans $SMOKE/captures"

say "Application figée : démarrage jusqu'à la première fenêtre"
if [ "$WINDOWS" = 0 ] && [ -w /proc/sys/vm/drop_caches ]; then
  sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && COLD="(caches disque vidés)" || COLD="(caches non vidés)"
else
  COLD="(premier lancement après la construction)"
fi
T0=$(now_ms); "$APP" --first-window; T1=$(now_ms)
"$APP" --first-window; T2=$(now_ms)
START_COLD=$((T1 - T0)); START_WARM=$((T2 - T1))

# --- Installer ---------------------------------------------------------------------------------------
say "Installateur NSIS (makensis)"
"$VPY" "$ROOT/installer/make_resources.py" --graphics "$BUILD/nsis"
INSTALLER="$BUILD/opendata-desktop-$VERSION-installation.exe"
rm -f "$INSTALLER"
NSIS_ARGS=(-V2 -INPUTCHARSET UTF8 "-DVERSION=$VERSION" "-DVI_VERSION=$VI_VERSION" "-DDIST_DIR=$(native "$APPDIR")"
  "-DOUT_FILE=$(native "$INSTALLER")" "-DICON=$(native "$ROOT/resources/icons/opendata-desktop.ico")"
  "-DSIDE_BITMAP=$(native "$BUILD/nsis/installer-side.bmp")")
[ -z "${SIGN_COMMAND:-}" ] || NSIS_ARGS+=("-DSIGN_COMMAND=$(native "$SIGN_COMMAND")")
[ "${NSIS_FAST:-0}" = 0 ] || NSIS_ARGS+=(-DFAST)
T0=$SECONDS
"$MAKENSIS" "${NSIS_ARGS[@]}" "$(native "$ROOT/installer/opendata-desktop.nsi")" \
  || fail "makensis a échoué (erreur dans installer/opendata-desktop.nsi ?)"
echo "makensis: $((SECONDS - T0)) s"
[ -s "$INSTALLER" ] || fail "l'installateur n'a pas été produit"
sign "$INSTALLER"

# --- Summary -----------------------------------------------------------------------------------------
INSTALLER_BYTES=$(wc -c < "$INSTALLER")
FOLDER_KB=$(du -sk "$APPDIR" | cut -f1)
FILES=$(find "$APPDIR" -type f | wc -l)
{
  echo "Installateur : $(basename "$INSTALLER") — $(mb "$INSTALLER_BYTES")"
  echo "Dossier installé : $(mb $((FOLDER_KB * 1024))) en $FILES fichiers ($(uname -s) ; la construction Windows est sur le même modèle)"
  echo "Démarrage jusqu'à la première fenêtre : ${START_COLD} ms $COLD, puis ${START_WARM} ms"
  echo "Durée totale de build.sh : $((SECONDS - START)) s"
} | tee "$BUILD/summary.txt"
