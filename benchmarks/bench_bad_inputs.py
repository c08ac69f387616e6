"""Bad-input benchmark: a generated corpus of hostile and odd files, each opened by the command line.

For every input, `opendata-desktop inspect FILE --json` runs in a fresh process; the input is
"handled cleanly" when the process ends with 0 (read) or 3 (refused) and says it in French, never
with « Erreur interne », a traceback, a Rust panic or an abort. Prints inputs tried, handled
cleanly, peak memory and longest time, and the ratio of the longest time to a normal small file
opened in the same run (process start-up included). Goal: all clean, none over 10 s or 1 GB.

Usage: python benchmarks/bench_bad_inputs.py [--skip-big] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from opendata_desktop.core.reading.cells import column_letter

LIMIT_SECONDS = 10.0
LIMIT_MB = 1024.0

# ------------------------------------------------------------------ workbook builders

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
       'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
       '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_HEAD = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c><c r="B1" t="inlineStr"><is><t>Montant</t>'
         '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Club</t></is></c><c r="B2"><v>12</v></c></row>')


def xlsx(path: Path, sheet_data: str, dimension: str | None = None, extra=(), sheet_prefix: str = "") -> None:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}</sheetData></worksheet>' + sheet_prefix)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WB),
                           ("xl/_rels/workbook.xml.rels", _WBRELS), ("xl/worksheets/sheet1.xml", sheet)):
            archive.writestr(name, data)
        for name, data in extra:
            archive.writestr(name, data)


def big_member_xlsx(path: Path, megabytes: int, noise: float) -> None:
    """A workbook with one member expanding to `megabytes`; `noise` sets the compression ratio."""
    rng = random.Random(5)
    base = bytearray(b"".join(f"<si><t>Association sportive {i}</t></si>".encode() for i in range(800))[:16384])
    xlsx(path, _HEAD)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            for _ in range(megabytes):
                block = bytearray(base * 64)
                for _ in range(int(len(block) * noise)):
                    block[rng.randrange(len(block))] = rng.randrange(97, 123)
                handle.write(bytes(block))


def ods(path: Path, rows_xml: str) -> None:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
               f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)


_ODS_HEAD = ('<table:table-row><table:table-cell office:value-type="string"><text:p>Nom</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>Total</text:p></table:table-cell></table:table-row>'
             '<table:table-row><table:table-cell office:value-type="string"><text:p>A</text:p></table:table-cell>'
             '<table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell>'
             '</table:table-row>')


def xls_far(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Aides")
    sheet.write(0, 0, "Nom")
    sheet.write(1, 0, "Club")
    sheet.write(65535, 255, 1)
    book.save(str(path))


def normal_xlsx(path: Path, rows: int = 200) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Bénéficiaire", "SIRET", "Montant", "Date"])
    for i in range(rows):
        sheet.append([f"Association {i}", 21820682914177 + i, 100.5 * i, f"2024-{1 + i % 12:02d}-01"])
    book.save(path)


# ------------------------------------------------------------------ the corpus

def build_corpus(folder: Path, big: bool) -> dict[str, Path]:
    rng = random.Random(11)
    files: dict[str, Path] = {}

    def add(name: str, data: bytes | None = None) -> Path:
        path = folder / name
        if data is not None:
            path.write_bytes(data)
        files[name] = path
        return path

    # reference: an ordinary file
    normal_xlsx(add("reference.xlsx"))
    add("reference.csv", "Nom;Montant\n".encode() + "".join(f"Club {i};{i}\n" for i in range(200)).encode())
    # workbook bombs and budgets
    xlsx(add("cellule_XFD1048576.xlsx"), _HEAD + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    xlsx(add("dimension_declaree.xlsx"), _HEAD, dimension="A1:XFD1048576")
    xlsx(add("cellules_sans_reference.xlsx"), _HEAD + '<row r="1048000">' + "<c><v>1</v></c>" * 300 + "</row>")
    xlsx(add("reference_apres_style.xlsx"), _HEAD + '<row r="9"><c s="1" r="ZZ900000"><v>1</v></c></row>')
    xlsx(add("zone_clairsemee.xlsx"), _HEAD + '<row r="900000"><c r="Z900000"><v>1</v></c></row>')
    xlsx(add("reference_invalide.xlsx"), _HEAD + '<row r="3"><c r="A99999999999"><v>1</v></c></row>')
    xlsx(add("16384_colonnes.xlsx"), "".join(
        f'<row r="{r}">' + "".join(f'<c r="{column_letter(c)}{r}"><v>{c}</v></c>' for c in range(16384)) + "</row>"
        for r in (1, 2)))
    xlsx(add("cellules_en_erreur.xlsx"), _HEAD + '<row r="3"><c r="A3" t="inlineStr"><is><t>X</t></is></c>'
         '<c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>')
    xlsx(add("texte_geant.xlsx"), _HEAD + '<row r="3"><c r="A3" t="inlineStr"><is><t>' + "é" * 5_000_000
         + "</t></is></c></row>")
    xlsx(add("entites_xml.xlsx"), _HEAD, extra=[("xl/sharedStrings.xml", '<?xml version="1.0"?><!DOCTYPE s ['
         '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
         '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><sst><si><t>&d;</t></si></sst>')])
    zeros = "<row>" + "<c><v>0</v></c>" * 100 + "</row>"
    xlsx(add("rapport_1000_pour_1.xlsx"), _HEAD, extra=[("xl/media/image1.xml", zeros * 200_000)])
    if big:  # the case: ~17 MB expanding to over 1 GB, ratio under 100:1
        big_member_xlsx(add("gros_sous_le_ratio.xlsx"), 1100, 0.0005)
    ods(add("ods_repetitions.ods"), _ODS_HEAD + '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
        "</table:table-row>")
    ods(add("ods_fin_vide_habituelle.ods"), _ODS_HEAD + '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    xls_far(add("xls_valeur_en_IV65536.xls"))
    # damaged containers
    whole = files["reference.xlsx"].read_bytes()
    add("tronque.xlsx", whole[: len(whole) // 2])
    add("tronque_fin.xlsx", whole[:-30])
    scrambled = bytearray(whole)
    start = scrambled.find(b"xl/worksheets/sheet1.xml") + 60
    scrambled[start:start + 300] = bytes(rng.randrange(256) for _ in range(300))
    add("flux_brouille.xlsx", bytes(scrambled))
    add("zip_vide.xlsx", _zip({}))
    add("zip_sans_classeur.xlsx", _zip({"lisezmoi.txt": b"bonjour"}))
    add("xls_faux.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(8000)))
    add("ods_sans_contenu.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}))
    add("pdf_renomme.xlsx", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(3000)))
    add("page_web.csv", b"<!DOCTYPE html><html><body>Erreur 404</body></html>")
    add("image.csv", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(3000)))
    # text oddities
    add("vide.csv", b"")
    add("octets_aleatoires.csv", bytes(rng.randrange(1, 256) for _ in range(200_000)))
    add("octets_aleatoires_avec_nul.csv", bytes(rng.randrange(256) for _ in range(200_000)))
    add("fins_de_ligne_mac.csv", "Commune;Population\rAlbi;49000\rCastres;41000\r".encode("cp1252"))
    add("utf8_et_cp1252.csv", "Lieu;Type\n".encode() + "".join(f"Église {i};Bâtiment\n" for i in range(5000)).encode()
        + "Salle des fêtes;Bâtiment\n".encode("cp1252"))
    add("bom_puis_cp1252.csv", b"\xef\xbb\xbf" + "Nom;Prénom\nDurand;Hélène\n".encode("cp1252"))
    add("nul_apres_256k.csv", b"Rue;Num\n" + b"".join(b"Rue %d;%d\n" % (i, i) for i in range(40_000)) + b"x\x00y;1\n")
    add("utf16_sans_bom.csv", "Nom\tVille\nZoé\tSète\n".encode("utf-16-le"))
    add("guillemet_ouvert.csv", b'Nom;Note\n"Dupont;12\nMartin;13\n' * 50)
    add("injection_formules.csv", '=cmd|"/c calc"!A1;+1+1\n@SUM(A1:A9);-2\n=HYPERLINK("http://x");3\n'.encode())
    add("4000_colonnes.csv", (";".join(f"c{i}" for i in range(4000)) + "\n" + ";".join("1" * 4000) + "\n").encode())
    add("4000_entetes_identiques.csv", (";".join(["Montant"] * 4000) + "\n" + ";".join("1" * 4000) + "\n").encode())
    add("16384_colonnes.csv", (",".join(f"c{i}" for i in range(16384)) + "\n" + ",".join("1" * 16384) + "\n").encode())
    add("17000_colonnes.csv", (",".join(f"c{i}" for i in range(17000)) + "\n" + ",".join("1" * 17000) + "\n").encode())
    add("ligne_large_sur_lignes_courtes.csv", b"a;b\n" + b";" * 16000 + b"\n" + b"x;y\n" * 400_000)
    add("cellule_de_10_Mo.csv", b"Nom;Texte\nA;" + b"z" * 10_000_000 + b"\n")
    add("seulement_des_retours.csv", b"\n" * 100_000)
    add("seulement_l_entete.csv", b"Nom;Prenom;Ville\n")
    add("une_seule_colonne.csv", b"Nom\n" + b"".join(b"Nom %d\n" % i for i in range(1000)))
    add("lettre.txt", "Madame, Monsieur,\nVeuillez trouver ci-joint le compte rendu.\nCordialement,\n".encode())
    return files


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ------------------------------------------------------------------ running

# A small launcher process starts the command and reports the command's own peak memory: measured
# from this (large) process, a child's peak would include the memory it shared before exec.
_LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
try:
    code = subprocess.run(sys.argv[1:], timeout=120).returncode
except subprocess.TimeoutExpired:
    code = -999
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
sys.stderr.write("\\n@@" + json.dumps({"code": code, "seconds": seconds, "peak_mb": peak}))
"""


