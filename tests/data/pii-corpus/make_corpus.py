"""Build the project's own labelled PII corpus (same label format as shared/pii-eval, scored by its score.py).

Written independently of the shared corpus: other themes and header vocabularies, both name orders,
names without civility, organisation names of many kinds, other free-text phrasings. Names below are
written by hand (common and less common French names), not drawn from any package.
Run: python tests/data/pii-corpus/make_corpus.py   (deterministic: seed fixed)
"""

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).parent / "tables"
rng = random.Random(20261130)

FIRST = ["Sophie", "Jean-Pierre", "Paul", "Nathalie", "Éric", "Maëlle", "Thierry", "Hélène", "Yannick", "Chloé",
         "Gérard", "Solène", "Bertrand", "Agnès", "Loïc", "Murielle", "Rémi", "Josiane", "Anne-Laure", "Kevin",
         "Fatima", "Mohamed", "Inès", "Théo", "Ghislaine", "Hervé", "Nadège", "Baptiste", "Odile", "Florian"]
LAST = ["Castagné", "Durand", "Lemoine", "Bouchet", "Ferrand", "Guillot", "Marchal", "Tessier", "Poulain",
        "Carré", "Besnard", "Royer", "Lacombe", "Vidal", "Pichon", "Delmas", "Barthélémy", "Ollivier", "Rigaud",
        "Benhamou", "Nguyen", "Le Gall", "Da Silva", "Kieffer", "Morvan", "Jacquemin", "Sauvage", "Texier",
        "Prévost", "Hoarau"]
ORGS = ["Croix-Rouge française - unité locale", "Secours Populaire Français", "Secours Catholique",
        "Mission Locale du Bocage", "ADMR de la Vallée", "Le CIDFF", "Restos du Cœur", "Amicale des Sapeurs-Pompiers",
        "Comité des fêtes de Boisseuil", "Club de l'Amitié", "Coopérative scolaire école Jules Ferry",
        "Association Pablo Neruda", "Maison des jeunes Simone Veil", "Fondation du Patrimoine",
        "Union sportive boisseuilloise", "Entente cycliste du Val", "SCI Les Tilleuls", "SARL Bâti Ouest",
        "SAS Transports Gauthier", "EURL Terre et Bois", "GAEC du Grand Pré", "CCAS de Boisseuil",
        "Syndicat d'initiative", "Office de tourisme intercommunal", "Collège Jean Moulin - foyer socio-éducatif",
        "Familles Rurales", "Harmonie municipale", "Aide à Domicile en Milieu Rural", "APE école Victor Hugo",
        "Judo club du canton", "Les Amis de la bibliothèque", "Théâtre de la Gare", "Compagnie Temps DEM",
        "Ligue contre le cancer - comité départemental", "UNSS collège", "FNACA section locale",
        "Chorale À Cœur Joie", "Anciens combattants UNC", "Banque alimentaire", "Emmaüs Solidarité",
        "France Services itinérant", "Ensemble vocal Arpège", "Cercle de généalogie", "Société de chasse La Perdrix",
        "Gymnastique volontaire", "Centre social Louise Michel", "École de musique intercommunale",
        "Pétanque boisseuilloise", "Ludothèque Le Dé Vert", "Crèche parentale Les Lutins",
        "Association des commerçants", "Tennis club", "Football club Saint-Martin", "Maison de la pêche"]
STREETS = ["rue des Lilas", "avenue Jean Jaurès", "chemin de la Fontaine", "impasse des Vignes", "allée des Chênes",
           "place de l'Église", "route de Limoges", "rue Pasteur", "boulevard Victor Hugo", "lotissement Les Prés"]


