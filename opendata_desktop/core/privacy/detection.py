"""Find columns and rows that identify natural persons, before anything is published.

CRPA L312-1-2: personal data must be occulted before publication. Detection is deterministic and
offline, and combines:
- headers (French words for names, contacts, birth, identifiers);
- values: checksums (NIR, IBAN, SIRET), formats (plates, e-mails, phones), shapes of names
  (« M. Paul Durand », « DURAND Paul »), legal forms (SARL, association…);
- the table's context: people listed in their public function (élus, agents: D312-1-3) are named
  lawfully, an organisation's or a building's phone is functional, a commune is not a person.
It never quotes a personal value in its reasons (they reach logs and reports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import phonenumbers
from stdnum import iban as std_iban
from stdnum.fr import nir as std_nir

from opendata_desktop.core.privacy import lexicon as lx
from opendata_desktop.core.privacy.lexicon import fold
from opendata_desktop.core.privacy.names import (PARTICLES, SAINTS, UP, is_first_name_value, is_name_list,
                                                 is_organisation, is_surname_value, person_name_kind, person_spans,
                                                 lower_case_name, unlisted_first_name_shape, capitals_name)
from opendata_desktop.core.formats.identifiers import is_valid_siret

ENTITY_LABELS = {
    "PERSON": "nom de personne", "FIRST_NAME": "prénom", "LAST_NAME": "nom de famille",
    "PHONE_NUMBER": "numéro de téléphone", "EMAIL_ADDRESS": "adresse e-mail", "ADDRESS": "adresse postale",
    "DATE_OF_BIRTH": "date de naissance", "FR_NIR": "numéro de sécurité sociale",
    "IBAN_CODE": "coordonnées bancaires (IBAN)", "FR_LICENSE_PLATE": "plaque d'immatriculation",
    "FR_SIRET_NATURAL_PERSON": "SIRET d'une entreprise individuelle",
    "FREE_TEXT_WITH_PERSON": "nom de personne dans un texte", "OTHER_PERSONAL": "identifiant personnel",
}


@dataclass
class PersonalFinding:
    column: str
    entity: str
    reason: str  # plain French: why this was flagged (never the values themselves)
    rows: list[int] | None = None  # None: the whole column
    # rows chosen by the person/organisation split of the row's name column: a contact or an address kept
    # on organisations' rows (their seat, landline, mailbox), treated on these rows only
    split: bool = False
    examples: list[str] = field(default_factory=list, repr=False)  # for the on-screen preview only

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)


# -- headers --------------------------------------------------------------------------------------

def header_fold(header) -> str:
    """« nomBeneficiaire », « NOM_BENEF. », « Tél.(port.) » -> « nom beneficiaire », « nom benef », « tel port »."""
    text = re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])", " ", str(header))
    return fold(text)


def _rx(*words: str) -> re.Pattern:
    return re.compile(r"(^| )(" + "|".join(words) + r")( |$)")


_H_FUNCTIONAL = _rx("mairie", "accueil", "standard", "secretariat", "service", "structure", "association", "site",
                    "lieu", "gymnase", "stade", "piscine", "local", "batiment",
                    "equipement", "etablissement", "salle", "siege", "ecole", "bureau", "general", "generique",
                    "commune", "collectivite", "entreprise", "societe", "organisme", "club")
_H_EMAIL = _rx("e ?mail", "email", "mail", "mails", "courriel", "courriels", "mel", "adresse electronique",
                "adresse mail", "emel")
_H_PHONE = _rx("tel", "tels", "telephone", "telephones", "portable", "mobile", "mob", "gsm", "fixe", "tel perso",
                "numero de telephone", "tph", "phone", "cellulaire", "port")
_H_PLATE = _rx("immatriculation", "immat", "plaque", "plaques", "numero d immatriculation")
_H_NIR = _rx("nir", "nss", "securite sociale", "secu", "secu sociale", "n ss", "no ss", "numero ss", "num ss",
             "n secu", "num secu", "insee personne", "matricule securite sociale", "numero d assure")
_H_IBAN = _rx("iban", "rib", "coordonnees bancaires", "compte bancaire", "releve d identite bancaire")
_H_OTHER = _rx("allocataire", "caf", "numero fiscal", "spi", "carte d identite", "cni", "passeport",
               "permis de conduire", "lieu de naissance", "n fiscal")
_H_BIRTH = _rx("date de naissance", "ne le", "nee le", "ne e le", "naissance", "ddn", "naiss", "date naiss",
               "dt naiss", "dn", "nais", "date nais", "birth", "date of birth")
_H_ADDRESS = _rx("adresse", "adresses", "adr", "domicile", "residence", "adresse postale", "adresse du demandeur",
                 "demeurant", "domiciliation", "lieu de residence", "adresse perso", "adresse personnelle")
_H_FIRST = _rx("prenom", "prenoms", "pnom", "first name", "given name")
_H_FULLNAME = _rx("nom et prenom", "nom prenom", "prenom nom", "prenom et nom", "nom complet", "identite",
                  "nom et prenoms", "nom prenom s", "prenom s nom", "nom du beneficiaire", "beneficiaire",
                  "nom beneficiaire", "nom ou raison sociale", "raison sociale ou nom",
                  "nom prenoms", "nom raison sociale", "raison sociale nom", "nom ou denomination",
                  "nom denomination", "nom ou raison sociale du beneficiaire")
_H_PERSON = _rx("attributaire", "destinataire", "tiers", "particulier", "personne", "personnes", "individu", "benef",
                "occupant", "occupants", "inscrit", "abonne", "acquereur", "vendeur", "cedant", "cessionnaire",
                "preneur", "bailleur", "permissionnaire", "candidat", "laureat", "stagiaire", "patient",
                "defunt", "defunts", "inhume", "inhumes", "personne a prevenir", "epoux", "epouse", "conjoint",
                "demandeur", "titulaire", "locataire", "proprietaire", "concessionnaire", "commercant",
                "exploitant", "exploitants", "donateur", "donateurs", "donatrice", "detenteur", "detentrice",
                "emprunteur", "emprunteuse", "benevole", "benevoles", "riverain", "riverains",
                "exposant", "responsable legal", "representant legal", "parent", "parents", "tuteur", "eleve",
                "enfant", "redevable", "contrevenant", "usager", "administre", "habitant", "adherent", "gardien",
                "requerant", "petitionnaire", "beneficiaire", "pere", "mere", "mari", "temoin", "declarant",
                "agent", "responsable", "contact", "referent", "president", "secretaire", "tresorier",
                "membre", "membres", "expediteur", "expeditrice", "emetteur", "auteur", "ayant droit",
                "ayants droit", "souscripteur", "cotisant", "assure", "assuree", "signalant", "plaignant")
_H_NAME = _rx("nom", "noms", "nom de famille", "nom d usage", "nom de naissance", "nom de jeune fille", "patronyme",
              "nom marital", "nom usuel", "last name", "surname")
_H_FREE_TEXT = _rx("objet", "observation", "observations", "commentaire", "commentaires", "remarque",
                   "remarques", "note", "notes", "motif", "description", "intitule", "libelle", "details",
                   "precisions", "suite donnee", "decision")
_H_FUNCTION = _rx("fonction", "fonctions", "mandat", "delegation", "delegations", "qualite", "poste", "grade",
                  "role", "adjoint", "commission", "commissions", "titre", "emploi", "service", "services",
                  "direction", "groupe politique")
_H_SIRET = _rx("siret", "siren", "n siret")
_H_PUBLIC_ROLE = _rx("rapporteur", "signataire", "signe par", "autorite", "president de seance", "secretaire de seance", "elu", "elus", "maire",
                     "adjoint", "officier d etat civil", "officier", "conseiller municipal", "depute", "senateur")
_H_SENSITIVE = _rx("salaire", "brut", "net", "net a payer", "traitement", "remuneration", "indice", "echelon",
                   "prime", "primes", "cotisations", "arret maladie", "maladie")
_H_COUNT = _rx("nombre", "nb", "occurrences", "effectif", "total", "compte", "nombre d occurrences")
_H_PLACE = _rx("equipement", "salle", "batiment", "capacite", "jauge", "erp", "site", "gymnase", "terrain",
               "pmr", "accessible pmr", "accessibilite", "surface", "superficie", "nombre de places", "horaires")
_H_PERSONAL_LINE = _rx("direct", "ligne directe", "perso", "personnel", "prive", "privee", "domicile", "portable")
_H_PRODUCER = _rx("attribuant", "collectivite", "commune", "mairie", "acheteur", "pouvoir adjudicateur")
_H_NOT_PERSONAL = _rx("commune", "ville", "code postal", "cp", "insee", "code insee", "departement", "region",
                      "nom de la commune", "nom de l equipement", "nom de la salle", "equipement", "salle",
                      "lieu", "site", "association", "raison sociale", "denomination", "organisme", "structure",
                      "entreprise", "societe", "etablissement", "rue", "voie", "nom de voie", "nom de la voie",
                      "nomvoie", "coll", "com", "nom commune", "libelle voie", "libelle de la voie", "type de voie", "localisation",
                      "emplacement", "implantation", "arret", "arrets", "point d arret", "halte", "station",
                      "arret de bus", "nom de l arret", "lieu dit", "lieudit", "hameau", "quartier")
_H_IDENTIFIER = _rx("rna", "siret", "siren", "id", "identifiant", "code", "numero", "num", "n", "no", "ref",
                    "reference", "matricule", "dossier")

# -- values ---------------------------------------------------------------------------------------

_LEGAL = re.compile(
    r"\b(association|asso|assoc|sarl|sas|sasu|eurl|sa|sci|scp|scop|snc|gaec|earl|ets|etablissements?|societe|"
    r"entreprise|club|comite|amicale|union|federation|foyer|mairie|commune|ccas|syndicat|cooperative|fondation|"
    r"ecole|college|lycee|restaurant|boulangerie|cafe|garage|banque|credit|caisse|groupe|compagnie|cie|"
    r"conseil|departement|region|communaute|agglomeration|office|centre|maison|institut|orchestre|chorale|"
    r"ensemble|troupe|theatre|ligue|section|fanfare|harmonie|comptoir|pharmacie|boucherie|epicerie|hotel|"
    r"camping|auto|transports?|services?|france|sport|sportif|sportive|football|rugby|tennis|judo|basket|"
    r"handball|danse|musique|chasse|peche|anciens|amis|parents d eleves|ape|apel|fcpe|collectif|gie|scea)\b")
_EMAIL = re.compile(r"^[\w.+\-']+@[\w\-]+(\.[\w\-]+)+$")
_GENERIC_MAILBOX = re.compile(
    r"^(mairie|contact|accueil|secretariat|info|infos|information|communication|sports?|culture|ecole|"
    r"services?|technique|urbanisme|etat-?civil|cantine|periscolaire|bibliotheque|mediatheque|direction|"
    r"dgs|rh|compta\w*|noreply|no-reply|webmaster|admin\w*|bureau|president|presidence|tresorier|secretaire|"
    r"asso\w*|club|comite|reservation\w*|location\w*|salle\w*|ccas|police|pm|st|cabinet|courrier|elus?|maire|"
    # municipal services' mailboxes
    r"finances?|scolaire|enfance|petite-?enfance|jeunesse|social|solidarites?|population|elections?|cimetiere|"
    r"environnement|voirie|eau|assainissement|dechets|proprete|marches?|achats?|commande-?publique|juridique|"
    r"archives?|animations?|tourisme|festivites|evenements?|vie-?associative|logement|habitat|emploi|"
    r"paie|ressources-?humaines|recrutement|formation|informatique|dsi|numerique|patrimoine|batiments?|"
    r"espaces-?verts|restauration|crèche|creche|rpe|ram|alsh|clsh|accueil-?loisirs|piscine|musee|"
    r"conservatoire|theatre|cinema|office|ot|gestion|facturation|regie|recette|support|assistance|"
    r"hello|bonjour|nous|equipe|team|sav|commercial|ventes?|devis|commandes?|factures?|hotline|helpdesk|"
    r"service-?clients?|clients?|abonnes?|usagers?|exploitation|maintenance|astreinte|supervision|"
    r"operations?|partenaires?|presse|media|recherche|candidatures?|jobs?|rgpd|dpo|cnil|privacy)s?\b")  # « ecoles@ »
# Words that make a mailbox a body's whatever its domain (« rugbyclub…@gmail.com », « lesamis….asso@orange.fr »):
# a token of the local part starting or ending with one of them.
_BODY_MAIL_WORDS = ("asso", "assoc", "association", "club", "amicale", "comite", "syndicat", "federation", "union",
                    "foyer", "mairie", "ecole", "college", "lycee", "apel", "fcpe", "rugby", "football", "foot",
                    "basket", "handball", "tennis", "judo", "karate", "danse", "chorale", "harmonie", "fanfare",
                    "theatre", "musique", "festival", "jumelage", "cooperative", "coop", "sport", "sports",
                    "aines", "anciens", "amis", "lesamis", "petanque", "chasse", "peche", "gym", "yoga", "cyclo",
                    "rando", "randonnee", "velo", "athle", "natation", "boules", "scouts", "paroisse", "ehpad",
                    "mjc", "ccas", "ape", "ucpa", "refuge", "secours", "restos", "croixrouge", "benevoles",
                    "collectif", "compagnie", "cie", "ensemble", "orchestre", "quartier", "comitedesfetes")


def _functional_local(local: str) -> bool:
    """The local part of a body's or a service's mailbox (« accueil », « hotline », « rugbyclubx », « x.asso »)."""
    local = local.strip().lower()
    if _GENERIC_MAILBOX.match(local):
        return True
    tokens = [t for t in re.split(r"[._\-+\d]+", local) if t]
    return any(t == w or len(w) >= 4 and (t.startswith(w) or t.endswith(w)) for t in tokens for w in _BODY_MAIL_WORDS)

_PLATE = re.compile(r"^([A-Z]{2}[- ]?\d{3}[- ]?[A-Z]{2}|\d{1,4}[- ]?[A-Z]{1,3}[- ]?(\d{2}|2A|2B|97[1-6]))$")
_STREET = re.compile(r"^\s*(\d+\s*(bis|ter|b|t)?\s*,?\s+)?(rue|avenue|av\.?|boulevard|bd|chemin|impasse|allee|"
                     r"allée|place|route|lotissement|lot\.|lieu[- ]dit|hameau|quai|cours|residence|résidence|"
                     r"square|sentier|passage|faubourg|fg|cite|cité|domaine|montee|montée|voie|ruelle|la|le)\b",
                     re.I)
_FR_PHONE_SHAPE = re.compile(r"^(\+33\s?|0033\s?|0)[1-9]([\s.\-]?\d{2}){4}$|^[1-9]\d{8}(\.0)?$")
_HOUSE = re.compile(r"^\s*\d+\s*(bis|ter|b|t)?\s*,?\s+(rue|avenue|av\.?|boulevard|bd|chemin|impasse|allee|allée|"
                    r"place|route|lotissement|lot\.|lieu[- ]dit|hameau|quai|cours|square|sentier|passage|faubourg|"
                    r"cite|cité|montee|montée|voie|ruelle|residence|résidence)\b", re.I)  # a house number first: a home
_DATE = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|^\d{5}(\.0)?$|^\d{1,2}\s+[a-zéû]+\.?\s+\d{4}$", re.I)


def _digits(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"\d+\.0+", value):
        value = value.split(".")[0]
    elif re.fullmatch(r"\d[.,]\d+[eE]\+?\d+", value):
        try:
            value = str(int(float(value.replace(",", "."))))
        except ValueError:
            return ""
    return re.sub(r"[\s.\-]", "", value)


@lru_cache(maxsize=200_000)
def _is_nir(value: str) -> bool:
    compact = re.sub(r"[\s.\-]", "", value.strip().upper())
    if re.fullmatch(r"\d+\.0+|\d[.,]\d+E\+?\d+", compact.replace(",", ".")):
        compact = _digits(value)
    if len(compact) == 13:  # Excel dropped the key's leading zero? no: the key is missing; not a full NIR
        return False
    return len(compact) == 15 and std_nir.is_valid(compact)


@lru_cache(maxsize=200_000)
def _is_iban(value: str) -> bool:
    return len(value.strip()) >= 15 and std_iban.is_valid(value.strip())


@lru_cache(maxsize=200_000)
def _phone_kind(value: str) -> str | None:
    text = value.strip()
    if re.fullmatch(r"\d{9}(\.0)?", text):  # Excel dropped the leading 0
        text = "0" + text.split(".")[0]
    if not re.fullmatch(r"[+\d][\d\s.\-()/]{7,}", text):
        return None
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return "mobile" if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE else "fixed"


_CONSUMER_DOMAINS = re.compile(r"@(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|orange|wanadoo|free|sfr|"
                               r"neuf|laposte|bbox|aol|icloud|me|protonmail|proton|gmx|numericable|club-internet)\.")


def _mailbox_of_someone(value: str) -> str | None:
    """The local part of an e-mail address (lower case) unless it is a functional mailbox (accueil@…)."""
    if not _EMAIL.match(value):
        return None
    local = value.split("@", 1)[0]
    return None if _functional_local(local) else local


@lru_cache(maxsize=200_000)
def _is_personal_email(value: str) -> bool:
    value = value.strip().lower()
    local = _mailbox_of_someone(value)
    if local is None:
        return False
    nominative = re.search(r"[a-z]{2,}[._\-][a-z]{2,}|^[a-z][._\-][a-z]{2,}", local)
    return bool(nominative or _CONSUMER_DOMAINS.search(value))


@lru_cache(maxsize=200_000)
def _first_name_dot_surname(value: str) -> bool:
    """« lucie.marchand@ville.fr », « jp-roux@… » — a listed first name then a name: a person's mailbox, on
    whatever domain. Functional mailboxes (accueil@, contact@, mediatheque@) never are."""
    local = _mailbox_of_someone(value.strip().lower())
    if local is None:
        return False
    parts = re.split(r"[._]", local)
    return len(parts) in (2, 3) and lx.is_first_name(parts[0], 3) and all(len(p) >= 2 for p in parts[1:]) and \
        not lx.is_organisation_word(parts[-1])


def _is_initial_surname_email(value: str) -> bool:
    """« cmarie@ville-….fr »: an initial and a surname, the usual form of an agent's or élu's address."""
    local = value.strip().lower().split("@", 1)[0]
    return bool(re.fullmatch(r"[a-z][a-z\-]{3,}", local)) and not _functional_local(local)


_EI_MARK = re.compile(r"(^| )(ei|eirl|entreprise individuelle|auto entrepreneur|auto entreprise|micro entreprise|"
                      r"micro entrepreneur)( |$)")
_SEGMENTS = re.compile(r"\s+[–—\-:|/]\s+|\s*[–—]\s*|\s*[(),]\s*")
_CONNECTORS = {"de", "d", "du", "des", "et", "la", "le", "les", "l", "en", "a", "aux"}


def _activity(words: list[str]) -> bool:
    """Words describing a trade (« Petits travaux », « Espaces verts », « Taille et élagage »)."""
    folded = [fold(w) for w in words]
    folded = [w for w in folded if w]
    return bool(folded) and any(w in lx.trade_words() for w in folded) and \
        all(w in lx.trade_words() or w in _CONNECTORS or w in lx.organisation_words() for w in folded)


def _named_person(text: str, common: bool = False) -> bool:
    """A person's name; `common`: with a first name given at least 50 times a year (« Garage Renault X »
    is a brand and a place, « Garage Thierry X » a person)."""
    kind = person_name_kind(text.strip())
    if kind == "civility":
        return True
    return kind == "listed" and (not common or any(lx.is_first_name(w, 3) for w in text.split()))


@lru_cache(maxsize=200_000)
def is_sole_trader(value: str) -> bool:
    """An entreprise individuelle named after its owner — a natural person: « Plomberie Jean Durand »,
    « DURAND Marie – Fleuriste », « Mme Agathe Lemaire – Maçonnerie », « Jean Martin EI »,
    « Boulangerie Martin (EI) ». Never with a legal form or a body's word (« SARL … », « Club … »)."""
    value = value.strip()
    folded = fold(value)
    if not folded or any(c.isdigit() for c in value):
        return False
    if _EI_MARK.search(folded):  # an entreprise individuelle is its owner: whatever else it is called
        rest = _EI_MARK.sub(" ", folded).split()
        return not lx.has_strict_organisation_word(" ".join(rest)) and any(
            w not in lx.trade_words() and w not in _CONNECTORS for w in rest)
    eurl = _EURL.match(value)
    if eurl:  # a one-person company named after its owner (« EURL Maïté Lacoste », « EURL CAZENAVE »)
        return _owner_named(eurl.group(1) or eurl.group(2))
    if lx.has_strict_organisation_word(folded):
        return False
    sign = re.search(r"(?:^|\s)(?i:chez)\s+(\S.*)$", value)
    before = value[:sign.start()].split() if sign else []
    if sign and (not before or _activity(before)) and _sign_owner(sign.group(1)):
        return True  # « Chez Maïwenn », « Chez Jean-Luc Baqué »: the sign is its owner's name
    segments = [s for s in _SEGMENTS.split(value) if s and s.strip()]
    if len(segments) > 1:
        return any(_named_person(s) for s in segments)  # « MOREAU Julie – Coiffure à domicile »
    words = value.split()
    for cut in range(1, min(4, len(words) - 1)):
        if _activity(words[:cut]) and (_named_person(" ".join(words[cut:]), common=True) or
                                       _owner_named(" ".join(words[cut:]), single=False)):
            return True  # « Nettoyage Zacharie Le Goff », « Plomberie Fourcade Wojciech »
        if _activity(words[-cut:]) and _named_person(" ".join(words[:-cut]), common=True):
            return True  # « Hugues DUFOUR Paysagiste »
    for cut in range(1, min(3, len(words))):
        if fold(words[cut - 1]) not in _CONNECTORS and _activity(words[:cut]) and _owner_surname(words[cut:]):
            return True  # « Garage Le Bihan », « Boulangerie VAN DAMME »: a trade and its owner's surname
    return False


