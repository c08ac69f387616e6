"""Build the project's own labelled PII corpus (same label format as shared/pii-eval, scored by its score.py).

Written independently of the shared corpus: other themes and header vocabularies, both name orders,
names without civility, organisation names of many kinds, other free-text phrasings. Names below are
written by hand (common and less common French names), not drawn from any package.
Four series (see README.md): each written after the rules were changed for the previous one, with
its own names, organisations and phrasings, so that its first score is a held-out measure.
Run: python tests/data/pii-corpus/make_corpus.py   (deterministic: seed fixed)
"""

import csv
import datetime as dt
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
    if n.startswith("07"):
        n = "07" + rng.choice("5678") + d[1:]  # 0700-0749 are not allocated to mobiles
    pairs = " ".join(n[i:i + 2] for i in range(0, 10, 2))
    return {"{0} {1}": pairs, "{0}{1}": n, "+33 {2}": "+33 " + pairs[1:]}[fmt]


def email(name):
    f, l = name.split()[0], name.split()[-1]
    from opendata_desktop.core.textnorm import fold
    return f"{fold(f).replace(' ', '')}.{fold(l).replace(' ', '')}@" + rng.choice(["orange.fr", "gmail.com", "free.fr", "laposte.net"])


def write(name, headers, rows, columns, theme, row_subject, delimiter=";", extra=None, encoding="utf-8"):
    path = HERE / f"{name}.csv"
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(headers)
        w.writerows(rows)
    label = {"file": path.name, "theme": theme, "variant": "heldout-own", "format": "csv", "encoding": encoding,
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


# -- second series (o09…): other names, other organisations, other phrasings ----------------------
# Names none of the rules' tests use; organisations of the kinds that fool name detectors.

FIRST2 = ["Aurélien", "Maryse", "Gaëtan", "Clémence", "Ludovic", "Rosalie", "Anthony", "Françoise", "Perrine",
          "Lucien", "Sandrine", "Cyril", "Bernadette", "Quentin", "Élodie", "Didier", "Pascale", "Mathis", "Yasmine",
          "Karim", "Youssef", "Mathilde", "Gwenaëlle", "Tanguy", "Armelle", "Fabrice", "Capucine", "Régis",
          "Marie-Thérèse", "Jean-Baptiste"]
LAST2 = ["Fourcade", "Sarrazin", "Bouyssou", "Carrère", "Pujol", "Vergnes", "Escudié", "Couderc", "Ribeiro",
         "Nadaud", "Peyrot", "Soulié", "Bessière", "Lacoste", "Marty", "Arnal", "Cabrol", "Garrigues", "Vialard",
         "Teyssier", "Bousquet", "Mazars", "Lafon", "Diallo", "Pereira", "Le Bihan", "Ben Salah", "Malet",
         "Costes", "Bonnafous"]
ORGS2 = ["SCI Les Tilleuls", "GAEC du Moulin", "EHPAD Saint-Joseph", "Association Jean Moulin", "Collège Jean Jaurès",
         "ADMR", "Les Restos du Cœur", "Secours catholique", "Mission locale du Quercy", "SARL Couderc Frères",
         "Amicale laïque du Causse", "Comité de jumelage Quercy-Bavière", "Foyer rural de Lalbenque",
         "Société de pêche La Truite quercynoise", "Club des aînés Les Cigalous", "Basket club causse",
         "UNSS collège Olympe de Gouges", "Fédération des chasseurs du Lot", "CUMA de la Vallée", "EARL des Combes",
         "SAS Quercy Bois Énergie", "Cinéma Le Querlot", "Médiathèque intercommunale", "Syndicat mixte du Causse",
         "Groupement des producteurs de truffes", "Croix-Rouge française", "Banque alimentaire du Lot",
         "Les P'tits Loups (crèche associative)", "APEL école Sainte-Marie", "Harmonie de Cahors", "MJC Jacques Brel",
         "Entraide et partage", "Conservatoire Edith Piaf", "Secours populaire – antenne de Figeac"]
PLACES = ["rue du Souvenir français", "avenue Léon Gambetta", "chemin de Mas-Viel", "impasse du Pigeonnier",
          "place de la Halle", "route de Villefranche", "rue Clemenceau", "allée des Platanes", "quai Cavaignac",
          "lieu-dit Les Bories"]


def _mailbox(text):
    from opendata_desktop.core.textnorm import fold
    return fold(text).replace(" ", "")


def person2(order=None):
    f, l = rng.choice(FIRST2), rng.choice(LAST2)
    order = order or rng.choice(["fl", "Lf", "lf", "fL"])
    return {"fl": f"{f} {l}", "Lf": f"{l.upper()} {f}", "lf": f"{l} {f}", "fL": f"{f} {l.upper()}"}[order]


def fixed():
    return rng.choice(["05 65 ", "05.65.", "0565"]) .replace(".", ".") + \
        rng.choice([" ", ".", ""]).join(f"{rng.randint(0, 99):02d}" for _ in range(3))


def iban():
    from stdnum import iban as ib
    bban = "".join(str(rng.randint(0, 9)) for _ in range(23))
    check = ib.calc_check_digits("FR00" + bban)
    raw = "FR" + check + bban
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def t09_concessions():
    rows, titul, defunts = [], [], []
    special = ["Mme veuve Laporte", "famille Cassagne", "Consorts BOUYSSOU", "Succession Marty"]
    for i in range(40):
        t = special[i % 4] if i % 5 == 0 else person2(rng.choice(["fl", "Lf"]))
        d = person2(rng.choice(["fL", "lf"])) + f" ({rng.randint(1930, 1950)}-{rng.randint(1990, 2024)})"
        rows.append([f"Carré {rng.choice('ABCD')} – n° {i + 1}", t, d, rng.choice(["15 ans", "30 ans", "perpétuelle"]),
                     f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1995, 2024)}"])
    write("o09_cimetiere_concessions", ["Emplacement", "Concessionnaire", "Inhumé(s)", "Durée", "Date d'acte"], rows,
          [col("Emplacement", False), col("Concessionnaire", True, "PERSON"), col("Inhumé(s)", True, "PERSON"),
           col("Durée", False), col("Date d'acte", False, trap="non_birth_date")],
          "cimetière (titulaires sans civilité, familles, veuves)", "person", encoding="cp1252")


def t10_market_traders():
    rows, persons = [], []
    traders = ["Boulangerie {L} (EI)", "{f} {l} EI", "Primeurs {f} {l}", "{L} {f} – maraîcher",
               "Fromages {f} {L}", "Poissonnerie {f} {l}"]
    companies = ["SARL Les Délices du Causse", "SAS Rôtisserie du Quercy", "EARL des Combes", "GAEC du Moulin",
                 "Boulangerie du Marché", "Fromagerie des Causses", "Cave coopérative de Parnac"]
    for i in range(36):
        if rng.random() < 0.5:
            f, l = rng.choice(FIRST2), rng.choice(LAST2)
            rows.append([rng.choice(traders).format(f=f, l=l, L=l.upper()), siret(), rng.choice(["4 ml", "6 ml"]),
                         mobile()])
            persons.append(i)
        else:
            rows.append([rng.choice(companies), siret(), rng.choice(["4 ml", "8 ml"]), fixed()])
    write("o10_halle_commercants", ["Enseigne / exploitant", "SIRET", "Métrage", "Tél."], rows,
          [col("Enseigne / exploitant", True, "PERSON", persons), col("SIRET", True, "FR_SIRET_NATURAL_PERSON", persons),
           col("Métrage", False), col("Tél.", True, "PHONE_NUMBER", persons)],
          "halle : commerçants abonnés (EI et sociétés)", "mixed", delimiter=",")


def t11_suppliers():
    rows, persons = [], []
    for i in range(45):
        if rng.random() < 0.3:
            f, l = rng.choice(FIRST2), rng.choice(LAST2)
            rows.append([rng.choice([f"{l.upper()} {f} – Menuiserie", f"Plomberie {f} {l}", f"{f} {l.upper()} Élagage"]),
                         siret(), f"MAPA-2025-{i:03d}", str(rng.randint(900, 24000))])
            persons.append(i)
        else:
            rows.append([rng.choice(["SAS Quercy Bois Énergie", "SARL Couderc Frères", "Eiffage Route Sud-Ouest",
                                     "Colas France", "Orange Business", "La Poste"]), siret(), f"MAPA-2025-{i:03d}",
                         str(rng.randint(900, 90000))])
    write("o11_fournisseurs_mapa", ["Raison sociale titulaire", "Siret titulaire", "Réf. marché", "Montant HT"], rows,
          [col("Raison sociale titulaire", True, "PERSON", persons),
           col("Siret titulaire", True, "FR_SIRET_NATURAL_PERSON", persons),
           col("Réf. marché", False, trap="reference_number"), col("Montant HT", False)],
          "marchés à procédure adaptée (titulaires)", "mixed")


def t12_charging_points():
    rows = [["Quercy Énergies", "Syndicat départemental d'énergies", f"FRQEPE{i:04d}", f"Borne {p}",
             f"{rng.randint(1, 40)} {p}", "05 65 23 45 67", "22"] for i, p in enumerate(PLACES * 3)]
    write("o12_bornes_recharge", ["nom_operateur", "nom_amenageur", "id_pdc_itinerance", "nom_station",
                                  "adresse_station", "telephone_operateur", "puissance_nominale"], rows,
          [col("nom_operateur", False, trap="legal_person_name"), col("nom_amenageur", False, trap="legal_person_name"),
           col("id_pdc_itinerance", False, trap="reference_number"), col("nom_station", False),
           col("adresse_station", False, trap="equipment_address"),
           col("telephone_operateur", False, trap="functional_phone"), col("puissance_nominale", False)],
          "IRVE : points de recharge (schéma etalab)", "place", delimiter=",",
          extra={"schema": "etalab/schema-irve-statique"})


def t13_sports_equipment():
    names = ["Stade Pierre de Coubertin", "Gymnase Marcel Pagnol", "Piscine Aimé Césaire", "Dojo Teddy Riner",
             "City stade du Bourg", "Boulodrome Fernand Contandin", "Salle polyvalente Olympe de Gouges"]
    rows = [[n, f"{rng.randint(1, 90)} {rng.choice(PLACES)}", "46000", "05 65 " + " ".join(
        f"{rng.randint(0, 99):02d}" for _ in range(3)), rng.choice(["oui", "non"])] for n in names * 4]
    write("o13_equipements_sportifs", ["Équipement", "Adresse de l'équipement", "CP", "Tél. gardien(ne) de site",
                                       "Accessible PMR"], rows,
          [col("Équipement", False, trap="equipment_name_with_person"),
           col("Adresse de l'équipement", False, trap="equipment_address"), col("CP", False, trap="postal_code"),
           col("Tél. gardien(ne) de site", False, trap="functional_phone"), col("Accessible PMR", False)],
          "équipements sportifs", "place")


def t14_social_housing():
    rows = []
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre"]
    for _ in range(40):
        p = person2(rng.choice(["Lf", "fl"]))
        rows.append([p, f"{rng.randint(1, 28)} {rng.choice(months)} {rng.randint(1950, 2000)}",
                     f"{rng.randint(1, 120)}, {rng.choice(PLACES)}", str(rng.randint(1000000, 9999999)), iban(),
                     rng.choice(["T2", "T3", "T4"])])
    write("o14_demandes_logement", ["Nom du demandeur", "Date naiss.", "Adresse actuelle", "N° allocataire CAF",
                                    "RIB (IBAN)", "Typologie souhaitée"], rows,
          [col("Nom du demandeur", True, "PERSON"), col("Date naiss.", True, "DATE_OF_BIRTH"),
           col("Adresse actuelle", True, "ADDRESS"), col("N° allocataire CAF", True, "OTHER_PERSONAL"),
           col("RIB (IBAN)", True, "IBAN_CODE"), col("Typologie souhaitée", False)],
          "demandes de logement social", "person")


def t15_resident_parking():
    rows = []
    for _ in range(35):
        plate = f"{rng.choice('ABCDEFGH')}{rng.choice('JKLMNPQR')}-{rng.randint(100, 999)}-{rng.choice('STVWXYZ')}{rng.choice('ABCDE')}"
        rows.append([rng.choice(LAST2).upper(), rng.choice(FIRST2), plate, f"{rng.randint(1, 50)} {rng.choice(PLACES)}",
                     rng.choice(["Zone 1", "Zone 2"])])
    write("o15_vignettes_residents", ["NOM", "Prénom usuel", "Véhicule (immat.)", "Domicile", "Secteur"], rows,
          [col("NOM", True, "LAST_NAME"), col("Prénom usuel", True, "FIRST_NAME"),
           col("Véhicule (immat.)", True, "FR_LICENSE_PLATE"), col("Domicile", True, "ADDRESS"), col("Secteur", False)],
          "stationnement résidentiel", "person", delimiter=",")


def t16_commission_minutes():
    with_person = ["Courrier de Mme veuve {l} sur l'entretien de la tombe familiale",
                   "Demande de dérogation présentée par {fl} pour son fils", "Litige de voisinage : plainte de {Lf}",
                   "La famille {l} sollicite un secours d'urgence", "Remise gracieuse accordée à {fL}",
                   "Dossier {L} {f} : relogement temporaire", "Échange avec {f} {l} (propriétaire riverain)",
                   "Visite chez {fl} le 12/03, à recontacter au 06 {n}"]
    without = ["Point sur la convention avec l'EHPAD Saint-Joseph", "Subvention à l'Association Jean Moulin",
               "Travaux au Collège Jean Jaurès", "Partenariat ADMR : bilan annuel", "Collecte des Restos du Cœur",
               "Permanence du Secours catholique le mardi", "Ateliers de la Mission locale du Quercy",
               "Fermeture estivale de la médiathèque", "Plan canicule : rappel des consignes",
               "Projet de fresque rue Jean Moulin", "Bilan de la saison au stade Pierre de Coubertin"]
    rows, personal = [], []
    for i in range(60):
        if rng.random() < 0.45:
            f, l = rng.choice(FIRST2), rng.choice(LAST2)
            n = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
            text = rng.choice(with_person).format(fl=f"{f} {l}", l=l, L=l.upper(), f=f, fL=f"{f} {l.upper()}",
                                                  Lf=f"{l.upper()} {f}", n=n)
            personal.append(i)
        else:
            text = rng.choice(without)
        rows.append([f"CCAS-{2025}-{i + 1:02d}", text, rng.choice(["Avis favorable", "Ajourné", "Pour information"])])
    write("o16_commission_ccas", ["Réf.", "Compte rendu", "Suite"], rows,
          [col("Réf.", False, trap="reference_number"), col("Compte rendu", True, "FREE_TEXT_WITH_PERSON", personal),
           col("Suite", False)], "commission du CCAS (comptes rendus)", "act")


def t17_complaints():
    with_contact = ["Riverain joignable au 07 8{n} pour le bruit", "Réponse envoyée à {e}",
                    "Signalement de {fl} : nid-de-poule", "Rappeler {Lf} au 06{m}"]
    without = ["Éclairage public défaillant avenue Léon Gambetta", "Dépôt sauvage chemin de Mas-Viel",
               "Demande d'un banc place de la Halle", "Horaires de la déchetterie", "Contacter le service au 05 65 20 10 00"]
    rows, personal = [], []
    for i in range(50):
        if rng.random() < 0.4:
            f, l = rng.choice(FIRST2), rng.choice(LAST2)
            text = rng.choice(with_contact).format(
                n=" ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))[1:], e=email(f"{f} {l}"), fl=f"{f} {l}",
                Lf=f"{l.upper()} {f}", m="".join(str(rng.randint(0, 9)) for _ in range(8)))
            personal.append(i)
        else:
            text = rng.choice(without)
        rows.append([f"2025-{i + 1:04d}", rng.choice(["voirie", "propreté", "éclairage"]), text])
    write("o17_reclamations", ["N° ticket", "Catégorie", "Détail de la demande"], rows,
          [col("N° ticket", False, trap="reference_number"), col("Catégorie", False),
           col("Détail de la demande", True, "FREE_TEXT_WITH_PERSON", personal)],
          "réclamations des usagers (contacts dans le texte)", "act", delimiter=",")


def t18_subsidies_tricky():
    rows, persons = [], []
    specials = ["Mme veuve Laporte", "famille Cassagne"]
    for i in range(55):
        r = rng.random()
        if r < 0.3:
            name = specials[i % 2] if i % 7 == 0 else person2()
            rows.append([name, "", "", rng.choice(["Secours d'urgence", "Aide BAFA", "Participation voyage scolaire"]),
                         str(rng.randint(50, 600))])
            persons.append(i)
        else:
            org = ORGS2[i % len(ORGS2)]
            rows.append([org, siret() if rng.random() < 0.5 else "",
                         f"W46{rng.randint(1000000, 9999999)}" if rng.random() < 0.7 else "",
                         rng.choice(["Fonctionnement", "Projet", "Manifestation"]), str(rng.randint(150, 12000))])
    write("o18_concours_financiers", ["Organisme ou particulier", "SIRET", "N° RNA", "Nature", "Somme versée (€)"],
          rows, [col("Organisme ou particulier", True, "PERSON", persons), col("SIRET", False, trap="legal_person_siret"),
                 col("N° RNA", False, trap="rna_number"), col("Nature", False), col("Somme versée (€)", False)],
          "concours financiers (organismes piégeux, personnes sans civilité)", "mixed", encoding="cp1252")


def t19_elected_directory():
    roles = ["Maire", "1er adjoint", "2e adjointe", "Conseiller délégué", "Conseillère municipale"]
    rows = [[person2("fL"), rng.choice(roles), rng.choice(["Finances", "Écoles", "Voirie"]), mobile()]
            for _ in range(19)]
    write("o19_elus_contacts", ["Élu(e)", "Fonction", "Délégation", "Portable personnel"], rows,
          [col("Élu(e)", False, trap="elected_official_in_function"), col("Fonction", False), col("Délégation", False),
           col("Portable personnel", True, "PHONE_NUMBER")], "élus (fonction publique, portable privé)", "person")


def t20_allotments():
    rows = []
    for i in range(30):
        f, l = rng.choice(FIRST2), rng.choice(LAST2)
        rows.append([f"Parcelle {i + 1}", f"{l.upper()}, {f}", _mailbox(f[0] + l) + "@orange.fr",
                     rng.choice(["80 m²", "120 m²"])])
    write("o20_jardins_familiaux", ["Lot", "Jardinier (NOM, Prénom)", "Adresse mail", "Surface"], rows,
          [col("Lot", False), col("Jardinier (NOM, Prénom)", True, "PERSON"), col("Adresse mail", True, "EMAIL_ADDRESS"),
           col("Surface", False)], "jardins familiaux (NOM, Prénom)", "person")


def t21_hr_bank():
    rows = []
    for _ in range(30):
        n = nir()
        n = rng.choice([n, " ".join([n[0], n[1:3], n[3:5], n[5:7], n[7:10], n[10:13], n[13:]]),
                        ".".join([n[0], n[1:3], n[3:5], n[5:7], n[7:10], n[10:13], n[13:]])])
        rows.append([person2("Lf"), n, iban(), rng.choice(["Cat. C", "Cat. B"]), str(rng.randint(1700, 2600))])
    write("o21_paie_virements", ["Agent (NOM Prénom)", "Numéro INSEE", "IBAN du compte", "Catégorie", "Net (€)"], rows,
          [col("Agent (NOM Prénom)", True, "PERSON"), col("Numéro INSEE", True, "FR_NIR"),
           col("IBAN du compte", True, "IBAN_CODE"), col("Catégorie", False), col("Net (€)", False)],
          "paie : virements (NIR séparés)", "person")


def t22_volunteers():
    rows = []
    for _ in range(28):
        rows.append([rng.choice(FIRST2), rng.choice(LAST2), mobile(), rng.choice(["Buvette", "Parking", "Accueil"])])
    write("o22_benevoles_fete", ["Prénom du bénévole", "Nom du bénévole", "Joignable au", "Poste tenu"], rows,
          [col("Prénom du bénévole", True, "FIRST_NAME"), col("Nom du bénévole", True, "LAST_NAME"),
           col("Joignable au", True, "PHONE_NUMBER"), col("Poste tenu", False)], "bénévoles de la fête votive", "person")


def t23_hall_rentals():
    rows, persons = [], []
    for i in range(40):
        if rng.random() < 0.45:
            p = person2()
            rows.append([p, mobile(), rng.choice(["Salle des fêtes", "Foyer"]), "Anniversaire"])
            persons.append(i)
        else:
            rows.append([rng.choice(ORGS2), fixed(), rng.choice(["Salle des fêtes", "Foyer"]), "Assemblée générale"])
    write("o23_reservations_salles", ["Réservé par", "Contact tél.", "Salle", "Motif de la réservation"], rows,
          [col("Réservé par", True, "PERSON", persons), col("Contact tél.", True, "PHONE_NUMBER", persons),
           col("Salle", False, trap="equipment_name_with_person"), col("Motif de la réservation", False)],
          "réservations de salles (associations et particuliers)", "mixed", delimiter=",")


def t24_school_transport():
    rows = []
    for _ in range(40):
        rows.append([person2(rng.choice(["fL", "Lf"])), rng.choice(["Collège Jean Jaurès", "Lycée Clément Marot",
                                                                    "École Jules Ferry"]),
                     rng.choice(["Arrêt Place de la Halle", "Arrêt Mas-Viel", "Arrêt Les Bories"]),
                     f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2008, 2016)}"])
    write("o24_transport_scolaire", ["Enfant transporté", "Établissement fréquenté", "Point d'arrêt", "Date de naiss."],
          rows, [col("Enfant transporté", True, "PERSON"), col("Établissement fréquenté", False,
                                                                  trap="equipment_name_with_person"),
                 col("Point d'arrêt", False), col("Date de naiss.", True, "DATE_OF_BIRTH")],
          "transport scolaire", "person", encoding="cp1252")


def t25_building_permits():
    rows, persons = [], []
    for i in range(40):
        if rng.random() < 0.55:
            rows.append([f"PC 046 152 25 {i:05d}", person2(), f"{rng.randint(1, 60)} {rng.choice(PLACES)}",
                         "Maison individuelle"])
            persons.append(i)
        else:
            rows.append([f"PC 046 152 25 {i:05d}", rng.choice(["SCI Les Tilleuls", "SCI du Pech", "GAEC du Moulin",
                                                               "Commune de Lalbenque", "EHPAD Saint-Joseph"]),
                         f"{rng.randint(1, 60)} {rng.choice(PLACES)}", rng.choice(["Hangar agricole", "Extension"])])
    write("o25_permis_construire", ["N° de dossier", "Pétitionnaire", "Adresse des travaux", "Nature des travaux"], rows,
          [col("N° de dossier", False, trap="reference_number"), col("Pétitionnaire", True, "PERSON", persons),
           col("Adresse des travaux", True, "ADDRESS", persons), col("Nature des travaux", False)],
          "permis de construire (pétitionnaires)", "mixed")


def t26_public_places():
    rows = [[n, f"{rng.randint(1, 30)} {p}", "Lalbenque", "05 65 31 " + f"{rng.randint(10, 99)} {rng.randint(10, 99)}"]
            for n, p in zip(["Mairie", "Médiathèque Simone Veil", "Espace France Services", "Maison de santé",
                             "Salle Jean Moulin", "Office de tourisme", "Crèche Les P'tits Loups", "Centre de loisirs"],
                            PLACES)] * 3
    write("o26_lieux_publics", ["Lieu", "Adresse du lieu", "Commune", "Téléphone accueil"], rows,
          [col("Lieu", False, trap="equipment_name_with_person"), col("Adresse du lieu", False, trap="equipment_address"),
           col("Commune", False, trap="commune_name"), col("Téléphone accueil", False, trap="functional_phone")],
          "lieux publics", "place", delimiter=",")


def t27_deliveries_schema():
    rows = [[f"AL{i:03d}", f"Aire {p}", f"{rng.randint(1, 40)} {p}", "Lalbenque", str(rng.randint(8, 18))]
            for i, p in enumerate(PLACES * 2)]
    write("o27_aires_livraison_centre", ["IDENTIFIANT", "NOM", "ADRESSE", "COMMUNE", "LONGUEUR"], rows,
          [col("IDENTIFIANT", False), col("NOM", False), col("ADRESSE", False, trap="equipment_address"),
           col("COMMUNE", False, trap="commune_name"), col("LONGUEUR", False)],
          "aires de livraison (schéma CEREMA, autres voies)", "place", extra={"schema": "CEREMA/schema-aire-livraison"})


def t28_funerals_register():
    rows = []
    for _ in range(30):
        rows.append([person2(rng.choice(["Lf", "fl"])), f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024",
                     rng.choice(["Pompes funèbres Roc-Amadour", "PF Marbrerie Couderc Frères", "Funérarium du Causse"]),
                     person2("fL")])
    write("o28_registre_obseques", ["Défunt(e)", "Date des obsèques", "Opérateur funéraire", "Personne ayant qualité"],
          rows, [col("Défunt(e)", True, "PERSON"), col("Date des obsèques", False, trap="non_birth_date"),
                 col("Opérateur funéraire", False, trap="legal_person_name"),
                 col("Personne ayant qualité", True, "PERSON")], "registre des obsèques", "person", delimiter=",")


# -- third series (o29…): written after the rules were last changed, scored once as they are --------
# Other names again, other bodies, other phrasings; some workbooks with title rows.

FIRST3 = ["Honorine", "Maxence", "Léandre", "Ophélie", "Gilles", "Suzanne", "Eudes", "Noémie", "Jordan", "Rachida",
          "Thibaud", "Albane", "Hugo", "Ernestine", "Sylvain", "Apolline", "Marius", "Liliane", "Brice", "Soizic",
          "Kenza", "Aymeric", "Héloïse", "Raymond", "Véronique", "Marc-Antoine", "Anne-Sophie"]
LAST3 = ["Chaumeil", "Lavergne", "Broussard", "Ségala", "Rouquette", "Fabié", "Massip", "Trémoulet", "Calmels",
         "Couffignal", "Delmon", "Estival", "Fargues", "Gineste", "Issaly", "Jouanny", "Lapeyre", "Mouly", "Nouvel",
         "Pélissier", "Quintard", "Rességuier", "Saurel", "Taillade", "Vayssière", "Al Amrani", "N'Guessan", "Nowak",
         "Ferreira", "Van Damme"]
ORGS3 = ["Intermarché Lalbenque", "Crédit Agricole Nord Midi-Pyrénées", "Bar-Tabac Le Central", "Pharmacie du Causse",
         "Groupama d'Oc", "Rotary club de Cahors", "Lions Club Quercy", "Comité FNATH", "Amicale des donneurs de sang",
         "Conférence Saint-Vincent-de-Paul", "Épicerie solidaire La Musette", "Ressourcerie du Quercy",
         "Jeunes agriculteurs du canton", "Entreprise Lacassagne et fils", "Garage Renault Lalbenque",
         "Domaine de Cayx", "Château Lagrézette", "Truffières du Quercy", "Office notarial des Causses",
         "Cabinet vétérinaire des Tilleuls", "La Dépêche du Midi", "Radio Décibel FM"]
PLACES3 = ["rue Joachim Murat", "avenue du Maréchal Bessières", "chemin des Dolmens", "impasse des Cazelles",
           "place du Foirail", "route de Cremps", "rue de la Lémance", "allée des Tilleuls", "côte de Cahors",
           "lieu-dit Pech Farrat"]


def p3(order=None):
    f, l = rng.choice(FIRST3), rng.choice(LAST3)
    order = order or rng.choice(["fl", "Lf", "lf", "fL"])
    return {"fl": f"{f} {l}", "Lf": f"{l.upper()} {f}", "lf": f"{l} {f}", "fL": f"{f} {l.upper()}"}[order]


def write_xlsx(name, headers, rows, columns, theme, row_subject, titles=(), sheet="Données", readme=False):
    from openpyxl import Workbook
    path = HERE / f"{name}.xlsx"
    wb = Workbook()
    ws = wb.active
    if readme:
        ws.title = "Lisez-moi"
        ws.append(["Extraction du logiciel métier, ne pas diffuser telle quelle."])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    for t in titles:
        ws.append([t])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.properties.creator = None
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 1, 1)
    wb.save(path)
    label = {"file": path.name, "theme": theme, "variant": "heldout-own-3", "format": "xlsx", "encoding": None,
             "delimiter": None, "sheet": sheet, "header_row": len(titles) + 1, "n_rows": len(rows),
             "row_subject": row_subject, "difficulty": ["title_rows"] if titles else [], "columns": columns}
    (HERE / f"{name}.labels.json").write_text(json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")


def t29_dangerous_dogs():
    rows = []
    for i in range(25):
        rows.append([f"Déclaration {i + 1}", p3(rng.choice(["fL", "Lf"])), rng.choice(["Cahors", "Figeac", "Rodez"]),
                     f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(1950, 2000)}",
                     f"{rng.randint(1, 99)} {rng.choice(PLACES3)}", rng.choice(["1re catégorie", "2e catégorie"])])
    write_xlsx("o29_chiens_categorises", ["Dossier", "Détenteur de l'animal", "Lieu de naissance du détenteur",
                                          "Date de naissance du détenteur", "Adresse de détention", "Catégorie"], rows,
               [col("Dossier", False, trap="reference_number"), col("Détenteur de l'animal", True, "PERSON"),
                col("Lieu de naissance du détenteur", True, "OTHER_PERSONAL"),
                col("Date de naissance du détenteur", True, "DATE_OF_BIRTH"),
                col("Adresse de détention", True, "ADDRESS"), col("Catégorie", False)],
               "chiens catégorisés (déclarations)", "person", titles=["Mairie de Lalbenque", "Registre 2025"])


