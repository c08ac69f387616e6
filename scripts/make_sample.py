"""Build the sample spreadsheet shipped with the app (resources/samples/subventions_exemple.xlsx).

Synthetic data for a fictitious commune, with what real files have: title rows, a TOTAL row,
French dates typed as text, amounts with « € », « Non » instead of « non », natural persons among
the beneficiaries and a column of mobile phone numbers. Re-run to regenerate; output is stable.
"""

import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from stdnum import luhn

OUT = Path(__file__).resolve().parents[1] / "resources" / "samples" / "subventions_exemple.xlsx"


def siret(rng: random.Random, siren_prefix: str | None = None) -> str:
    body = siren_prefix or "".join(str(rng.randint(0, 9)) for _ in range(8))
    while len(body) < 13:
        body += str(rng.randint(0, 9))
    return body + luhn.calc_check_digit(body)


def main() -> None:
    rng = random.Random(82)
    commune = "Commune de Lavalette-sur-Tarn"
    commune_siret = siret(rng, "21829999")
    wb = Workbook()
    ws = wb.active
    ws.title = "Subventions 2025"
    ws["A1"] = f"{commune} — subventions versées en 2025"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:H1")
    ws["A2"] = "Document de travail du secrétariat — ne pas diffuser en l'état"
    headers = ["Nom de l'attribuant", "SIRET commune", "Date de la convention", "Référence de la décision",
               "Nom du bénéficiaire", "SIRET bénéficiaire", "N° RNA", "Objet de la subvention", "Montant",
               "Nature de la subvention", "Conditions de versement", "Date ou période de versement",
               "Notification UE", "Pourcentage", "Téléphone du contact"]
    ws.append([])
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    beneficiaries = ["Association sportive lavalettoise", "Comité des fêtes", "Club des aînés",
                     "École de musique intercommunale", "Amicale des sapeurs-pompiers", "Foyer rural",
                     "Les Amis de la bibliothèque", "Judo club du Tarn", "Société de chasse",
                     "Association des parents d'élèves", "Théâtre du Pont-Vieux", "Gymnastique volontaire",
                     "M. Jean-Pierre Castagné", "Comité de jumelage", "Mme Odile Ferrand",
                     "Tennis club", "Banque alimentaire", "Anciens combattants", "Pétanque lavalettoise",
                     "Ciné-club", "Chorale Les Voix du Tarn", "Rugby club", "Jardins partagés",
                     "Secours populaire"]
    objects = ["Fonctionnement annuel", "Organisation de la fête locale", "Achat de matériel",
               "Subvention exceptionnelle", "Aide à la rénovation de façade"]
    total = 0
    for i, name in enumerate(beneficiaries):
        date = dt.date(2025, 1 + i % 11, 3 + (i * 7) % 25)
        amount = rng.choice([150, 300, 450, 800, 1200, 2500, 3000])
        total += amount
        person = name.startswith(("M. ", "Mme "))
        row = [
            commune, int(commune_siret),
            date if i % 4 else date.strftime("%d/%m/%Y"),  # some dates typed as text
            f"DCM-2025-{i + 10:03d}", name,
            "" if person else siret(rng),
            f"W82{rng.randint(1000000, 9999999)}" if not person and i % 3 == 0 else "",
            "Aide à la rénovation de façade" if person else objects[i % 4],
            f"{amount:,.2f} €".replace(",", " ").replace(".", ",") if i % 5 == 0 else amount,
            "aide en numéraire", "Versement unique", date.isoformat(),
            "Non" if i % 2 else "non", rng.choice([0.25, 0.5, 1]),
            f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}" if person else "",
        ]
        ws.append(row)
        ws.cell(ws.max_row, 3).number_format = "DD/MM/YYYY"
    ws.append(["TOTAL", None, None, None, None, None, None, None, total])
    ws.append([])
    ws.append(["Source : délibérations du conseil municipal"])
    for letter, width in zip("ABCDEFGHIJKLMNO", [30, 16, 14, 14, 34, 16, 12, 32, 12, 20, 18, 14, 10, 10, 18]):
        ws.column_dimensions[letter].width = width
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Montants votés au budget primitif 2025."
    OUT.parent.mkdir(parents=True, exist_ok=True)
    wb.save(OUT)
    print(OUT)


if __name__ == "__main__":
    sys.exit(main())