_EURL = re.compile(r"^\s*(?i:e\.?u\.?r\.?l\.?)\s+(\S.*?)\s*$|^\s*(\S.*?)\s+\(?(?i:e\.?u\.?r\.?l\.?)\)?\s*$")


def _owner_named(text: str, single: bool = True) -> bool:
    """A person's name and nothing else (« Maïté Lacoste », « GARAT Anahide », `single`: « CAZENAVE »): no
    body's, trade's or brand's word, no famous person, no place of a saint."""
    text = text.strip()
    folded = fold(text)
    words = text.split()
    if not folded or any(c.isdigit() for c in text) or lx.has_organisation_word(folded) or lx.is_brand(folded) or \
            lx.contains_eponym(folded) or any(fold(w) in lx.trade_words() for w in words) or \
            folded.split()[0] in SAINTS or any(w in _MARKETS for w in folded.split()):
        return False
    if len(words) == 1:
        return single and lx.is_surname(text) and not lx.is_first_name(text, 2) and len(text) >= 3
    return person_name_kind(text) in ("civility", "listed") or unlisted_first_name_shape(text, 4)


_MARKETS = {"france", "europe", "international", "internationale", "groupe", "holding", "services", "distribution"}


def _sign_owner(text: str) -> bool:
    """After « Chez »: a first name alone or a person's name, capitalised (« Chez Nous », « Chez Papy », « Chez
    le Gaulois » are no one)."""
    words = text.split()
    folded = fold(text)
    if not 1 <= len(words) <= 3 or not words[0][:1].isupper() or lx.has_organisation_word(folded) or \
            lx.is_brand(folded) or lx.contains_eponym(folded) or folded.split()[0] in SAINTS:
        return False
    if len(words) == 1:
        return lx.is_first_name(words[0]) and not lx.is_organisation_word(words[0])
    return person_name_kind(text) in ("civility", "listed")