def t30_holiday_aid():
    rows = []
    for _ in range(30):
        rows.append([rng.choice(FIRST3), rng.choice(LAST3).upper(), str(rng.randint(300, 1400)),
                     "05 65 " + " ".join(f"{rng.randint(10, 99)}" for _ in range(3)), rng.choice(["Colonie", "Camp ado"])])
    write_xlsx("o30_aides_sejours", ["Prénom enfant", "Nom de famille", "QF", "Tél domicile", "Séjour"], rows,
               [col("Prénom enfant", True, "FIRST_NAME"), col("Nom de famille", True, "LAST_NAME"), col("QF", False),
                col("Tél domicile", True, "PHONE_NUMBER"), col("Séjour", False)], "aides aux séjours de vacances",
               "person", readme=True)


def t31_donations():
    rows, persons = [], []
    for i in range(35):
        if rng.random() < 0.4:
            rows.append([p3(), str(rng.randint(20, 500)), rng.choice(["chèque", "virement"])])
            persons.append(i)
        else:
            rows.append([rng.choice(ORGS3), str(rng.randint(100, 3000)), "virement"])
    write("o31_dons_ccas", ["Donateur", "Montant du don", "Mode"], rows,
          [col("Donateur", True, "PERSON", persons), col("Montant du don", False), col("Mode", False)],
          "dons au CCAS (particuliers et entreprises)", "mixed", delimiter=",")