def nir():
    from stdnum.fr import nir as n
    body = f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}" \
           f"{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    return body + n.calc_check_digits(body)


def siret():
    from stdnum import luhn
    body = "".join(str(rng.randint(0, 9)) for _ in range(13))
    return body + luhn.calc_check_digit(body)


def person(order=None):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    order = order or rng.choice(["fl", "Lf", "lf", "fL"])
    return {"fl": f"{f} {l}", "Lf": f"{l.upper()} {f}", "lf": f"{l} {f}", "fL": f"{f} {l.upper()}"}[order]


def mobile():
    d = "".join(str(rng.randint(0, 9)) for _ in range(8))
    fmt = rng.choice(["{0} {1}", "{0}{1}", "+33 {2}"])
    n = rng.choice(["06", "07"]) + d
    pairs = " ".join(n[i:i + 2] for i in range(0, 10, 2))
    return {"{0} {1}": pairs, "{0}{1}": n, "+33 {2}": "+33 " + pairs[1:]}[fmt]


def email(name):
    f, l = name.split()[0], name.split()[-1]
    from opendata_desktop.core.textnorm import fold
    return f"{fold(f).replace(' ', '')}.{fold(l).replace(' ', '')}@" + rng.choice(["orange.fr", "gmail.com", "free.fr", "laposte.net"])


def write(name, headers, rows, columns, theme, row_subject, delimiter=";", extra=None):
    path = HERE / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(headers)
        w.writerows(rows)
    label = {"file": path.name, "theme": theme, "variant": "heldout-own", "format": "csv", "encoding": "utf-8",
             "delimiter": delimiter, "sheet": None, "header_row": 1, "n_rows": len(rows), "row_subject": row_subject,
             "difficulty": [], "columns": columns}
    label.update(extra or {})
    (HERE / f"{name}.labels.json").write_text(json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")


def col(name, personal, entity=None, rows=None, trap=None):
    c = {"name": name, "personal": personal, "entity": entity}
    if rows is not None:
        c["rows_with_personal"] = rows
    if trap:
        c["trap"] = trap
    return c


def t01_subsidies():
    rows, persons = [], []
    for i in range(60):
        if rng.random() < 0.3:
            rows.append([person(), "", "", rng.choice(["Aide au ravalement", "Bourse au permis", "Prime vélo"]),
                         str(rng.randint(100, 900)), "2025-03-12"])
            persons.append(i)
        else:
            org = ORGS[i % len(ORGS)]
            has_rna = "association" in org.lower() or rng.random() < 0.5
            rows.append([org, siret() if not has_rna else "", f"W{rng.randint(100000000, 999999999)}" if has_rna else "",
                         "Fonctionnement", str(rng.randint(200, 9000)), "2025-03-12"])
    write("o01_tiers_aides_2025", ["Tiers", "N° SIRET", "Identifiant RNA", "Libellé de l'aide", "Montant attribué",
                                   "Date décision"], rows,
          [col("Tiers", True, "PERSON", persons), col("N° SIRET", False, trap="legal_person_siret"),
           col("Identifiant RNA", False, trap="rna_number"), col("Libellé de l'aide", False),
           col("Montant attribué", False), col("Date décision", False, trap="non_birth_date")],
          "subventions (tiers sans civilité)", "mixed")


def t02_facades():
    rows = []
    for _ in range(40):
        p = person(rng.choice(["Lf", "lf"]))
        rows.append([p, f"{rng.randint(1, 80)} {rng.choice(STREETS)}", mobile(), email(p), str(rng.randint(500, 3000))])
    write("o02_ravalement_demandes", ["Demandeur (NOM Prénom)", "Adresse du bien", "Tél. demandeur", "Courriel",
                                      "Montant"], rows,
          [col("Demandeur (NOM Prénom)", True, "PERSON"), col("Adresse du bien", True, "ADDRESS"),
           col("Tél. demandeur", True, "PHONE_NUMBER"), col("Courriel", True, "EMAIL_ADDRESS"), col("Montant", False)],
          "aides au ravalement (noms d'abord)", "person", delimiter=",")


def t03_decisions():
    with_person = [
        "Vente d'une bande de terrain à Mme {fl} pour 1 200 €",
        "Rétrocession par M. {l} de la parcelle ZB 45",
        "Aide exceptionnelle à la famille {l} après l'incendie",
        "Règlement de la succession {l} : acceptation du legs",
        "Acquisition auprès des consorts {L} d'un chemin",
        "Bail rural consenti à {fL}, agriculteur",
        "Indemnisation de {Lf} pour dommages sur son véhicule",
        "Recrutement de {fl} comme agent d'entretien saisonnier",
        "Convention d'occupation avec {fl} (apiculteur)",
    ]
    without = [
        "Dénomination de l'école Jules Ferry", "Travaux de voirie avenue Jean Jaurès",
        "Subvention à l'Association Pablo Neruda", "Adhésion à la Mission Locale du Bocage",
        "Convention avec le CIDFF", "Tarifs de la Maison des jeunes Simone Veil", "Budget primitif 2025",
        "Fête de la Saint Jean : prise en charge des feux", "Projet culturel Pablo NERUDA", "Festival Temps DEM",
        "Rénovation du gymnase Marcel Cerdan", "Renouvellement de la convention ADMR",
    ]
    rows, personal = [], []
    for i in range(70):
        if rng.random() < 0.45:
            f, l = rng.choice(FIRST), rng.choice(LAST)
            text = rng.choice(with_person).format(fl=f"{f} {l}", l=l, L=l.upper(), fL=f"{f} {l.upper()}",
                                                  Lf=f"{l.upper()} {f}")
            personal.append(i)
        else:
            text = rng.choice(without)
        rows.append([f"2025-{i + 1:03d}", text, rng.choice(["Adopté", "Adopté à l'unanimité"])])
    write("o03_registre_decisions", ["Numéro", "Intitulé de la décision", "Résultat du vote"], rows,
          [col("Numéro", False, trap="reference_number"),
           col("Intitulé de la décision", True, "FREE_TEXT_WITH_PERSON", personal),
           col("Résultat du vote", False)], "décisions du conseil (texte libre)", "act")


def t04_delivery_bays():
    rows = [[f"AL-{i:03d}", f"Aire livraison {rng.choice(['Marché', 'Poste', 'Mairie', 'Gare'])}",
             f"{rng.randint(1, 60)} {rng.choice(STREETS)}", "Boisseuil", rng.choice(["chaussée", "encoche"]),
             str(rng.randint(8, 20))] for i in range(30)]
    write("o04_aires_livraison", ["IDENTIFIANT", "NOM", "ADRESSE", "COMMUNE", "LOCALISATION", "LONGUEUR"], rows,
          [col("IDENTIFIANT", False), col("NOM", False), col("ADRESSE", False, trap="equipment_address"),
           col("COMMUNE", False, trap="commune_name"), col("LOCALISATION", False), col("LONGUEUR", False)],
          "aires de livraison (schéma CEREMA)", "place", extra={"schema": "CEREMA/schema-aire-livraison"})


def t05_associations():
    rows = [[o, f"{rng.randint(1, 40)} {rng.choice(STREETS)}", "05 55 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3)),
             rng.choice(["contact", "secretariat", "president", "info"]) + "@" + rng.choice(["asso.fr", "gmail.com"])]
            for o in ORGS]
    write("o05_repertoire_structures", ["Structure", "Adresse du siège", "Téléphone du siège", "Mail contact"], rows,
          [col("Structure", False, trap="legal_person_name"), col("Adresse du siège", False, trap="legal_person_address"),
           col("Téléphone du siège", False, trap="functional_phone"), col("Mail contact", False, trap="functional_email")],
          "répertoire des associations et organismes", "organisation")


def t06_music_school():
    rows = []
    for _ in range(45):
        child, parent = person("fL"), person("Lf")
        rows.append([child, f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2008, 2018)}", parent,
                     mobile(), email(parent), rng.choice(["Piano", "Violon", "Guitare", "Batterie"])])
    write("o06_ecole_musique_inscrits", ["Élève", "Né(e) le", "Responsable légal", "Portable", "E-mail parent",
                                         "Instrument"], rows,
          [col("Élève", True, "PERSON"), col("Né(e) le", True, "DATE_OF_BIRTH"), col("Responsable légal", True, "PERSON"),
           col("Portable", True, "PHONE_NUMBER"), col("E-mail parent", True, "EMAIL_ADDRESS"), col("Instrument", False)],
          "école de musique : inscriptions", "person")