def _owner_surname(words: list[str]) -> bool:
    """A listed surname after a trade, capitalised, neither a brand, a place word, a saint nor a common
    first name alone (« Garage Renault », « Boulangerie du Port », « Café Saint-Jean » are not owners)."""
    if not 1 <= len(words) <= 3 or not words[0][:1].isupper():
        return False
    text = " ".join(words)
    folded = fold(text)
    if lx.has_organisation_word(folded) or lx.is_brand(folded) or lx.contains_eponym(folded) or \
            folded.split()[0] in SAINTS:
        return False
    core = [w for w in words if fold(w) not in PARTICLES] or words
    if any(not re.fullmatch(rf"[{UP}][\w'’\-]+", w) for w in core):
        return False
    if len(core) == 1 and lx.is_first_name(core[0], 3) and not lx.is_surname(core[0], 2):
        return False  # « Chez Léa »: a first name, a sign
    return lx.is_surname(" ".join(core)) or all(lx.is_surname(w) for w in core)


@lru_cache(maxsize=200_000)
def is_legal_person(value: str) -> bool:
    return is_organisation(value) or bool(_LEGAL.search(fold(value)))


@lru_cache(maxsize=200_000)
def is_natural_person_name(value: str) -> bool:
    """« M. Paul Durand », « DURAND Paul », « Sophie Martin », « Paul DURAND épouse MARTIN » — not a body."""
    return person_name_kind(value.strip()) in ("civility", "listed")


def _person_shape(value: str) -> bool:
    value = re.sub(r"\s*\([^()]*\)", " ", value).strip()  # « nowak ewa (bénévole) »
    return (unlisted_first_name_shape(value) or lower_case_name(value) or capitals_name(value)) and \
        not is_legal_person(value)


def _shaped_person_rows(header: str, values: "_Values", unidentified) -> set[int]:
    """Under a header naming a person's role (« Pétitionnaire », « Redevable », « Bénéf. »), a value with a
    person's shape and no body's word is a person, even with a first name INSEE does not list — unless the
    row has a SIRET or an RNA number (then a registered body is more likely)."""
    if not (_H_PERSON.search(header) or _H_FULLNAME.search(header)) or _H_REPRESENTATIVE.search(header):
        return set()
    rows = set(values.rows(_person_shape))
    return rows & set(unidentified) if unidentified is not None else rows