def t32_electoral_extract():
    rows = []
    for _ in range(30):
        f, l = rng.choice(FIRST3), rng.choice(LAST3)
        rows.append([l.upper(), rng.choice(["", rng.choice(LAST3).upper()]), f"{f}, {rng.choice(FIRST3)}",
                     f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)} à "
                     f"{rng.choice(['Cahors (46)', 'Toulouse (31)', 'Agen (47)'])}",
                     f"{rng.randint(1, 80)} {rng.choice(PLACES3)}", rng.choice(["Bureau 1", "Bureau 2"])])
    write("o32_extrait_liste_electorale", ["Nom de naissance", "Nom d'usage", "Prénoms", "Né(e) le / à", "Adresse",
                                           "Bureau de vote"], rows,
          [col("Nom de naissance", True, "LAST_NAME"), col("Nom d'usage", True, "LAST_NAME"),
           col("Prénoms", True, "FIRST_NAME"), col("Né(e) le / à", True, "DATE_OF_BIRTH"),
           col("Adresse", True, "ADDRESS"), col("Bureau de vote", False)], "extrait de liste électorale", "person")


def t33_police_log():
    with_person = ["Intervention suite à l'appel de Mme {l} pour un chien errant",
                   "Véhicule stationné devant chez M. {L} depuis 10 jours",
                   "Tapage nocturne signalé par le voisin de {f} {L}",
                   "Animal récupéré par son propriétaire, {f} {l}", "Remise d'un objet trouvé à {L} {f}",
                   "Médiation entre {f} {l} et son bailleur"]
    without = ["Patrouille secteur gare", "Contrôle de vitesse RD 820", "Sécurisation de la sortie d'école Jules Ferry",
               "Marché du mardi : placement des exposants", "Fourrière : véhicule enlevé avenue du Maréchal Bessières",
               "Réunion avec la gendarmerie de Cahors", "Surveillance du parc Olympe de Gouges"]
    rows, personal = [], []
    for i in range(50):
        if rng.random() < 0.4:
            f, l = rng.choice(FIRST3), rng.choice(LAST3)
            rows.append([f"MC-{i + 1:03d}", rng.choice(with_person).format(f=f, l=l, L=l.upper())])
            personal.append(i)
        else:
            rows.append([f"MC-{i + 1:03d}", rng.choice(without)])
    write("o33_main_courante_pm", ["N° main courante", "Faits constatés"], rows,
          [col("N° main courante", False, trap="reference_number"),
           col("Faits constatés", True, "FREE_TEXT_WITH_PERSON", personal)],
          "main courante de la police municipale", "act")