def t07_loans():
    rows, personal = [], []
    for i in range(50):
        if rng.random() < 0.4:
            rows.append([person(rng.choice(["fl", "lf"])), rng.choice(["Barnums", "Tables", "Grilles"]), "2025-06-01"])
            personal.append(i)
        else:
            rows.append([rng.choice(ORGS), rng.choice(["Barnums", "Tables", "Sono"]), "2025-06-01"])
    write("o07_pret_materiel", ["Emprunteur", "Matériel prêté", "Date du prêt"], rows,
          [col("Emprunteur", True, "PERSON", personal), col("Matériel prêté", False),
           col("Date du prêt", False, trap="non_birth_date")], "prêt de matériel municipal", "mixed", delimiter=",")


def t08_payroll_ids():
    rows = []
    for _ in range(30):
        rows.append([rng.choice(LAST).upper(), rng.choice(FIRST), nir(), rng.choice(["Adjoint technique", "ATSEM"]),
                     rng.choice(["Service technique", "Écoles"])])
    write("o08_agents_secu", ["Nom usuel", "Prénom(s)", "N° Sécu", "Grade", "Service"], rows,
          [col("Nom usuel", True, "LAST_NAME"), col("Prénom(s)", True, "FIRST_NAME"), col("N° Sécu", True, "FR_NIR"),
           col("Grade", False), col("Service", False)], "agents (avec NIR)", "person")


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    for build in (t01_subsidies, t02_facades, t03_decisions, t04_delivery_bays, t05_associations, t06_music_school,
                  t07_loans, t08_payroll_ids):
        build()