def _lenient_person_name(value: str) -> bool:
    """Where a person is expected (a beneficiary without SIRET nor RNA): a first name is enough."""
    return person_name_kind(value.strip()) is not None or is_name_list(value, lenient=True)


_PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d .\-/()\u00a0\u202f]{7,18}\d(?!\w)")
_EMAIL_IN_TEXT = re.compile(r"[\w.+\-']+(?:@|\s*[\[(]\s*(?:at|arobase)\s*[\])]\s*)[\w\-]+(?:\.[\w\-]+)+", re.I)


_DATE_TIME_PART = re.compile(r"(?<!\d)\d{1,2}[/.\-]\d{1,2}[/.\-](?:1[89]|20)\d{2}(?!\d)|(?<!\d)(?:1[89]|20)\d{2}[/.\-]"
                             r"\d{1,2}[/.\-]\d{1,2}(?!\d)")
_SERVICE_BEFORE = re.compile(r"(?i:\b(?:service|mairie|accueil|standard|secr[ée]tariat|guichet|permanence|"
                             r"m[ée]diath[èe]que|office|centre|h[ôo]tel de ville|ccas)\b)[^.;\n]{0,25}$")


def contact_spans(text: str) -> list[tuple[int, int, str]]:
    """Phones and e-mail addresses in a text, whatever their writing (spans, entity)."""
    spans = []
    for m in _PHONE_IN_TEXT.finditer(text):
        if not m.group(0).lstrip("( ").startswith(("0", "+")):
            continue  # « 71000000-8 » (a CPV code), « 296567108 »: a phone is written from its 0 or its +
        if _DATE_TIME_PART.search(m.group(0)) or re.match(r"\s*[:hH]\s?\d", text[m.end():m.end() + 3]):
            continue  # « 05/02/2025 20:41 », « 2025-02-05 20h41 »: a date and a time, not a phone
        kind = _phone_kind(m.group(0).strip())
        if kind == "fixed" and _SERVICE_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            continue  # « Contacter le service au 05 65 … »: a switchboard, announced as such
        if kind is not None:
            spans.append((m.start(), m.end(), "PHONE_NUMBER"))
    for m in _EMAIL_IN_TEXT.finditer(text):
        address = re.sub(r"\s*[\[(]\s*(?:at|arobase)\s*[\])]\s*", "@", m.group(0), flags=re.I).lower()
        if not _functional_local(address.split("@", 1)[0]):
            spans.append((m.start(), m.end(), "EMAIL_ADDRESS"))
    return spans


_SEP = r"\s.\-" + "\u00a0\u202f_/"
_NIR_RUN = re.compile(rf"(?<![\w])[1-478][{_SEP}]*\d(?:[{_SEP}]*[\dAB]){{11,16}}(?![\w])", re.I)
_NIR_FLOAT = re.compile(r"(?<![\w.])([1-478])[.,](\d{2,14})[eE]\+?14(?![\w])")
_IBAN_RUN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[\s\u00a0\u202f\-]?[A-Z0-9]{4}){2,7}(?:[\s\u00a0\u202f\-]?[A-Z0-9]{1,4})?",
                       re.I)


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """NIR (any separator, no-break spaces, Excel float form) and IBAN written anywhere in a text."""
    spans = []
    for m in _NIR_RUN.finditer(text):
        compact = re.sub(rf"[{_SEP}]", "", m.group(0)).upper()
        # exactly 15 characters: a window of a longer run (« 2022-05-01/2022-08-28 ») is chance
        if len(compact) == 15 and _is_nir(compact):
            spans.append((m.start(), m.end(), "FR_NIR"))
    for m in _NIR_FLOAT.finditer(text):
        digits = m.group(1) + m.group(2)
        # 15 digits: the key can be checked; fewer: Excel dropped digits, a NIR cannot be ruled out
        if len(digits) < 15 or _is_nir(digits):
            spans.append((m.start(), m.end(), "FR_NIR"))
    for m in _IBAN_RUN.finditer(text):
        compact = re.sub(r"[\s\u00a0\u202f\-]", "", m.group(0)).upper()
        if len(compact) >= 15 and std_iban.is_valid(compact):
            spans.append((m.start(), m.end(), "IBAN_CODE"))
    return spans


@lru_cache(maxsize=200_000)
def names_in_text(value: str) -> bool:
    """A natural person named in a free text, or a personal phone or e-mail written in it."""
    return bool(person_spans(value)) or bool(contact_spans(value))


# -- the detector ---------------------------------------------------------------------------------


class _Values:
    """A column's non-empty values, factorised once: each test runs once per distinct value."""

    def __init__(self, values: pd.Series):
        self.series = values
        codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
        self.codes = codes
        self.uniques = [str(u) for u in uniques]
        self.counts = np.bincount(codes, minlength=len(self.uniques))
        self.index = values.index.to_numpy()
        self._masks: dict = {}

    def __len__(self) -> int:
        return len(self.codes)

    def mask(self, test) -> np.ndarray:
        mask = self._masks.get(test)
        if mask is None:
            mask = self._masks[test] = np.fromiter((bool(test(u)) for u in self.uniques), bool, len(self.uniques))
        return mask

    def share(self, test) -> float:
        return float(self.counts[self.mask(test)].sum() / len(self.codes)) if len(self.codes) else 0.0

    def rows(self, test) -> list[int]:
        return [int(i) for i in self.index[self.mask(test)[self.codes]]]


def _share(values, test) -> float:
    return (values if isinstance(values, _Values) else _Values(values)).share(test)


def _rows(values, test) -> list[int]:
    return (values if isinstance(values, _Values) else _Values(values)).rows(test)


class Cancelled(Exception):
    """Raised inside detection when the caller's `cancelled()` hook says stop (the UI's Cancel button)."""


_PUBLIC_PLACE_SUBJECT = re.compile(
    r"une ligne par (?:aire|lieu|equipement|point|station|site|appareil|dae|borne|emplacement|etablissement|"
    r"structure|service|arret|parking|fontaine|defibrillateur)"
    r"|(?:aire|lieu|equipement|point de charge|station|site|borne|emplacement|parking|service public|structure|"
    r"etablissement|batiment|local|dae|appareil|arret)s? (?:de|d|du|des|sur|publics?)")
_PLACE_FIELD = re.compile(
    r"(?:adresse|voie|localisation|emplacement|implantation|position|commune|lieu)"
    r"(?: complete| postale| du| de la| de l| des| d)? ?(?:lieu|site|equipement|station|aire|point|borne|"
    r"structure|service|etablissement|appareil|dae|defibrillateur|arret|parking|emplacement|local|batiment|"
    r"installation|salle)")
_PERSON_FIELD = re.compile(r"personne physique|nom de la personne|nom du beneficiaire|nom ou raison sociale")


def schema_evidence(schema, field_name: str | None) -> str | None:
    """What the schema says about a field: 'place' (location of public equipment), 'person', or None.

    The schema's own words are evidence: « Adresse de la station », a schema « une ligne par aire »,
    « ne pas publier le nom d'une personne physique ».
    """
    if schema is None or not field_name:
        return None
    try:
        field = schema.field(field_name)
    except (KeyError, ValueError, AttributeError):
        return None
    text = fold(" ".join([field.name, field.title, field.description]))
    if _PERSON_FIELD.search(text):
        return "person"
    name = header_fold(field.name)
    is_location = re.search(r"(^| )(adr|adresse|voie|nomvoie|localisation|emplacement|implantation|lieu|"
                            r"numero|complement)( |$)", name + " " + fold(field.title))
    if is_location and (_PLACE_FIELD.search(text) or _PUBLIC_PLACE_SUBJECT.search(fold(schema.description or ""))):
        return "place"
    return None