def t34_library_volunteers():
    rows = []
    for _ in range(22):
        f, l = rng.choice(FIRST3), rng.choice(LAST3)
        mail = rng.choice([f"{_mailbox(f)}.{_mailbox(l)}@sfr.fr", f"{_mailbox(f[0] + l)}@hotmail.fr",
                           f"{_mailbox(l)}{rng.randint(10, 99)}@laposte.net"])
        rows.append([f"{f} {l}", mail, mobile(), rng.choice(["Lecture aux tout-petits", "Portage à domicile"])])
    write("o34_benevoles_mediatheque", ["Bénévole", "Mél", "Mobile", "Activité"], rows,
          [col("Bénévole", True, "PERSON"), col("Mél", True, "EMAIL_ADDRESS"), col("Mobile", True, "PHONE_NUMBER"),
           col("Activité", False)], "bénévoles de la médiathèque", "person", delimiter=",")


def t35_terraces():
    rows, persons = [], []
    for i in range(30):
        if rng.random() < 0.4:
            rows.append([p3(rng.choice(["fL", "Lf"])), siret(), f"{rng.randint(4, 30)} m²", rng.choice(PLACES3)])
            persons.append(i)
        else:
            rows.append([rng.choice(["Bar-Tabac Le Central", "SARL Le Fournil du Foirail", "Crêperie La Bigoudène SAS",
                                     "Brasserie du Commerce", "Hôtel-restaurant Le Lion d'Or"]), siret(),
                         f"{rng.randint(4, 30)} m²", rng.choice(PLACES3)])
    write("o35_terrasses_exploitants", ["Exploitant", "N° SIRET", "Surface autorisée", "Voie"], rows,
          [col("Exploitant", True, "PERSON", persons), col("N° SIRET", True, "FR_SIRET_NATURAL_PERSON", persons),
           col("Surface autorisée", False), col("Voie", False, trap="street_name_with_person")],
          "terrasses : exploitants", "mixed")


