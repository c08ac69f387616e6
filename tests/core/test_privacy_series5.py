"""A fifth series, generated here with vocabularies no earlier corpus or rule used: headers of other
domains and abbreviations (« Bénéf. », « Redevable », « Mél », « Tél. port. »), names of many origins
(Gascon, Basque, Portuguese, Maghrebi, Turkish, Vietnamese, Armenian, Polish, West African…) in every
writing, mixed columns of persons and organisations, free-text phrasings, and 100+ organisation names that
must never be flagged. Each draw was scored once before any rule was changed for it, then the failures
were fixed with general rules (never with these names):

| draw (seeds) | first score: column R/P, mixed-row R/P, free-text row R/P | after the fixes |
|---|---|---|
| `series` (5, 55) | 1.00/1.00, 0.96–0.95/1.00, 0.89–0.98/0.95–1.00 | all 1.00 |
| `series_b` (6, 66) | 1.00/1.00, 0.93–0.99/1.00, 0.80–0.62/1.00 | 1.00/1.00, 0.99–1.00/1.00, 0.97/1.00 |
| `series_c` (10, 11) | 0.92/1.00, 0.90/0.84–0.87, 0.94–1.00/1.00 | 1.00/1.00, 0.98/0.97–0.99, 1.00/0.97 |
| `series_d` (20, 21) | 1.00/1.00, 0.97–0.95/1.00, 0.91–0.94/1.00 | 1.00/1.00, 0.99–0.98/1.00, 0.97/1.00 |

    .venv/bin/python -c "import sys; sys.path.insert(0, 'tests/core'); import test_privacy_series5 as t; t.report(20, t.series_d)"
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from opendata_desktop.core.document import Document
from opendata_desktop.core.privacy import detect_personal_data
from opendata_desktop.core.privacy.names import person_name_kind, person_spans
from opendata_desktop.core.privacy.operators import occult_names
from opendata_desktop.core.privacy.plan import apply_plan, build_plan
from opendata_desktop.core.reading import open_table

FIRST = ["Bernat", "Maïder", "Peio", "Arnaud", "Ginette", "Joana", "Joaquim", "Inês", "Mehmet", "Ayşe", "Yusuf",
         "Fatima-Zahra", "Yamina", "Karim", "Hoa", "Minh", "Anahide", "Aram", "Krikor", "Agnieszka", "Wojciech",
         "Łukasz", "Sokhna", "Mamadou", "Lucía", "Xabier", "Gwenaëlle", "Sévérine", "Jean-Baptiste", "Marie-Hélène",
         "Abdelkader", "Nour", "Elif", "Thanh", "Siranouche", "Bogdan", "Aminata", "Ramón", "Conceição", "Lise"]
LAST = ["Laffargue", "Capdevielle", "Loustalot", "Hourcade", "Darrigrand", "Pédebernade", "Cazaubon", "Carvalho",
        "Pereira da Silva", "Gonçalves", "Benali", "El Idrissi", "Bensaïd", "Yılmaz", "Öztürk", "Demir", "Nguyen",
        "Tran", "Pham", "Khatchadourian", "Papazian", "Kowalczyk", "Nowak", "Zieliński", "Diop", "Fernández",
        "Etcheverry", "Lacoste", "Bordenave", "Sempé", "Mansouri", "Haddad", "Kaya", "Ouattara", "Le Bihan",
        "Touzet", "Lahourcade", "Baqué", "Santos", "Abadie"]
# Organisations of many kinds, several named after famous people or places, family names of legal persons.
ORGS = [
    "Association Jean Moulin", "Amicale des anciens de Lacq", "Comité des fêtes de Bordères", "EHPAD Les Tilleuls",
    "MJC Victor Hugo", "Foyer rural Saint-Martin", "GAEC Laborde Frères", "SCI Les Pins de Mimizan",
    "SARL Cazenave et Fils", "SAS Dupouy Bâtiment", "Fondation Abbé Pierre", "Collège Gaston Fébus",
    "Lycée Louis Barthou", "Salle Marcel Cerdan", "Halle Georges Brassens", "Gymnase Jesse Owens",
    "Les Restos du Cœur", "UNICEF France", "Club de pétanque Lou Pelut", "Cercle occitan Bernat de Ventadorn",
    "Entente sportive Morlanne", "Union musicale de Garlin", "Harmonie Sainte-Cécile", "Association des Portugais de Pau",
    "Association culturelle franco-turque", "Association Nguyen Trai", "Maison de l'Arménie",
    "Amicale des Polonais du Béarn", "Cie Théâtre du Pont Tournant", "Ass. Les Amis de Francis Jammes",
    "Comité Léo Lagrange", "Centre social Albert Camus", "Crèche Les Lutins", "Micro-crèche Pom d'Api",
    "École maternelle Jacques Prévert", "Groupe scolaire Marie Curie", "Espace Jacques Brel",
    "Médiathèque André Labarrère", "Syndicat des eaux Luy Gabas", "SIVOM du Vic-Bilh",
    "Office de tourisme Cœur de Béarn", "CUMA La Montagnarde", "Coopérative Lur Berri", "Domaine Cauhapé",
    "Les Jardins de Cocagne", "EURL Etchegaray Transports", "EARL Lescun", "SCEA du Moulin", "Clinique Marzet",
    "APF France Handicap", "ADAPEI 64", "Secours populaire", "La Ligue contre le cancer", "Rugby club Nay",
    "Football club Lons", "Judo club Billère", "Maison des jeunes Nelson Mandela", "Fondation Léa Lamarque",
    "Association Tom Pouce", "Société de chasse La Palombe", "Les Petits Débrouillards", "Compagnons d'Emmaüs",
    "Collectif Pierre Bourdieu", "Bibliothèque Simone de Beauvoir", "Piscine Jean Boiteux", "Stade Marcel Cazenave",
    "Ludothèque Caminarem", "Calandreta de Pau", "Ostau Bearnés", "Les Ardents", "Emmaüs Lescar-Pau",
    "Habitat Jeunes Pau-Asté", "Résidence autonomie Les Lilas", "Foyer de vie Jean Dupuy",
    "Association Marie-Thérèse Dupouy", "Association Mohamed Ali", "Association Hô Chi Minh",
    "Association Charles Aznavour", "Chorale Missak Manouchian", "Les Amis de Chopin",
    "Fédération des Œuvres Laïques", "Scouts et Guides de France", "ADMR de Lembeye", "UNSS 64",
    "Conservatoire Henri Duparc", "IME Le Château", "ESAT Les Ateliers de Nay", "Centre hospitalier de Pau",
    "Hôpital Marie Laurent", "Ambulances Pyrénées", "Boulangerie du Centre", "Chez Paulette SARL",
    "Garage du Plessis", "Auto-école Sempé SAS", "Établissements Bordenave", "Fromagerie Lasserre SAS",
    "Transports Capdevielle et Cie", "Taxis Laborde SARL", "Amicale laïque Jules Ferry", "Club des aînés Le Bel Âge",
    "Comité de jumelage Pau-Göttingen", "Association sportive du collège Henri IV", "Foyer socio-éducatif Paul Bert",
    "Maison de santé Simone Veil", "CCAS de Lescar", "Mission locale Pau Pyrénées", "Restaurant scolaire Jean Zay",
    "Caisse des écoles", "Syndicat mixte du Haut-Béarn", "Association des parents d'élèves Marcel Pagnol",
    "Atelier Chantier d'insertion Trait d'Union", "SCI Famille Hourcade", "SARL Nguyen et Associés",
    "GAEC des Trois Chênes", "SAS Yılmaz Bâtiment", "SELARL Pharmacie des Arènes", "Harmonie municipale de Nay",
]
WORDS = "Subvention de fonctionnement Aide exceptionnelle Projet culturel Équipement Séjour".split()
STREETS = ["chemin de Lacoste", "impasse des Tilleuls", "avenue du Béarn", "rue Monplaisir", "allée des Chênes",
           "route de Morlaàs", "lotissement Las Bordes", "rue du Hédas"]


def _siret(rng: random.Random) -> str:
    body = [rng.randint(0, 9) for _ in range(13)]
    for check in range(10):
        digits = body + [check]
        total = sum(d * 2 - 9 * (d * 2 > 9) if i % 2 == 0 else d for i, d in enumerate(digits))
        if total % 10 == 0:
            return "".join(map(str, digits))
    raise AssertionError


def _person(rng: random.Random, style: int | None = None) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    other = rng.choice(LAST)
    style = rng.randrange(18) if style is None else style
    return [f"{first} {last}", f"{last.upper()} {first}", f"{first} {last.upper()}", f"{last} {first}",
            f"M. {first} {last}", f"Mme {last.upper()}", f"Mlle {first} {last}", f"Dr {first} {last}",
            f"Me {last}", f"Madame {first} {last}", f"{first[0]}. {last}", f"{last} {first[0]}.",
            f"{last.upper()} épouse {other.upper()} {first}", f"{first} {last} née {other}",
            f"Consorts {last.upper()}", f"Succession {first} {last}", f"M. et Mme {last}",
            f"{first} et {rng.choice(FIRST)} {last}"][style]


def _mobile(rng: random.Random) -> str:
    return rng.choice(["06", "07"]) + " " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))


def _landline(rng: random.Random) -> str:
    return "05 59 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3))


def _home(rng: random.Random) -> str:
    return f"{rng.randint(1, 80)} {rng.choice(STREETS)}"


def _mail(name: str, rng: random.Random) -> str:
    from opendata_desktop.core.privacy.lexicon import fold
    words = fold(name).split()
    return f"{words[0]}.{words[-1]}@{rng.choice(['orange.fr', 'gmail.com', 'free.fr', 'laposte.net'])}"


# -- the tables: (frame, labels {column: (personal, rows or None)}) -------------------------------------

def _t_social_aid(rng):
    rows, n = [], 40
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append([_person(rng, i % 12), _mobile(rng), _mail(f"{first} {last}", rng), _home(rng),
                     str(rng.randint(50, 900))])
    frame = pd.DataFrame(rows, columns=["Bénéf.", "Tél. port.", "Mél", "Adr. domicile", "Montant accordé"])
    return frame, {"Bénéf.": (True, None), "Tél. port.": (True, None), "Mél": (True, None),
                   "Adr. domicile": (True, None), "Montant accordé": (False, None)}


def _mixed(rng, header, n, orgs, person_share=0.35, ids=True):
    """A name column of organisations and persons; identifiers for the organisations only."""
    names, id_col, persons = [], [], []
    for i in range(n):
        if rng.random() < person_share:
            names.append(_person(rng))
            id_col.append("")
            persons.append(i)
        else:
            names.append(orgs[i % len(orgs)])
            id_col.append(_siret(rng) if ids else "")
    return names, id_col, persons


def _t_fees(rng):
    names, sirets, persons = _mixed(rng, "Redevable", 60, ORGS[:60])
    objects = [rng.choice(["Terrasse", "Étalage", "Occupation du domaine public", "Échafaudage"]) for _ in names]
    frame = pd.DataFrame({"Redevable": names, "N° SIRET": sirets, "Nature de l'occupation": objects,
                          "Montant (€)": [str(rng.randint(20, 400)) for _ in names]})
    return frame, {"Redevable": (True, persons), "N° SIRET": (False, None), "Nature de l'occupation": (False, None),
                   "Montant (€)": (False, None)}


def _t_grants(rng):
    names, sirets, persons = _mixed(rng, "Bénéficiaire", 110, ORGS)
    frame = pd.DataFrame({"Bénéficiaire": names, "SIRET / RNA": sirets,
                          "Objet": [rng.choice(WORDS) for _ in names],
                          "Montant": [str(rng.randint(100, 5000)) for _ in names]})
    return frame, {"Bénéficiaire": (True, persons), "SIRET / RNA": (False, None), "Objet": (False, None),
                   "Montant": (False, None)}


def _t_permits(rng):
    names, _, persons = _mixed(rng, "Pétitionnaire", 50, ORGS[60:], person_share=0.5, ids=False)
    frame = pd.DataFrame({"Pétitionnaire": names, "N° de dossier": [f"PC 064 445 25 {i:05d}" for i in range(50)],
                          "Nature des travaux": [rng.choice(["Extension", "Abri de jardin", "Clôture",
                                                             "Ravalement"]) for _ in names]})
    return frame, {"Pétitionnaire": (True, persons), "N° de dossier": (False, None),
                   "Nature des travaux": (False, None)}


def _t_graves(rng):
    holders = [_person(rng, rng.choice([0, 1, 3, 12, 14, 15, 16])) for _ in range(30)]
    frame = pd.DataFrame({"Titulaire": holders, "Emplacement": [f"Carré {rng.choice('ABC')}, rang {i % 7 + 1}"
                                                                for i in range(30)],
                          "Durée": [rng.choice(["15 ans", "30 ans", "perpétuelle"]) for _ in holders]})
    return frame, {"Titulaire": (True, None), "Emplacement": (False, None), "Durée": (False, None)}


def _t_school(rng):
    parents = [_person(rng, rng.choice([0, 1, 2, 9])) for _ in range(35)]
    schools = ["École Jules Ferry", "Calandreta de Pau", "École Marie Curie", "Groupe scolaire Louise Michel"]
    frame = pd.DataFrame({"Responsable légal": parents, "Prénom de l'enfant": [rng.choice(FIRST) for _ in parents],
                          "Établissement": [rng.choice(schools) for _ in parents],
                          "Classe": [rng.choice(["CP", "CE1", "CM2", "GS"]) for _ in parents]})
    return frame, {"Responsable légal": (True, None), "Prénom de l'enfant": (True, None),
                   "Établissement": (False, None), "Classe": (False, None)}


def _t_directory(rng):
    orgs = ORGS[:45]
    frame = pd.DataFrame({"Structure": orgs, "Siège": [_home(rng) for _ in orgs],
                          "Tél.": [_landline(rng) for _ in orgs], "Domaine": [rng.choice(["Sport", "Culture",
                                                                                           "Social"]) for _ in orgs]})
    return frame, {c: (False, None) for c in frame.columns}


PERSON_TEXTS = [
    "Cession à {p} de la parcelle AK {n}", "Bail consenti au profit de {p} pour le jardin n° {n}",
    "Indemnité versée à {p} pour dégâts des eaux", "Sur demande de {p}, pose d'un miroir au carrefour",
    "Remise gracieuse accordée à {p} (titre n° {n})", "Autorisation de terrasse accordée à {p}",
    "Recours gracieux formé par {p} contre le titre n° {n}", "Convention d'occupation au bénéfice de {p}",
    "Remboursement de caution à {p}", "Dégrèvement en faveur de {p}",
]
ORG_TEXTS = [
    "Subvention exceptionnelle à {o}", "Convention de mise à disposition avec {o}",
    "Prêt de la salle à {o} pour son assemblée générale", "Sur demande de {o}, prêt de barrières",
    "Renouvellement du bail de {o}", "Hommage à Missak Manouchian : plaque commémorative",
    "Dénomination de la rue Gisèle Halimi", "Rapport de M. le Maire sur les tarifs",
]


def _t_decisions(rng):
    texts, persons = [], []
    for i in range(70):
        if rng.random() < 0.5:
            texts.append(rng.choice(PERSON_TEXTS).format(p=_person(rng, rng.choice([0, 2, 4, 5, 7, 9, 10])),
                                                         n=rng.randint(1, 400)))
            persons.append(i)
        else:
            texts.append(rng.choice(ORG_TEXTS).format(o=rng.choice(ORGS), n=rng.randint(1, 400)))
    frame = pd.DataFrame({"N°": [f"D{i:03d}" for i in range(70)], "Objet de la décision": texts})
    return frame, {"N°": (False, None), "Objet de la décision": (True, persons)}


TABLES = [_t_social_aid, _t_fees, _t_grants, _t_permits, _t_graves, _t_school, _t_directory, _t_decisions]


def series(seed: int = 5):
    rng = random.Random(seed)
    return [(t.__name__[3:], *t(rng)) for t in TABLES]


def measure(seed: int = 5, draw=None) -> dict:
    """Column recall/precision, row recall/precision on mixed and free-text columns, organisations spared."""
    tp = fp = fn = 0
    rows = {"mixed": [0, 0, 0], "text": [0, 0, 0]}  # personal rows, found, flagged
    misses: list = []
    for name, frame, labels in (draw or series)(seed):
        found = {f.column: f for f in detect_personal_data(frame.astype(object))}
        for column, (personal, rows_personal) in labels.items():
            flagged = column in found
            tp += personal and flagged
            fn += personal and not flagged
            fp += flagged and not personal
            if personal != flagged:
                misses.append((name, column, "missed" if personal else "false alarm"))
            if personal and rows_personal is not None:
                kind = "text" if found.get(column) and found[column].entity == "FREE_TEXT_WITH_PERSON" or \
                    "Objet" in column or "Libellé" in column else "mixed"
                got = set(range(len(frame))) if flagged and found[column].rows is None else \
                    set(found[column].rows) if flagged else set()
                rows[kind][0] += len(rows_personal)
                rows[kind][1] += len(got & set(rows_personal))
                rows[kind][2] += len(got)
                misses += [(name, column, frame.at[r, column]) for r in sorted(set(rows_personal) - got)]
                misses += [(name, column, "FP " + frame.at[r, column]) for r in sorted(got - set(rows_personal))]
    out = {"column_recall": tp / (tp + fn), "column_precision": tp / (tp + fp), "misses": misses}
    for kind, (total, hit, flagged) in rows.items():
        out[f"{kind}_row_recall"] = hit / total if total else 1.0
        out[f"{kind}_row_precision"] = hit / flagged if flagged else 1.0
    return out


def report(seed: int = 5, draw=None) -> None:
    result = measure(seed, draw)
    for key, value in result.items():
        if key != "misses":
            print(f"{key}: {value:.3f}")
    for miss in result["misses"]:
        print("  ", miss)


# -- the tests ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [5, 55])
def test_scores_on_the_fifth_series(seed):
    result = measure(seed)
    assert result["column_recall"] >= 0.98 and result["column_precision"] >= 0.95, result["misses"]
    assert result["mixed_row_recall"] >= 0.9 and result["mixed_row_precision"] >= 0.95, result["misses"]
    assert result["text_row_recall"] >= 0.9 and result["text_row_precision"] >= 0.95, result["misses"]


def test_no_organisation_of_the_list_is_taken_for_a_person():
    assert len(ORGS) >= 100
    persons = [o for o in ORGS if person_name_kind(o) in ("civility", "listed")]
    assert persons == []
    # in a beneficiary column beside persons, every organisation keeps its name
    rng = random.Random(1)
    names = [x for o in ORGS for x in (o, _person(rng, rng.randrange(12)))]
    frame = pd.DataFrame({"Bénéficiaire": names, "Montant": ["100"] * len(names)}, dtype=object)
    (finding,) = detect_personal_data(frame)
    assert [names[r] for r in finding.rows if r % 2 == 0] == []


@pytest.mark.parametrize("text", [t.format(o=o, n=12) for t in ORG_TEXTS[:5] for o in ORGS[::7]] + ORG_TEXTS[5:])
def test_texts_about_organisations_are_left_as_written(text):
    assert occult_names(text) == text


@pytest.mark.parametrize("value", [
    "Ayşe Yılmaz", "YILMAZ Mehmet", "Łukasz Zieliński", "Nguyễn Thị Hoa", "Joana Pereira da Silva",
    "Fatima-Zahra El Idrissi", "Anahide KHATCHADOURIAN", "Laffargue J.-P.", "J.-B. Etcheverry",
    "Madame Conceição Gonçalves", "Mr Arnaud Bessières", "Dr Sokhna Diop", "Me Baqué",
    "LACOSTE épouse KAYA Elif", "veuve Darrigrand", "Consorts HOURCADE", "Les héritiers Lahourcade",
])
def test_persons_of_many_origins_and_writings(value):
    assert person_name_kind(value) in ("civility", "listed")


@pytest.mark.parametrize("text,name", [
    ("Cession du délaissé au profit de Mme Ayşe Yılmaz", "Mme Ayşe Yılmaz"),
    ("Indemnité versée à M. Wojciech Kowalczyk pour dégâts", "M. Wojciech Kowalczyk"),
    ("Sur demande de Joana Carvalho, pose d'un miroir", "Joana Carvalho"),
])
def test_names_in_text_are_occulted_whole_and_nothing_else(text, name):
    after = occult_names(text)
    assert after == text.replace(name, "[occulté]")


def test_anonymise_keeps_every_organisation_and_leaves_no_person(tmp_path):
    _, frame, labels = series(5)[2]  # the grants: persons among organisations
    path = tmp_path / "grants.csv"
    frame.to_csv(path, index=False, sep=";")
    doc = Document(open_table(path))
    apply_plan(doc, build_plan(doc))
    kept = doc.table["Bénéficiaire"].tolist()
    persons = {frame.at[r, "Bénéficiaire"] for r in labels["Bénéficiaire"][1]}
    assert not persons & set(kept)
    assert sorted(kept) == sorted(v for r, v in enumerate(frame["Bénéficiaire"]) if r not in labels["Bénéficiaire"][1])


# -- a second draw, written after the first was scored: other origins, headers, phrasings, bodies ------------

FIRST_B = ["Iñaki", "Maialen", "Soazig", "Tanguy", "Giuseppe", "Chiara", "Ioana", "Mihai", "Said", "Zaïnaba",
           "Wei", "Mei-Lin", "Oleksandr", "Svetlana", "Ousmane", "Awa", "Naïma", "Rachid", "Guilhem", "Esteve",
           "Ana-Maria", "Dragan", "Milena", "Tsering", "Kofi", "Yolande", "Gérard", "Monique", "Théo", "Inès"]
LAST_B = ["Etxeberria", "Goikoetxea", "Le Goff", "Kerhervé", "Esposito", "Russo", "Popescu", "Ionescu", "Madi",
          "Abdallah", "Zhang", "Chen", "Shevchenko", "Ivanova", "Traoré", "Keïta", "Bouzid", "Cherif", "Puech",
          "Carrère", "Petrović", "Jovanović", "Dorje", "Mensah", "Vidal", "Roux", "Costes", "Fabre", "Soulé", "Maury"]
ORGS_B = [
    "Banque alimentaire du Béarn", "Groupement d'employeurs agricoles", "Régie de quartier Ousse-des-Bois",
    "Société musicale l'Avenir", "Chœur d'hommes Arraya", "Bagad Kemper", "Cercle celtique Ar Vro Vigoudenn",
    "Pastorale Xiberoa", "Ikastola Haurtxoa", "Association franco-chinoise Pont de Jade",
    "Communauté Emmaüs Pau", "Les Compagnons bâtisseurs", "Entraide protestante", "Paroisse Saint-Joseph",
    "Conférence Saint-Vincent-de-Paul", "Terre des Hommes", "Amnesty International groupe 187",
    "Ligue des droits de l'Homme", "Fédération départementale des chasseurs", "AAPPMA La Gaule paloise",
    "Ski club Artouste", "Aéro-club du Béarn", "Twirling bâton Jurançon", "Union cycliste Orthez",
    "Association Gisèle Halimi", "Maison de quartier Léo Lagrange", "Collège Jeanne d'Albret",
    "École Sainte-Ursule", "Lycée professionnel Honoré Baradat", "Institut Maurice Ravel", "Gîte d'étape Le Pas",
    "Auberge de jeunesse Le Gave", "SARL Goikoetxea Frères", "SAS Roux Matériaux", "SCI Vidal-Costes",
    "EURL Soulé Paysage", "GAEC Puech et Fils", "Maury Transports SAS", "Esposito & Associés SELARL",
    "Zhang Trading SARL", "Fondation Mensah pour l'enfance", "Association Kofi Annan", "Centre culturel Ivan Tourgueniev",
]
PERSON_TEXTS_B = [
    "Acquisition auprès de {p} de la parcelle BK {n}", "Mise à disposition d'un logement à {p}",
    "Désistement de {p} pour le jardin n° {n}", "Régularisation du dossier de {p}",
    "Courrier à l'attention de {p} concernant la haie", "État des lieux en présence de {p}",
    "Aide au transport scolaire pour {p}", "Titre annulé : {p} a quitté la commune",
]
ORG_TEXTS_B = [
    "Acquisition auprès de {o} de la parcelle BK {n}", "Mise à disposition du minibus à {o}",
    "Courrier à l'attention de {o} concernant le calendrier", "Partenariat avec {o} pour la fête",
    "Inauguration du Square Gisèle Halimi",
]


def _person_b(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_B), rng.choice(LAST_B)
    return rng.choice([f"{first} {last}", f"{last.upper()} {first}", f"{first} {last.upper()}",
                       f"Mme {first} {last}", f"M. {last.upper()}", f"{first[0]}. {last}", f"{last} {first}",
                       f"{first.lower()} {last.lower()}", f"{first.upper()} {last.upper()}"])


def series_b(seed: int = 6):
    rng = random.Random(seed)
    tables = []
    # persons only, other headers
    n = 30
    people = [_person_b(rng) for _ in range(n)]
    frame = pd.DataFrame({"Ayant droit": people, "Portable": [_mobile(rng) for _ in people],
                          "E-mail perso": [_mail(p, rng) for p in people],
                          "Coordonnées": [_home(rng) for _ in people], "Quotient familial": ["450"] * n})
    tables.append(("rights", frame, {c: (c != "Quotient familial", None) for c in frame.columns}))
    for header in ("Attributaire", "Preneur", "Acquéreur"):
        names, sirets, persons = [], [], []
        for i in range(60):
            if rng.random() < 0.4:
                names.append(_person_b(rng)), sirets.append(""), persons.append(i)
            else:
                names.append(ORGS_B[(i + len(header)) % len(ORGS_B)]), sirets.append(_siret(rng))
        frame = pd.DataFrame({header: names, "SIRET": sirets, "Montant HT": ["1200"] * 60})
        tables.append((header, frame, {header: (True, persons), "SIRET": (False, None), "Montant HT": (False, None)}))
    texts, persons = [], []
    for i in range(60):
        if rng.random() < 0.5:
            texts.append(rng.choice(PERSON_TEXTS_B).format(p=_person_b(rng), n=i)), persons.append(i)
        else:
            texts.append(rng.choice(ORG_TEXTS_B).format(o=rng.choice(ORGS_B), n=i))
    frame = pd.DataFrame({"Réf.": [f"A{i}" for i in range(60)], "Libellé de l'acte": texts})
    tables.append(("acts", frame, {"Réf.": (False, None), "Libellé de l'acte": (True, persons)}))
    return tables


@pytest.mark.parametrize("seed", [6, 66])
def test_scores_on_the_second_draw(seed):
    result = measure(seed, series_b)
    assert result["column_recall"] >= 0.98 and result["column_precision"] >= 0.95, result["misses"]
    assert result["mixed_row_recall"] >= 0.9 and result["mixed_row_precision"] >= 0.95, result["misses"]
    assert result["text_row_recall"] >= 0.9 and result["text_row_precision"] >= 0.95, result["misses"]


def test_organisations_of_the_second_draw_are_never_persons():
    assert [o for o in ORGS_B if person_name_kind(o) in ("civility", "listed")] == []
    for text in ORG_TEXTS_B:
        for o in ORGS_B:
            assert occult_names(text.format(o=o, n=3)) == text.format(o=o, n=3)


@pytest.mark.parametrize("value,personal", [
    ("Chez Maïwenn", True), ("Restaurant Chez Léon", True), ("Chez Jean-Luc Baqué", True),
    ("Chez Nous", False), ("Chez Papy", False), ("Chez Paulette SARL", False), ("Chez le Gaulois", False),
])
def test_a_sign_built_on_its_owners_name(value, personal):
    from opendata_desktop.core.privacy.detection import is_sole_trader
    assert is_sole_trader(value) is personal


@pytest.mark.parametrize("value", ["Voisin S.A.", "Ribeiro Lesage S.A.S.", "S.C.I. du Parc", "Les Ardents",
                                   "ESAT Les Ateliers de Nay", "Lous Esbagats", "Orange Business"])
def test_dotted_legal_forms_and_plural_names_are_no_persons(value):
    from opendata_desktop.core.privacy.detection import _person_shape
    assert person_name_kind(value) not in ("civility", "listed") and not _person_shape(value)


@pytest.mark.parametrize("text", [
    "SUBVENTION DE FONCTIONNEMENT - ECOLE DE MUSIQUE CA BAIE DE SOMME SUD", "ALTEA CABESTAN 2",
    "Launay Lefèvre S.A.R.L.", "Convention avec La Poste", "Proposition commerciale de Colas France",
    "Subvention à Chorale À Cœur Joie", "Acquisition auprès de Terre des Hommes de la parcelle BK 1",
])
def test_capitals_bodies_and_legal_forms_in_text_name_nobody(text):
    assert person_spans(text) == ()


@pytest.mark.parametrize("header", ["Pétitionnaire", "Redevable", "Locataire", "Bénéf.", "Demandeur"])
def test_persons_with_first_names_no_list_knows_among_bodies(header):
    values = ["Agnieszka NOWAK", "SCI Les Pins", "Siranouche Papazian", "Comité des fêtes", "guilhem shevchenko",
              "PAPAZIAN Tsering", "Amicale laïque", "Mairie de Lons"]
    frame = pd.DataFrame({header: values, "Montant": ["10"] * len(values)}, dtype=object)
    (finding,) = detect_personal_data(frame)
    assert finding.rows == [0, 2, 4, 5]
    # without a person's header (« Structure »), a shape alone is no evidence
    frame = pd.DataFrame({"Structure": values, "Montant": ["10"] * len(values)}, dtype=object)
    assert not any(f.rows is None or 2 in f.rows for f in detect_personal_data(frame))


# -- a third draw, written after the second was scored ----------------------------------------------------

FIRST_C = ["Rivo", "Haingo", "Carmen-Lucía", "Joris", "Saoirse", "Ewan", "Zsófia", "Dimitrios", "Eleni", "Souksavanh",
           "Widlene", "Frantz", "Mathéo", "Clémence", "Nadège", "Youssouf", "Hamza", "Lina", "Élodie", "Baptiste"]
LAST_C = ["Rakotomalala", "Randriamanana", "García-Moreno", "van der Berg", "O'Connor", "McAllister", "Szabó",
          "Papadopoulos", "Vongsavanh", "Jean-Baptiste", "Pierre-Louis", "Lagarde", "Combes", "Marty", "Delmas",
          "Bousquet", "Cabanes", "Ferrer", "Benhamou", "Aït Ali"]
ORGS_C = [
    "Donneurs de sang bénévoles de Lons", "Groupement de défense sanitaire", "Apiculteurs du Vic-Bilh",
    "Jardins partagés de l'Ousse", "Association Les Petites Mains", "Lions Club Pau Henri IV", "Rotary club de Pau",
    "Kiwanis Béarn", "La Croix-Blanche", "Protection civile 64", "Sauveteurs en mer", "Amicale des sapeurs-pompiers",
    "Club photo Objectif", "Université du temps libre", "Accorderie de Pau", "Repair café Lescar",
    "Maison de la Nature", "Ciné-club Jean Vigo", "Festival Hivernales", "SARL Lagarde Frères", "SAS Combes Énergie",
    "Marty & Fils", "Delmas Immobilier", "Cabinet Bousquet", "Ferrer Paysages SARL", "Benhamou Distribution SAS",
    "Boulangerie Pâtisserie des Halles", "Pharmacie du Marché", "Caves Jurançonnaises", "Imprimerie Moderne",
    "Hôtel de France", "Brasserie Le Bourbaki", "Librairie des Halles", "Fondation Albert Schweitzer",
    "Centre de loisirs Antoine de Saint-Exupéry", "Association Frida Kahlo", "Collectif Rosa Parks",
    "Gymnase Tony Parker", "Salle Nelson Paillou", "Parc Beaumont",
]
PERSON_TEXTS_C = [
    "Lettre de {p} signalant un nid-de-poule", "Réponse adressée à {p} sur sa demande de stationnement",
    "Mail reçu de {p} concernant la cantine", "Appel de {p} : fuite rue des Écoles",
    "Réclamation déposée par {p} pour un arbre", "Invitation transmise à {p} pour la cérémonie",
]
ORG_TEXTS_C = [
    "Lettre de {o} pour une demande de salle", "Réponse adressée à {o} sur son dossier",
    "Mail reçu de {o} concernant le forum", "Invitation transmise à {o} pour la cérémonie",
    "Travaux au Gymnase Tony Parker", "Note de la Préfecture sur la sécheresse",
]


def _person_c(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_C), rng.choice(LAST_C)
    return rng.choice([f"{first} {last}", f"{last.upper()} {first}", f"{first} {last.upper()}",
                       f"Mme {first} {last}", f"M. {last}", f"Monsieur {last.upper()}", f"{first[0]}. {last}",
                       f"{last} {first}", f"Dr {last}", f"Mlle {last.upper()} {first}"])


def series_c(seed: int = 10):
    rng = random.Random(seed)
    tables = []
    for header, n in (("Donateur", 60), ("Occupant", 50), ("Nom / Raison sociale", 60), ("Expéditeur", 70)):
        names, persons, phones, mails = [], [], [], []
        for i in range(n):
            if rng.random() < 0.4:
                p = _person_c(rng)
                names.append(p), persons.append(i), phones.append(_mobile(rng))
                mails.append(_mail(rng.choice(FIRST_C) + " " + rng.choice(LAST_C), rng))
            else:
                names.append(ORGS_C[(i * 7 + n) % len(ORGS_C)]), phones.append(_landline(rng))
                mails.append(f"contact@{rng.choice(['asso', 'club', 'ent'])}{i}.fr")
        frame = pd.DataFrame({header: names, "Coordonnées téléphoniques": phones, "Courriel de contact": mails,
                              "Date": ["12/03/2025"] * n})
        tables.append((header, frame, {header: (True, persons), "Coordonnées téléphoniques": (True, persons),
                                       "Courriel de contact": (True, persons), "Date": (False, None)}))
    texts, persons = [], []
    for i in range(70):
        if rng.random() < 0.5:
            texts.append(rng.choice(PERSON_TEXTS_C).format(p=_person_c(rng))), persons.append(i)
        else:
            texts.append(rng.choice(ORG_TEXTS_C).format(o=rng.choice(ORGS_C)))
    frame = pd.DataFrame({"Date d'arrivée": ["02/04/2025"] * 70, "Objet du courrier": texts})
    tables.append(("mail", frame, {"Date d'arrivée": (False, None), "Objet du courrier": (True, persons)}))
    return tables


@pytest.mark.parametrize("seed", [10, 11])
def test_scores_on_the_third_draw(seed):
    result = measure(seed, series_c)
    assert result["column_recall"] >= 0.98 and result["column_precision"] >= 0.95, result["misses"]
    assert result["mixed_row_recall"] >= 0.95 and result["mixed_row_precision"] >= 0.95, result["misses"]
    assert result["text_row_recall"] >= 0.9 and result["text_row_precision"] >= 0.95, result["misses"]


@pytest.mark.parametrize("value", ["Marty & Fils", "Roux et Frères", "Donneurs de sang bénévoles",
                                   "Apiculteurs du Vic-Bilh", "Jardins partagés de l'Ousse", "Caves coopératives"])
def test_firms_of_partners_groups_of_members_and_plural_places_are_bodies(value):
    from opendata_desktop.core.privacy.detection import is_legal_person
    assert is_legal_person(value) and person_name_kind(value) is None


def test_a_common_surname_in_the_plural_stays_a_surname():
    assert person_name_kind("Nadine SALLES") == "listed"


# -- a fourth draw, written last and scored once before anything was changed for it ---------------------

FIRST_D = ["Maria do Céu", "Jarosław", "Emre", "Hagop", "Văn Tám", "Bertrand", "Naïa", "Ghislaine", "Aurore",
           "Mohand", "Yasmine", "Noé", "Arsène", "Capucine", "Kemal", "Daniela", "Anouk", "Silvère"]
LAST_D = ["Fernandes", "Wiśniewski", "Çelik", "Kévorkian", "Lê", "Lacaze", "Lacoste-Pédebernade", "Ben Ali",
          "Ould Kaci", "de Lagarrigue", "Dupérier", "Grangé", "Larrieu", "Bégué", "Cazenave", "Lassalle"]
ORGS_D = [
    "Amicale des donneurs de sang", "Association Lou Casau", "Comité de quartier du Hédas", "Club de l'amitié",
    "Batterie-fanfare La Lyre", "Gymnastique volontaire", "Les Randonneurs du Gave", "Société hippique",
    "Association Victor Schœlcher", "Centre équestre de Lons", "Maison des associations", "Radio Oloron",
    "Le Parvis scène nationale", "Orchestre d'harmonie de Pau", "SA HLM Béarn Bigorre", "Office 64 de l'Habitat",
    "SCI Cazenave-Lassalle", "SARL Bégué Menuiserie", "Grangé SAS", "EURL Larrieu", "Lacaze Frères",
    "Entreprise Dupérier et Fils", "Crèche parentale Les P'tits Loups", "Lycée Saint-Cricq", "École Henri IV",
    "Association André Malraux", "Foyer Marguerite Yourcenar", "Comité Jean Jaurès", "EHPAD Saint-Joseph",
    "Résidence Louis Sallenave",
]
PERSON_TEXTS_D = ["Concession accordée à {p} au carré B", "Demande de {p} : élagage", "Remise de médaille à {p}",
                  "Loyer impayé de {p}", "Régie : encaissement de {p}", "{p} demande un rendez-vous"]
ORG_TEXTS_D = ["Concession de la salle à {o}", "Demande de {o} : prêt de tables", "Subvention à {o}",
               "Loyer de {o} pour le local", "Régie : encaissement de {o}"]


def _person_d(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_D), rng.choice(LAST_D)
    return rng.choice([f"{first} {last}", f"{last.upper()} {first}", f"{first} {last.upper()}", f"{last} {first[0]}.",
                       f"{first[0]}.-{rng.choice('PMLA')}. {last}", f"Mme {last}", f"M. {first} {last.upper()}",
                       f"Madame veuve {last}", f"Consorts {last.upper()}", f"{first} {last} épouse {rng.choice(LAST_D)}"])


def series_d(seed: int = 20):
    rng = random.Random(seed)
    tables = []
    for header in ("Jardinier", "Exposant", "Bénéficiaire de l'aide", "Concessionnaire"):
        names, persons, mails = [], [], []
        for i in range(50):
            if rng.random() < 0.4:
                names.append(_person_d(rng)), persons.append(i)
                mails.append(_mail(rng.choice(FIRST_D) + " " + rng.choice(LAST_D), rng))
            else:
                names.append(ORGS_D[(i * 3 + len(header)) % len(ORGS_D)]), mails.append(f"accueil@structure{i}.fr")
        frame = pd.DataFrame({header: names, "Mail": mails, "Montant": ["35"] * 50})
        tables.append((header, frame, {header: (True, persons), "Mail": (True, persons), "Montant": (False, None)}))
    texts, persons = [], []
    for i in range(60):
        if rng.random() < 0.5:
            texts.append(rng.choice(PERSON_TEXTS_D).format(p=_person_d(rng))), persons.append(i)
        else:
            texts.append(rng.choice(ORG_TEXTS_D).format(o=rng.choice(ORGS_D)))
    frame = pd.DataFrame({"Libellé": texts, "Montant": ["10"] * 60})
    tables.append(("texts", frame, {"Libellé": (True, persons), "Montant": (False, None)}))
    return tables


@pytest.mark.parametrize("seed", [20, 21])
def test_scores_on_the_fourth_draw(seed):
    result = measure(seed, series_d)
    assert result["column_recall"] >= 0.98 and result["column_precision"] >= 0.95, result["misses"]
    assert result["mixed_row_recall"] >= 0.95 and result["mixed_row_precision"] >= 0.95, result["misses"]
    assert result["text_row_recall"] >= 0.9 and result["text_row_precision"] >= 0.95, result["misses"]


@pytest.mark.parametrize("value", ["Ghislaine LÊ", "LÊ Arsène", "Yasmine Lê", "Consorts LÊ"])
def test_a_short_accented_surname_is_no_particle(value):
    assert person_name_kind(value) in ("civility", "listed")


@pytest.mark.parametrize("text,name", [("Remise de médaille à Larrieu K.", "Larrieu K."),
                                       ("Courrier de LARRIEU J.-P. reçu le 3 mai", "LARRIEU J.-P.")])
def test_a_surname_then_initials_in_text(text, name):
    assert occult_names(text) == text.replace(name, "[occulté]")


@pytest.mark.parametrize("text", ["Perrier Le Gall SA", "Hermione La fayette - Subvention", "UN PIED SUR LE TERRAIN",
                                  "Réunion du C.A. du 3 mars", "Article L. 2121-29", "Voir annexe B."])
def test_articles_and_abbreviations_in_text_name_nobody(text):
    assert person_spans(text) == ()