def detect_personal_data(table: pd.DataFrame, mapping: dict[str, str | None] | None = None, *, schema=None,
                         strict: bool = False, progress=None, cancelled=None) -> list[PersonalFinding]:
    """Findings per column (with rows when only some rows are personal).

    mapping: column -> schema field (its description is evidence); strict (the gate): context (a
    « Fonction » column, a table of counts) never switches a detection off; progress(done, total) is
    called after each column; cancelled() -> True stops with `Cancelled` (detection runs in a worker).
    """
    mapping = mapping or {}
    headers, columns = _columns_of(table)
    base = _context(columns, headers)
    unidentified = _unidentified_rows(columns, headers, len(table))
    person_rows = _natural_person_rows(columns, headers, unidentified)
    context = _Context(base.directory, base.aggregate, base.places or _things_named(headers), strict,
                       frozenset(unidentified) if unidentified else None,
                       person_rows is None and _bodies_only(columns, headers),
                       person_rows is None and _persons_only(columns, headers), _holders_persons(columns, headers))
    organisation_rows = _organisation_rows(columns, headers) if person_rows is not None else set()
    findings: list[PersonalFinding] = []
    total = len(columns)
    for done, (column, values) in enumerate(columns.items(), start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        evidence = schema_evidence(schema, mapping.get(column))
        if evidence == "place" and not strict:
            finding = _detect_identifiers_only(str(column), values)
        else:
            header = headers[column]
            if evidence == "person" and not _H_FULLNAME.search(header):
                header = (header + " beneficiaire").strip()
            finding = _detect_column(str(column), header, values, context, person_rows)
        if finding is not None:
            if finding.rows is not None and finding.entity in _CONTACT_ENTITIES:
                finding = _widen_to_unknown_rows(finding, values, person_rows, organisation_rows)
            if finding.rows is None or finding.rows:
                findings.append(finding)
        if progress is not None:
            progress(done, total)
    findings += _birth_places(table, headers, columns, findings)
    findings += _contact_siblings(headers, columns, findings)
    return findings


_RELATION_NAMED = re.compile(r"\w\s*:\s*\S")
_H_BIRTH_PLACE = re.compile(r"^(?:lieu|a|ne a|nee a|ne e a|ville|commune|localite|pays|departement|dept)$|"
                            r"(^| )(lieu de naissance|commune de naissance|ville de naissance|pays de naissance|"
                            r"lieu naiss|naissance lieu)( |$)")


def _birth_places(table: pd.DataFrame, headers: dict, columns: dict, findings: list) -> list[PersonalFinding]:
    """« Né(e) le … à … »: the place written beside a birth date (« Lieu », « à », « Ville ») is a person's
    birth place (with the date, it identifies)."""
    done = {f.column for f in findings}
    births = [f.column for f in findings if f.entity == "DATE_OF_BIRTH"]
    order = list(table.columns)
    out = []
    for birth in births:
        i = order.index(birth) if birth in order else -1
        for j in (i + 1, i - 1):
            if not 0 <= j < len(order) or order[j] in done or order[j] not in columns:
                continue
            column, values = order[j], columns[order[j]]
            if not _H_BIRTH_PLACE.search(headers[column]) or \
                    values.share(lambda v: any(c.isdigit() for c in v) and not re.search(r"\(\d{2,3}\)", v)) >= 0.3:
                continue
            if len(values.uniques) < 2 or values.share(lambda v: lx.has_organisation_word(fold(v))) >= 0.3:
                continue  # « Mairie, salle des mariages » on every row: where the deed took place
            out.append(PersonalFinding(str(column), "OTHER_PERSONAL", "Lieux de naissance, écrits à côté de la date "
                                       "de naissance.", examples=values.series.head(3).tolist()))
            done.add(column)
    return out


def _contact_siblings(headers: dict, columns: dict, findings: list) -> list[PersonalFinding]:
    """« Contact 1 » beside a « Contact 2 » found personal: the same family of columns holds the same kind of
    contact (a parent's phone the other column spells with a lost leading 0)."""
    done = {f.column for f in findings}
    out = []
    for finding in findings:
        if finding.entity not in ("PHONE_NUMBER", "EMAIL_ADDRESS") or finding.rows is not None:
            continue
        family = re.sub(r"\d+", "#", headers[finding.column]) if finding.column in headers else ""
        if "#" not in family:
            continue
        for column, values in columns.items():
            if column in done or re.sub(r"\d+", "#", headers[column]) != family:
                continue
            test = (lambda v: _phone_kind(v) is not None) if finding.entity == "PHONE_NUMBER" else \
                (lambda v: bool(_EMAIL.match(v.strip().lower())))
            if values.share(test) >= 0.3:
                out.append(PersonalFinding(str(column), finding.entity, finding.reason,
                                           examples=values.series.head(3).tolist()))
                done.add(column)
    return out


_CONTACT_ENTITIES = ("ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE")


def _organisation_rows(columns: dict, headers: dict) -> set[int]:
    """Rows whose name column names an organisation by positive evidence (legal form, body's word)."""
    rows: set[int] = set()
    for column, values in columns.items():
        if _name_column(headers[column], values):
            rows |= set(values.rows(lambda v: (is_legal_person(v) or _brand_like(v)) and not _person_row(v)))
    return rows


def _brand_like(value: str) -> bool:
    """« Enedis », « Keolis », « SAUR »: one word that no list knows as a first name or a surname — a company's
    name, not a person's (a person is named with at least a surname the lists know, or a first name)."""
    words = value.strip().split()
    return len(words) == 1 and len(words[0]) >= 3 and words[0].isalpha() and words[0][:1].isupper() and \
        not lx.is_first_name(words[0]) and not lx.is_surname(words[0])


def _widen_to_unknown_rows(finding: PersonalFinding, values: "_Values", person_rows: set[int] | None,
                           organisation_rows: set[int]) -> PersonalFinding:
    """A contact found on some rows only: kept on organisations' rows (positively recognised as such, or
    functional mailboxes), treated on the others — persons' rows and rows nobody could tell about."""
    if person_rows is not None:
        unknown = {int(i) for i in values.index} - organisation_rows - person_rows
        if finding.entity == "EMAIL_ADDRESS":  # a functional mailbox (contact@) is nobody's
            unknown -= set(values.rows(lambda v: bool(_functional_local(v.strip().lower().split("@")[0]))))
        finding.rows = sorted(set(finding.rows) | unknown)
    finding.split = True
    return finding


def _columns_of(table: pd.DataFrame) -> tuple[dict, dict]:
    """Folded headers, and each column's non-empty values stripped and factorised once (shared by every
    check that reads the table)."""
    headers = {c: header_fold(c) for c in table.columns}
    columns: dict = {}
    for column in table.columns:
        values = table[column].astype(str).str.strip()
        values = values[(values != "") & (values != "nan")]
        if not values.empty:
            columns[column] = _Values(values)
    return headers, columns


def organisation_row_labels(table: pd.DataFrame) -> set:
    """Index labels of rows whose name column names an organisation (legal form, body's word): their
    mailbox, even on a consumer domain (« …@orange.fr »), is the body's, not a person's."""
    headers, columns = _columns_of(table)
    rows = _organisation_rows(columns, headers)
    for column, values in columns.items():  # « Association », « Structure »: a column naming bodies only
        header = headers[column]
        if _H_ADDRESS.search(header) or _H_EMAIL.search(header) or _H_PHONE.search(header) or \
                _H_FREE_TEXT.search(header) or values.share(lambda v: any(c.isdigit() for c in v)) >= 0.3:
            continue
        if values.share(is_legal_person) >= 0.5 and not values.rows(_person_row):
            rows |= set(values.rows(is_legal_person))
    return rows


def is_nominative_email(value: str) -> bool:
    """« prenom.nom@… »: a person's mailbox even on an organisation's row."""
    return _first_name_dot_surname(value)


def lists_public_roles(table: pd.DataFrame) -> bool:
    """Does the table list people in their public function (a « Fonction » column of offices and posts)?
    Their names may be published on the CRPA D312-1-3 basis — a decision the user records, never assumed."""
    headers, columns = _columns_of(table)
    return _context(columns, headers).directory


def functional_phone_columns(table: pd.DataFrame) -> set[str]:
    """Phone columns of places or bodies (a table of equipment, « Tél. accueil »): their fixed lines are
    the place's, not a person's. Mobiles are never functional here."""
    headers, columns = _columns_of(table)
    context = _context(columns, headers)
    bodies = _bodies_only(columns, headers)
    places = context.places or _things_named(headers)
    out = set()
    for column, values in columns.items():
        header = headers[column]
        if values.share(lambda v: _phone_kind(v) is not None) < 0.5:
            continue
        if _H_PERSONAL_LINE.search(header) or (_H_PERSON.search(header) and not _H_FUNCTIONAL.search(header)
                                                and not bodies):
            continue  # (every row an organisation: a « Contact » column holds their lines)
        mobiles = values.share(lambda v: _phone_kind(v) == "mobile")
        if (_H_FUNCTIONAL.search(header) or places or bodies) and mobiles < 0.5:
            out.add(column)
    return out


def _detect_identifiers_only(column: str, values: "_Values") -> PersonalFinding | None:
    """A public place's address: only checksummed identifiers and personal contacts can make it personal."""
    rows = values.rows(lambda v: bool(identifier_spans(v)) or bool(contact_spans(v)))
    if rows:
        return PersonalFinding(column, "OTHER_PERSONAL", "Un identifiant ou un contact personnel est écrit dans "
                               "un champ d'adresse de lieu public.", rows=rows)
    return None


@dataclass(frozen=True)
class _Context:
    directory: bool  # people listed in their public function (élus, agents): their names are public
    aggregate: bool  # counts (first names and how many): no row is a person
    places: bool  # rows are buildings or equipment: their addresses and phones are public
    strict: bool = False  # the gate: context never switches a detection off
    unidentified: frozenset | None = None  # rows without SIRET nor RNA, where a SIRET/RNA column exists
    bodies: bool = False  # every row is an organisation (a name column of legal persons only)
    persons: bool = False  # every row is a natural person (a column of people's names, no organisation)
    holders_persons: bool = False  # a name column holds only natural persons, whatever other columns say


def _context(columns: dict, headers: dict) -> _Context:
    sensitive = any(_H_SENSITIVE.search(h) or _H_NIR.search(h) or _H_IBAN.search(h) or _H_BIRTH.search(h)
                    for h in headers.values())
    # People listed in their public function: a function column whose values are public offices or posts
    # (« Maire », « Adjointe aux écoles », « Responsable du service technique »), not any « Poste » column.
    directory = not sensitive and any(
        _H_FUNCTION.search(headers[c]) and v.share(_public_role) >= 0.5 for c, v in columns.items())
    counts, full_names = False, False
    for column, values in columns.items():
        if _H_COUNT.search(headers[column]):
            counts |= values.share(str.isdigit) > 0.9
        full_names |= values.share(is_natural_person_name) >= 0.5
    places = sum(bool(_H_PLACE.search(h)) for h in headers.values()) >= 2
    # First names with how many children got them: a statistic, unless people are named in full too.
    return _Context(directory, counts and not full_names and not sensitive, places)


def _free_text(header: str, values: "_Values") -> bool:
    """Sentences under a header that is not a name's (« Détail de la demande », « Compte rendu »): most
    values have 5+ words. Names of places, bodies and lists of people are long too: their header says so."""
    if _H_NAME.search(header) or _H_PERSON.search(header) or _H_FULLNAME.search(header) or \
            _H_FIRST.search(header) or _H_NOT_PERSONAL.search(header) or _H_ADDRESS.search(header):
        return False
    return values.share(lambda v: len(v.split()) >= 5) >= 0.5


def _public_role(value: str) -> bool:
    """« 2e adjointe », « Chef du service technique », « Finances » (a delegation): an office or a service."""
    words = fold(value).split()
    return any(w in lx.public_roles() for w in words) or (1 <= len(words) <= 4 and lx.has_organisation_word(
        " ".join(words)))


_OFFICES = {"maire", "adjoint", "adjointe", "conseiller", "conseillere", "delegue", "deleguee", "officier",
            "president", "presidente", "vice", "depute", "deputee", "senateur", "senatrice", "prefet", "prefete"}


def _named_in_office(value: str) -> bool:
    """« Le Maire, Jean Dupont », « Mme Anne Roux, 2e adjointe » : a name given with its mandate."""
    return bool(_OFFICES & set(fold(value).split()))


# Headers naming who acts for the commune: an élu or an agent in their function (CRPA D312-1-3).
_H_ACTS_STRONG = _rx("sur proposition", "sur proposition de", "propose par", "proposee par", "celebre par",
                     "celebree par", "celebrant", "celebrante", "officiant", "officiante", "preside par",
                     "presidee par", "rapporteur", "rapporteuse", "rapporte par")
_H_ACTS_WEAK = _rx("redacteur", "redactrice", "verbalisateur", "verbalisatrice", "verbalisant", "agent redacteur",
                   "agent instructeur", "instructeur", "instructrice", "intervenant", "intervenante")
# « X par » where X is the citizen's own act (« Demandé par », « Déposé par »): the person is a private party
_CITIZEN_ACTS = re.compile(r"(^| )(demande|deposee?|signalee?|declaree?|sollicitee?|reclamee?|formulee?|"
                           r"introduite?|saisie?|envoyee?|adressee?|achetee?|vendue?|reservee?|louee?|occupee?|"
                           r"payee?|reglee?|versee?|presentee?|emise?|signee?|faite?|ecrite?|portee? plainte|"
                           r"accompagnee?|amenee?|recuperee?|inscrite?|parrainee?|recommandee?)s? par( |$)")


def _role_titled(value: str) -> bool:
    """« Brigadier-chef Lapeyre », « M. le Maire », « Anne Roux, 1re adjointe »: a name given with its office."""
    words = fold(value).split()
    return _named_in_office(value) or bool(words) and words[0] in lx.public_roles()


def _acting_official(header: str, values: "_Values") -> bool:
    """A column naming who acts for the commune: a known header (« Célébré par », « Sur proposition de »), or
    « … par » / an agent's role with values given with their office or a few names repeated down the column
    (the élus or agents of a commune, not the public)."""
    if _H_PERSONAL_LINE.search(header) or _CITIZEN_ACTS.search(header):
        return False
    if _H_ACTS_STRONG.search(header):
        return True
    acting = _H_ACTS_WEAK.search(header) or re.search(r"(^| )[a-z]+(?:e|es|s|ees)? par$", header)
    if not acting:
        return False
    few = len(values) >= 6 and len(values.uniques) <= max(4, 0.25 * len(values))
    return values.share(_role_titled) >= 0.3 or few


def _natural_or_sole_trader(value: str) -> bool:
    return is_natural_person_name(value) or is_sole_trader(value)


OCCULTED_PERSON = "Personne physique"  # what replacement leaves: the row is still a person's


def _person_row(value: str) -> bool:
    return value == OCCULTED_PERSON or _natural_or_sole_trader(value)


_RNA = re.compile(r"^W\d{9}$", re.I)


def _unidentified_rows(columns: dict, headers: dict, n_rows: int) -> set[int] | None:
    """Rows with neither SIRET nor RNA, in a table that has such identifiers (a subsidy, a supplier list).

    A beneficiary without any is most likely a natural person: its name must be looked at closely.
    """
    id_columns = [c for c, v in columns.items()
                  if (_H_SIRET.search(headers[c]) or re.search(r"(^| )rna( |$)", headers[c])
                      or v.share(lambda x: is_valid_siret(_digits(x)) or bool(_RNA.match(x.strip()))) >= 0.5)
                  and not _H_PRODUCER.search(headers[c]) and len(v.uniques) > 1]
    if not id_columns:
        return None
    identified: set[int] = set()
    for c in id_columns:
        identified.update(int(i) for i in columns[c].index)
    return set(range(n_rows)) - identified


def _beneficiary_like(header: str) -> bool:
    return bool(_H_PERSON.search(header) or _H_FULLNAME.search(header) or _H_NAME.search(header)
                or re.search(r"(^| )(raison sociale|denomination|organisme)( |$)", header))


_THING_NAME = re.compile(r"^(?:nom|denomination|designation|libelle|intitule)( de la| du| de l| des| de| d)? "
                         r"([a-z]+)")
_NAME_QUALIFIERS = {"famille", "naissance", "usage", "jeune", "epouse", "epoux", "mari", "marital", "usuel"}


def _thing_name_header(header: str) -> bool:
    """« Nom de la fontaine », « Nom du lieu », « Dénomination de l'association »: a thing's or a body's name,
    not « Nom du demandeur », « Nom de famille », « Nom de l'enfant »."""
    m = _THING_NAME.match(header)
    return bool(m) and m.group(1) is not None and m.group(2) not in _NAME_QUALIFIERS and \
        not _H_PERSON.search(m.group(2)) and not _H_FULLNAME.search(header) and not _H_FIRST.search(header)


def _things_named(headers: dict) -> bool:
    """Rows are things or bodies named in a « Nom de la … » column, and no column names a person."""
    return any(_thing_name_header(h) for h in headers.values()) and not any(
        _H_PERSON.search(h) or _H_FULLNAME.search(h) or _H_FIRST.search(h) or
        (_H_NAME.search(h) and not _thing_name_header(h)) for h in headers.values())


_H_BODY_PLACE = _rx("etablissement", "siege", "entreprise", "societe", "structure", "association", "organisme",
                    "equipement", "salle", "mairie", "commune", "site", "local", "batiment", "gymnase", "stade",
                    "piscine", "exploitation", "commerce", "magasin", "boutique", "agence", "cabinet", "usine")


def _persons_only(columns: dict, headers: dict) -> bool:
    """A column of natural persons' names without organisations: every row is a person."""
    for column, values in columns.items():
        if _name_column(headers[column], values) and values.share(_person_row) >= 0.6 and \
                values.share(is_legal_person) < 0.05:
            return True
    return False


_H_REPRESENTATIVE = _rx("president", "presidente", "responsable", "contact", "referent", "referente",
                        "secretaire", "tresorier", "tresoriere", "membre", "membres", "interlocuteur", "correspondant",
                        "representant", "dirigeant", "gerant", "gerante", "signataire")


def _holders_persons(columns: dict, headers: dict) -> bool:
    """The rows' holders are all natural persons (market traders, childminders): a column of persons' names
    that is not a body's representative (« Président »), and no column naming bodies beside it."""
    holder = False
    for column, values in columns.items():
        header = headers[column]
        if _name_column(header, values) and values.share(_person_row) >= 0.6 and \
                values.share(is_legal_person) < 0.05 and not _H_REPRESENTATIVE.search(header):
            holder = True
        elif _name_column(header, values) and values.share(is_legal_person) >= 0.3:
            return False  # « Nom de l'association » beside « Président » : the SIRET is the body's
    return holder


# columns of kinds and makes: « Renault », « Mercedes », « Clio » there are no first names
_H_KIND = _rx("marque", "marques", "modele", "modeles", "couleur", "type", "categorie", "race", "espece", "genre",
              "variete", "essence", "nature", "gamme", "version")


def _bodies_only(columns: dict, headers: dict) -> bool:
    """A column naming the rows' subject whose values are all organisations, and no column of people's names:
    the rows are bodies (not a school attended by the child a row is about)."""
    if any(_H_FIRST.search(h) for h in headers.values()) or any(
            v.share(_person_row) >= 0.3 or v.share(is_first_name_value) >= 0.5 and not _H_KIND.search(headers[c])
            for c, v in columns.items()):
        return False
    for column, values in columns.items():
        header = headers[column]
        if _H_ADDRESS.search(header) or _H_EMAIL.search(header) or _H_PHONE.search(header) or len(values) < 3:
            continue
        if values.share(lambda v: bool(_STREET.match(v)) or any(c.isdigit() for c in v)) >= 0.3:
            continue
        if values.share(is_legal_person) >= 0.75 and not values.rows(_person_row):
            return True
    return False


def _name_column(header: str, values: "_Values") -> bool:
    """A column that names the row's subject (a person or a body), not one of its attributes."""
    if _H_ADDRESS.search(header) or _H_EMAIL.search(header) or _H_PHONE.search(header) or \
            _H_FREE_TEXT.search(header) or _H_FUNCTION.search(header) or _thing_name_header(header):
        return False
    attribute = values.share(lambda v: bool(_STREET.match(v) or _EMAIL.match(v.lower()) or
                                            any(c.isdigit() for c in v)))
    return attribute < 0.3 and (_beneficiary_like(header) or values.share(_person_row) >= 0.05)


def _natural_person_rows(columns: dict, headers: dict, unidentified: set[int] | None) -> set[int] | None:
    """Rows describing a natural person, from a name column mixing people and organisations."""
    best: set[int] | None = None
    for column, values in columns.items():
        header = headers[column]
        if _H_NOT_PERSONAL.search(header) and not _beneficiary_like(header):
            continue
        if _H_IDENTIFIER.search(header) and values.share(lambda v: any(c.isdigit() for c in v)) >= 0.5:
            continue
        if not _name_column(header, values):
            continue  # addresses, contacts, dates, classes: their words say nothing about who a row is
        if _H_PRODUCER.search(header) or len(values.uniques) < 2:
            continue  # the giver, or one name on every row: no mix of people and bodies to split
        legal = values.share(is_legal_person)
        natural = set(values.rows(_person_row)) | _shaped_person_rows(header, values, unidentified)
        if unidentified and _beneficiary_like(header):
            natural |= {r for r in values.rows(_lenient_person_name) if r in unidentified}
        if natural and legal >= 0.1 and len(natural) >= 0.05 * len(values):
            if best is None or len(natural) > len(best):
                best = natural
    return best


_LOST_ZERO = re.compile(r"[1-79]\d{8}")  # « 612345678 »: a French number whose leading 0 a spreadsheet dropped


def _phone_column_by_values(values: "_Values") -> bool:
    """Phones under any header (« Contact »): most values written as phones (0… or +…); those a spreadsheet
    turned into 9-digit numbers count too once the written ones are the majority (alone, 9-digit numbers are
    codes)."""
    def written(v: str) -> bool:
        return bool(_FR_PHONE_SHAPE.match(v.strip())) and v.strip().startswith(("0", "+"))

    share = _share(values, written)
    if share >= 0.7:
        return True
    return share >= 0.5 and _share(values, lambda v: written(v) or bool(_LOST_ZERO.fullmatch(v.strip()))) >= 0.7


def _detect_column(column: str, header: str, values: "_Values", context: _Context,
                   person_rows: set[int] | None) -> PersonalFinding | None:
    function_table = context.directory
    series = values.series
    examples = series.head(3).tolist()

    def found(entity: str, reason: str, rows: list[int] | None = None) -> PersonalFinding:
        return PersonalFinding(column, entity, reason, rows=rows, examples=examples if rows is None else
                               series.loc[rows[:3]].tolist())

    # Checksums and formats first: they do not depend on the header.
    if _share(values, _is_nir) >= 0.5:
        return found("FR_NIR", "Numéros de sécurité sociale (NIR) dont la clé de contrôle est juste.")
    if _share(values, _is_iban) >= 0.5 and not _H_FUNCTIONAL.search(header):
        if context.bodies and person_rows is None:
            return None  # every row an organisation: their bank details are not personal data
        if person_rows is not None:  # persons among organisations: the persons' IBANs (and unknown rows)
            rows = [int(i) for i in values.index if i in person_rows]
            return found("IBAN_CODE", "IBAN de personnes physiques (clé de contrôle juste).", rows=rows)
        return found("IBAN_CODE", "Numéros IBAN valides (clé de contrôle juste) : coordonnées bancaires.")
    if _H_PLATE.search(header) or _share(values, lambda v: _PLATE.match(v.upper())) >= 0.7:
        if _share(values, lambda v: _PLATE.match(v.upper().strip())) >= 0.5:
            return found("FR_LICENSE_PLATE", "Plaques d'immatriculation : elles désignent leur propriétaire.")
    if _H_EMAIL.search(header) or _share(values, lambda v: _EMAIL.match(v.lower())) >= 0.7:
        if context.bodies and person_rows is None and values.share(_first_name_dot_surname) < 0.3:
            return None  # every row is an organisation: its mailbox, even on a consumer domain, is the body's
        personal = _rows(values, _is_personal_email)
        if values.share(lambda v: _is_personal_email(v) or _is_initial_surname_email(v)) >= 0.6 and \
                person_rows is None and not _H_FUNCTIONAL.search(header):
            nominative = _rows(values, lambda v: not _functional_local(v.strip().lower().split("@")[0]))
            if len(nominative) < len(values):  # contact@, direction@ beside them: organisations' mailboxes
                return found("EMAIL_ADDRESS", f"{len(nominative)} adresse(s) e-mail nominatives parmi des "
                             "adresses génériques.", rows=nominative)
            return found("EMAIL_ADDRESS", "Adresses e-mail nominatives (initiale et nom, ou prénom.nom).")
        if person_rows is not None:  # organisations' mailboxes are functional, even on a consumer domain
            personal = [r for r in personal if r in person_rows]
        named = _rows(values, _first_name_dot_surname)
        if _H_FUNCTIONAL.search(header) and len(named) >= 0.5 * len(values):
            # « Courriel mairie » holding prenom.nom@commune.fr: on the commune's domain, still a person's
            if len(named) >= 0.8 * len(values):
                return found("EMAIL_ADDRESS", "Adresses e-mail nominatives (prénom.nom@…).")
            return found("EMAIL_ADDRESS", f"{len(named)} adresse(s) e-mail nominatives (prénom.nom@…).", rows=named)
        if personal and not _H_FUNCTIONAL.search(header):
            if len(personal) >= 0.8 * len(values):
                return found("EMAIL_ADDRESS", f"{len(personal)} adresse(s) e-mail nominatives (prénom.nom@…).")
            return found("EMAIL_ADDRESS", f"{len(personal)} adresse(s) e-mail nominatives parmi des adresses "
                                          "génériques.", rows=personal)
        return None
    if _H_PHONE.search(header) or _phone_column_by_values(values):
        # without a phone header, 9-digit integers are codes (« N° d'engagement »), not phones that lost their 0
        if values.share(lambda v: _phone_kind(v) is not None) < 0.5:
            return None
        if _H_FUNCTIONAL.search(header) and not _H_PERSON.search(header):
            return None
        mobile_share = values.share(lambda v: _phone_kind(v) == "mobile")
        if context.bodies and person_rows is None and not _H_PERSONAL_LINE.search(header) and mobile_share < 0.5:
            return None  # every row is an organisation: « Contact » holds their landlines
        if person_rows is not None and not _H_PERSONAL_LINE.search(header) and mobile_share < 0.8 and \
                not re.search(r"(^| )(demandeur|petitionnaire|beneficiaire|particulier|personne)( |$)", header):
            # « Contact » beside a name column mixing people and bodies: the split made on the names decides
            rows = [int(i) for i in values.index if i in person_rows]
            return found("PHONE_NUMBER", "Numéros de téléphone de personnes physiques.", rows=rows) if rows else None
        if _H_PERSONAL_LINE.search(header) or (_H_PERSON.search(header) and not _H_FUNCTIONAL.search(header)):
            return found("PHONE_NUMBER", "Numéros de téléphone qui permettent de joindre une personne.")
        if (context.places or context.bodies) and mobile_share < 0.5:
            return None  # fixed lines of places or of bodies (every row an organisation)
        if person_rows is not None and mobile_share < 0.8:
            rows = [int(i) for i in values.index if i in person_rows]
            return found("PHONE_NUMBER", "Numéros de téléphone de personnes physiques.", rows=rows) if rows else None
        if mobile_share >= 0.3 or _H_PERSON.search(header) or "perso" in header or "prive" in header or \
                len(values.uniques) > 0.5 * len(values) and not function_table:
            return found("PHONE_NUMBER", "Numéros de téléphone qui permettent de joindre une personne.")
        return None
    if _H_NIR.search(header) or _H_IBAN.search(header):
        return found("FR_NIR" if _H_NIR.search(header) else "IBAN_CODE",
                     f"L'intitulé « {column} » désigne un identifiant personnel.")
    if _H_OTHER.search(header):
        return found("OTHER_PERSONAL", f"L'intitulé « {column} » désigne un identifiant propre à une personne.")
    if _H_BIRTH.search(header) and _share(values, lambda v: _DATE.match(v)) >= 0.5:
        return found("DATE_OF_BIRTH", "Dates de naissance.")
    if _H_SIRET.search(header) or _share(values, lambda v: is_valid_siret(_digits(v))) >= 0.7:
        if _H_PRODUCER.search(header) or len(values.uniques) == 1:
            return None  # the commune's own SIRET, the same on every row
        if context.holders_persons and _share(values, lambda v: is_valid_siret(_digits(v))) >= 0.5:
            # every row's holder is a natural person (market traders, childminders): every SIRET is theirs
            return found("FR_SIRET_NATURAL_PERSON", "SIRET d'entreprises individuelles : chaque ligne désigne "
                         "une personne physique.")
        if person_rows and _share(values, lambda v: is_valid_siret(_digits(v))) >= 0.5:
            rows = [int(i) for i in values.index if i in person_rows]
            if rows:
                return found("FR_SIRET_NATURAL_PERSON", "SIRET d'entreprises individuelles : ils désignent "
                             "leur exploitant, une personne physique.", rows=rows)
        return None
    street_share = _share(values, lambda v: _STREET.match(v))
    if person_rows is not None and not _H_ADDRESS.search(header) and street_share >= 0.5 and \
            not _H_BODY_PLACE.search(header) and not function_table:
        # « Lieu des travaux » of a works permit: at a person's row, a numbered house (« 12 bis lieu-dit
        # Kerbras », « 4 hameau des Prés ») is that person's home; a square or a road without number is not
        rows = [r for r in values.rows(_HOUSE.match) if r in person_rows]
        return found("ADDRESS", "Adresses du domicile de personnes physiques.", rows=rows) if rows else None
    if (_H_ADDRESS.search(header) and street_share >= 0.3) or _share(values, _HOUSE.match) >= 0.7:
        if _H_FUNCTIONAL.search(header) or _H_NOT_PERSONAL.search(header):
            # a seat's, an establishment's or a place's address (a business address is public) — unless
            # every row is a person and the header names no body (« Lieu d'accueil » of a childminder)
            if not (context.persons and not _H_BODY_PLACE.search(header) and _share(values, _HOUSE.match) >= 0.5):
                return None
        if (context.places and not _H_PERSON.search(header) or context.bodies) and person_rows is None:
            return None  # the building's or the body's address (« Adresse du bénéficiaire »: all are bodies)
        if person_rows is not None:
            rows = [int(i) for i in values.index if i in person_rows]
            return found("ADDRESS", "Adresses de personnes physiques.", rows=rows) if rows else None
        if _H_ADDRESS.search(header) or not function_table:
            return found("ADDRESS", "Adresses postales de personnes (domicile).")
        return None
    # Names.
    if _acting_official(header, values):
        return None  # « Célébré par », « Sur proposition de », « Agent rédacteur »: who acts for the commune
    if context.places and re.fullmatch(r"noms?|appellation|denomination|nom usuel", header) and \
            values.share(lambda v: lx.is_eponym(fold(v)) or lx.contains_eponym(fold(v), multiword=True) or
                         is_legal_person(v)) >= 0.5:
        return None  # a buildings' table: « Jaurès », « Simone Veil » name the buildings, after famous people
    if _H_IDENTIFIER.search(header) and not _H_FULLNAME.search(header.replace(" n ", " ")) \
            and values.share(lambda v: any(c.isdigit() for c in v)) >= 0.5:
        return None  # « rnaBeneficiaire », « n° de dossier du demandeur »: codes, not names
    natural = _rows(values, is_natural_person_name)
    legal = _share(values, is_legal_person)
    if _H_PUBLIC_ROLE.search(header) and not _H_PERSONAL_LINE.search(header) and \
            values.share(_named_in_office) >= 0.5:
        return None  # « Le Maire, Jean Dupont » under « Signé par »: an élu in function (CRPA D312-1-3)
    if (_H_FREE_TEXT.search(header) and not _H_PERSON.search(header)) or _free_text(header, values):
        rows = _rows(values, names_in_text)
        if rows:
            return found("FREE_TEXT_WITH_PERSON", f"{len(rows)} ligne(s) de texte nomment une personne "
                         "(« M. », « Mme »… suivi d'un nom).", rows=rows)
        return None
    if (_H_NOT_PERSONAL.search(header) or _thing_name_header(header) or _H_PRODUCER.search(header)) and \
            not _H_PERSON.search(header) and not _H_FULLNAME.search(header):
        if values.share(lambda v: len(v.split()) >= 5) >= 0.5 and not context.places:
            # « Lieu » of a log written as sentences (« devant le domicile de M. X »): persons named in it
            rows = _rows(values, lambda v: bool(person_spans(v)))
            if rows:
                return found("FREE_TEXT_WITH_PERSON", f"{len(rows)} ligne(s) de texte nomment une personne.",
                             rows=rows)
        return None  # a place's, a body's or the publisher's name (« nomAttribuant »: the commune)
    if not context.strict and (_H_PUBLIC_ROLE.search(header) or context.aggregate or function_table):
        return None
    if context.strict and _H_PUBLIC_ROLE.search(header) and not _H_PERSONAL_LINE.search(header):
        return None  # the column's own header (« Signataire », « Rapporteur »): a person in a public role
    if context.strict and context.aggregate and _H_FIRST.search(header) and not _H_NAME.search(header) \
            and values.share(is_first_name_value) >= 0.5:
        return None  # first names with how many got them, and no other name: a statistic  # an élu or agent in a public role (CRPA D312-1-3); first names with their counts
    bene = _beneficiary_like(header)
    unidentified = context.unidentified if bene else None
    if legal >= 0.1 or unidentified:
        rows = set(values.rows(_natural_or_sole_trader)) | _shaped_person_rows(header, values, context.unidentified)
        if unidentified:
            rows |= {r for r in values.rows(_lenient_person_name) if r in unidentified}
        if rows:
            if len(rows) == len(values):
                return found("PERSON", "Noms de personnes physiques.")
            return found("PERSON", f"{len(rows)} ligne(s) désignent une personne physique (sans SIRET ni RNA, "
                         "ou avec un prénom et un nom), parmi des organismes : son nom ne peut pas être publié.",
                         rows=sorted(rows))
        if legal >= 0.1:
            return None
    lenient_share = values.share(_lenient_person_name)
    if _H_FULLNAME.search(header) and lenient_share >= 0.3:
        return found("PERSON", "Noms et prénoms de personnes physiques.")
    if len(natural) >= 0.5 * len(values):
        return found("PERSON", "Noms et prénoms de personnes physiques.")
    if values.share(lambda v: _RELATION_NAMED.search(v) and is_name_list(v)) >= 0.5:
        return found("PERSON", "Noms de personnes, avec leur lien (« tante : … »).")
    if _H_FIRST.search(header) and values.share(is_first_name_value) >= 0.5:
        if "nom" in header.split():
            return found("PERSON", "Noms et prénoms de personnes physiques.")
        return found("FIRST_NAME", "Prénoms de personnes (avec le reste de la ligne, ils identifient).")
    if _H_PERSON.search(header) or _H_NAME.search(header):
        if lenient_share >= 0.5 or values.share(lambda v: is_name_list(v, lenient=True)) >= 0.5:
            return found("PERSON", "Noms de personnes physiques.")
        if _H_NAME.search(header) and values.share(is_surname_value) >= 0.6:
            if _H_FIRST.search(header):
                return found("PERSON", "Noms et prénoms de personnes physiques.")
            return found("LAST_NAME", "Noms de famille de personnes physiques.")
        if _H_PERSON.search(header) and values.share(is_surname_value) >= 0.6 and legal < 0.1:
            return found("PERSON", "Noms de personnes physiques.")
    return None