def t36_events():
    orgs = ["Comité des fêtes de Cremps", "Rotary club de Cahors", "Lions Club Quercy", "Foyer rural de Lalbenque",
            "Association Les Amis de Murat", "Ressourcerie du Quercy"]
    rows = [[f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.choice(["Vide-grenier", "Loto", "Concert"]),
             o, "contact@" + _mailbox(o.split()[-1]) + ".fr", "05 65 " + " ".join(f"{rng.randint(10, 99)}" for _ in range(3))]
            for o in orgs * 4]
    write("o36_agenda_manifestations", ["Date", "Manifestation", "Organisateur", "Courriel organisateur",
                                        "Téléphone organisateur"], rows,
          [col("Date", False, trap="non_birth_date"), col("Manifestation", False),
           col("Organisateur", False, trap="legal_person_name"), col("Courriel organisateur", False,
                                                                     trap="functional_email"),
           col("Téléphone organisateur", False, trap="functional_phone")], "agenda des manifestations", "act",
          delimiter=",")


def t37_fountains():
    rows = [[f"F{i:02d}", f"Fontaine {n}", f"{rng.randint(1, 20)} {p}", rng.choice(["oui", "non"])]
            for i, (n, p) in enumerate(zip(["du Foirail", "Jean Jaurès", "Saint-Martin", "de la Halle", "Joachim Murat"],
                                           PLACES3))]
    write("o37_fontaines", ["id", "Nom de la fontaine", "Adresse", "Eau potable"], rows * 3,
          [col("id", False), col("Nom de la fontaine", False, trap="equipment_name_with_person"),
           col("Adresse", False, trap="equipment_address"), col("Eau potable", False)], "fontaines publiques", "place")