def run_one(path: Path) -> dict:
    command = [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "opendata_desktop", "inspect", str(path),
               "--json"]
    process = subprocess.run(command, capture_output=True)
    stdout = process.stdout.decode("utf-8", "replace")
    stderr, _, measure = process.stderr.decode("utf-8", "replace").rpartition("\n@@")
    figures = json.loads(measure)
    code, seconds, peak_mb = figures["code"], figures["seconds"], figures["peak_mb"]
    clean = (code in (0, 3) and "Erreur interne" not in stderr and "Traceback" not in stderr
             and "panicked" not in stderr and (code == 0 or _french_error(stdout)))
    return {"code": code, "seconds": seconds, "peak_mb": peak_mb, "clean": clean,
            "message": (stderr.strip().splitlines() or [""])[0][:110]}


def _french_error(stdout: str) -> bool:
    try:
        error = json.loads(stdout)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(error.get("message")) and any(c in error["message"] for c in "éèàêç«")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-big", action="store_true", help="skip the 1.1 GB-expanding workbook (slow to build)")
    parser.add_argument("--keep", metavar="DIR", help="write the corpus there and keep it")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bad-inputs-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        files = build_corpus(folder, big=not args.skip_big)
        results = {}
        for name, path in files.items():
            results[name] = result = run_one(path)
            flag = "ok " if result["clean"] else "BAD"
            print(f"{flag} {name:38s} exit {result['code']:>4}  {result['seconds']:6.2f} s  "
                  f"{result['peak_mb']:7.0f} MB  {path.stat().st_size / 1024:9.0f} KB  {result['message']}")
        reference = min(results["reference.csv"]["seconds"], results["reference.xlsx"]["seconds"])
        tried = len(results)
        clean = sum(r["clean"] for r in results.values())
        slowest = max(results, key=lambda n: results[n]["seconds"])
        heaviest = max(results, key=lambda n: results[n]["peak_mb"])
        over = [n for n, r in results.items() if r["seconds"] > LIMIT_SECONDS or r["peak_mb"] > LIMIT_MB]
        print()
        print(f"inputs tried: {tried}")
        print(f"handled cleanly: {clean}/{tried}")
        print(f"peak memory: {results[heaviest]['peak_mb']:.0f} MB ({heaviest})")
        print(f"longest time: {results[slowest]['seconds']:.2f} s ({slowest}), "
              f"{results[slowest]['seconds'] / reference:.1f}x a normal small file ({reference:.2f} s)")
        print(f"over {LIMIT_SECONDS:.0f} s or {LIMIT_MB:.0f} MB: {', '.join(over) or 'none'}")
        return 0 if clean == tried and not over else 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