def t38_farmers():
    rows, persons = [], []
    for i in range(32):
        if rng.random() < 0.5:
            rows.append([p3(rng.choice(["fl", "Lf"])), siret(), f"{rng.randint(1, 40)} {rng.choice(PLACES3)}",
                         str(rng.randint(5, 120))])
            persons.append(i)
        else:
            rows.append([rng.choice(["GAEC de Pech Farrat", "EARL Lavergne", "SCEA du Mas de Vers", "CUMA du Causse",
                                     "GAEC des Trois Chênes"]), siret(), f"{rng.randint(1, 40)} {rng.choice(PLACES3)}",
                         str(rng.randint(50, 400))])
    write("o38_exploitations_agricoles", ["Exploitant ou société", "SIRET exploitation", "Adresse du siège d'exploitation",
                                          "SAU (ha)"], rows,
          [col("Exploitant ou société", True, "PERSON", persons),
           col("SIRET exploitation", True, "FR_SIRET_NATURAL_PERSON", persons),
           # the seat of a business is a business address (public, labelling policy), not a home
           col("Adresse du siège d'exploitation", False, trap="business_address"), col("SAU (ha)", False)],
          "exploitations agricoles", "mixed", encoding="cp1252")


def t39_late_loans():
    rows = []
    for _ in range(30):
        f, l = rng.choice(FIRST3), rng.choice(LAST3)
        rows.append([rng.choice([f"{l.upper()} {f[0]}.", f"{f} {l}", f"{l.upper()} {f}"]),
                     rng.choice(["Le Petit Prince", "Les Misérables", "Astérix en Corse"]), str(rng.randint(3, 60))])
    write_xlsx("o39_retards_prets", ["Lecteur", "Document", "Jours de retard"], rows,
               [col("Lecteur", True, "PERSON"), col("Document", False), col("Jours de retard", False)],
               "médiathèque : retards", "person", titles=["Relances du mois"])


def t40_council_minutes():
    elus = ["Élection de Mme {f} {l} au poste de 3e adjointe", "Rapport présenté par M. {l}, adjoint aux finances"]
    private = ["Cession d'un délaissé à M. et Mme {L}", "Dégrèvement accordé à {f} {l} après la fuite d'eau",
               "Prise en charge des frais d'obsèques de {f} {L}, sans famille connue"]
    other = ["Approbation du compte administratif 2024", "Convention avec le Rotary club de Cahors",
             "Tarifs de la salle Joachim Murat", "Adhésion au syndicat des eaux du Céou"]
    rows, personal = [], []
    for i in range(45):
        f, l = rng.choice(FIRST3), rng.choice(LAST3)
        r = rng.random()
        if r < 0.25:
            text = rng.choice(elus).format(f=f, l=l, L=l.upper())
        elif r < 0.55:
            text = rng.choice(private).format(f=f, l=l, L=l.upper())
            personal.append(i)
        else:
            text = rng.choice(other)
        rows.append([f"DCM-2025-{i + 1:02d}", text])
    write("o40_proces_verbal", ["N° délibération", "Objet de la délibération"], rows,
          [col("N° délibération", False, trap="reference_number"),
           col("Objet de la délibération", True, "FREE_TEXT_WITH_PERSON", personal)],
          "procès-verbal (élus dans leur mandat et particuliers)", "act", delimiter=",")


SERIES3 = (t29_dangerous_dogs, t30_holiday_aid, t31_donations, t32_electoral_extract, t33_police_log,
           t34_library_volunteers, t35_terraces, t36_events, t37_fountains, t38_farmers, t39_late_loans,
           t40_council_minutes)


# -- fourth series (o41…): written last, never used to change a rule; its score is reported as measured ----

FIRST4 = ["Xavier", "Mireille", "Jacques", "Ginette", "Bastien", "Coralie", "Fernand", "Jocelyne", "Timothée",
          "Laetitia", "Serge", "Annick", "Valentin", "Josette", "Arnaud", "Évelyne", "Adrien", "Rolande", "Killian",
          "Sabrina"]
LAST4 = ["Pons", "Bardou", "Lasserre", "Cayrou", "Delfau", "Espinasse", "Fauré", "Galtié", "Hébrard", "Izard",
         "Lagarrigue", "Marcouly", "Ournac", "Puech", "Rivière", "Salgues", "Thamié", "Vidalenc", "Bach", "Ladoux"]
STREETS4 = ["rue des Jardins", "avenue de la Gare", "chemin de Labarthe", "impasse du Four", "place Mercadiel",
            "route d'Aujols", "rue du Portail Alban", "allée Fénelon"]


def p4(order=None):
    f, l = rng.choice(FIRST4), rng.choice(LAST4)
    order = order or rng.choice(["fl", "Lf", "lf", "fL"])
    return {"fl": f"{f} {l}", "Lf": f"{l.upper()} {f}", "lf": f"{l} {f}", "fL": f"{f} {l.upper()}"}[order]


def _s4(write_fn, *args, **kwargs):
    write_fn(*args, **kwargs)
    name = args[0]
    path = next(HERE.glob(f"{name}.labels.json"))
    label = json.loads(path.read_text(encoding="utf-8"))
    label["variant"] = "heldout-own-4"
    path.write_text(json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")


def t41_water_subscribers():
    rows, persons = [], []
    forms = ["{L} {f} et {f2}", "Mme et M. {l}", "Indivision {L}", "{f} {l}", "M. ou Mme {L}"]
    for i in range(40):
        if rng.random() < 0.6:
            f, f2, l = rng.choice(FIRST4), rng.choice(FIRST4), rng.choice(LAST4)
            rows.append([rng.choice(forms).format(f=f, f2=f2, l=l, L=l.upper()), f"{rng.randint(1, 50)} {rng.choice(STREETS4)}",
                         str(rng.randint(20, 300))])
            persons.append(i)
        else:
            rows.append([rng.choice(["Camping municipal", "EARL Delfau", "Hôtel de la Poste", "Collège Olivier de Magny",
                                     "SCI Mercadiel"]), f"{rng.randint(1, 50)} {rng.choice(STREETS4)}", str(rng.randint(100, 3000))])
    _s4(write_xlsx, "o41_abonnes_eau", ["Abonné", "Adresse de desserte", "Consommation (m3)"], rows,
        [col("Abonné", True, "PERSON", persons), col("Adresse de desserte", True, "ADDRESS", persons),
         col("Consommation (m3)", False)], "abonnés au service de l'eau", "mixed", titles=["Régie des eaux", ""])


def t42_flower_contest():
    rows = []
    for _ in range(25):
        f, f2, l = rng.choice(FIRST4), rng.choice(FIRST4), rng.choice(LAST4)
        rows.append([rng.choice([f"{f} et {f2} {l}", f"{f} {l}", f"{l.upper()} {f}"]),
                     f"{rng.randint(1, 60)} {rng.choice(STREETS4)}", rng.choice(["Balcon", "Jardin visible de la rue"]),
                     rng.choice(["1er prix", "2e prix", "Encouragements"])])
    _s4(write, "o42_maisons_fleuries", ["Participant(s)", "Adresse du jardin", "Catégorie", "Récompense"], rows,
        [col("Participant(s)", True, "PERSON"), col("Adresse du jardin", True, "ADDRESS"), col("Catégorie", False),
         col("Récompense", False)], "concours des maisons fleuries", "person", delimiter=",")


def t43_beekeepers():
    rows, persons = [], []
    for i in range(30):
        if rng.random() < 0.7:
            rows.append([p4(rng.choice(["fl", "Lf"])), rng.choice(["Lalbenque", "Aujols", "Cremps"]), str(rng.randint(2, 40)),
                         mobile()])
            persons.append(i)
        else:
            rows.append(["Rucher école du Lot", "Cahors", str(rng.randint(5, 20)), "05 65 35 20 10"])
    _s4(write, "o43_ruchers", ["Apiculteur", "Commune du rucher", "Nombre de ruches", "Contact"], rows,
        [col("Apiculteur", True, "PERSON", persons), col("Commune du rucher", False, trap="commune_name"),
         col("Nombre de ruches", False), col("Contact", True, "PHONE_NUMBER", persons)],
        "déclarations de ruchers", "mixed", encoding="cp1252")


def t44_planning_notes():
    with_person = ["Pièces manquantes : relancer le pétitionnaire {f} {l} par courrier",
                   "Dossier déposé par Maître {l}, notaire, pour la succession {L}",
                   "Avis défavorable du voisin, {L} {f}, sur la hauteur de la clôture",
                   "RDV sur place avec Mme {l} le 3 avril"]
    without = ["Accord tacite", "Avis ABF favorable avec prescriptions", "Dossier complet",
               "Transmis au service instructeur du Grand Cahors", "Surface de plancher inférieure à 20 m²"]
    rows, personal = [], []
    for i in range(40):
        if rng.random() < 0.4:
            f, l = rng.choice(FIRST4), rng.choice(LAST4)
            rows.append([f"DP 046 152 25 {i:05d}", rng.choice(with_person).format(f=f, l=l, L=l.upper())])
            personal.append(i)
        else:
            rows.append([f"DP 046 152 25 {i:05d}", rng.choice(without)])
    _s4(write, "o44_notes_instruction", ["Dossier", "Notes d'instruction"], rows,
        [col("Dossier", False, trap="reference_number"),
         col("Notes d'instruction", True, "FREE_TEXT_WITH_PERSON", personal)], "urbanisme : notes d'instruction", "act")


def t45_childminders():
    rows = []
    for _ in range(25):
        f, l = rng.choice(FIRST4), rng.choice(LAST4)
        rows.append([f"{l.upper()} {f}", f"{rng.randint(1, 60)} {rng.choice(STREETS4)}", mobile(),
                     f"{_mailbox(f)}.{_mailbox(l)}@orange.fr", str(rng.randint(2, 4))])
    _s4(write, "o45_assistantes_maternelles", ["Assistant(e) maternel(le)", "Lieu d'accueil", "Portable", "Email",
                                               "Places agréées"], rows,
        [col("Assistant(e) maternel(le)", True, "PERSON"), col("Lieu d'accueil", True, "ADDRESS"),
         col("Portable", True, "PHONE_NUMBER"), col("Email", True, "EMAIL_ADDRESS"), col("Places agréées", False)],
        "assistantes maternelles agréées", "person")


def t46_class_trips():
    rows, persons = [], []
    for i in range(30):
        if rng.random() < 0.35:
            f, l = rng.choice(FIRST4), rng.choice(LAST4)
            rows.append([rng.choice([f"{f} {l.upper()} (parent d'élève)", f"{l.upper()} {f}"]), "", str(rng.randint(50, 200))])
            persons.append(i)
        else:
            rows.append([rng.choice(["Coopérative scolaire de l'école des Tilleuls", "OCCE 46", "Foyer socio-éducatif du collège",
                                     "Association sportive du lycée Champollion"]),
                         f"W46{rng.randint(1000000, 9999999)}", str(rng.randint(300, 2500))])
    _s4(write, "o46_classes_decouverte", ["Bénéficiaire de l'aide", "RNA", "Montant (€)"], rows,
        [col("Bénéficiaire de l'aide", True, "PERSON", persons), col("RNA", False, trap="rna_number"),
         col("Montant (€)", False)], "aides aux classes de découverte", "mixed", delimiter=",")


SERIES4 = (t41_water_subscribers, t42_flower_contest, t43_beekeepers, t44_planning_notes, t45_childminders,
           t46_class_trips)


BUILDERS = (t01_subsidies, t02_facades, t03_decisions, t04_delivery_bays, t05_associations, t06_music_school,
            t07_loans, t08_payroll_ids, t09_concessions, t10_market_traders, t11_suppliers, t12_charging_points,
            t13_sports_equipment, t14_social_housing, t15_resident_parking, t16_commission_minutes, t17_complaints,
            t18_subsidies_tricky, t19_elected_directory, t20_allotments, t21_hr_bank, t22_volunteers,
            t23_hall_rentals, t24_school_transport, t25_building_permits, t26_public_places, t27_deliveries_schema,
            t28_funerals_register) + SERIES3 + SERIES4


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        build()
