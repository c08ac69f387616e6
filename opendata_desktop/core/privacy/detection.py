"""Find columns and rows that identify natural persons, before anything is published.

CRPA L312-1-2: personal data must be occulted before publication. This detector is deterministic
and offline. It looks at headers (French words), at values (civilité before a name, mobile phone
numbers, personal e-mail addresses) and at what the schema says a field may hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
import phonenumbers

from opendata_desktop.core.textnorm import fold

ENTITY_LABELS = {
    "PERSON": "nom de personne",
    "PHONE_NUMBER": "numéro de téléphone",
    "EMAIL_ADDRESS": "adresse e-mail",
    "ADDRESS": "adresse postale",
    "DATE_OF_BIRTH": "date de naissance",
    "FR_NIR": "numéro de sécurité sociale",
    "IBAN_CODE": "coordonnées bancaires (IBAN)",
}

# Folded header words -> entity. Checked as whole words of the folded header.
_HEADER_WORDS: list[tuple[tuple[str, ...], str]] = [
    (("date de naissance", "ne le", "nee le", "naissance"), "DATE_OF_BIRTH"),
    (("securite sociale", "nir", "insee personne"), "FR_NIR"),
    (("iban", "rib", "bic"), "IBAN_CODE"),
    (("telephone", "tel", "portable", "mobile", "gsm"), "PHONE_NUMBER"),
    (("email", "e mail", "mail", "courriel"), "EMAIL_ADDRESS"),
    (("adresse", "domicile"), "ADDRESS"),
    (("nom", "prenom", "nom prenom", "gardien", "agent", "demandeur", "locataire", "titulaire",
      "responsable", "contact", "habitant", "administre"), "PERSON"),
]

_CIVILITE = re.compile(r"^\s*(m|mr|mme|mlle|monsieur|madame|mademoiselle|m et mme)\.?\s+\S", re.IGNORECASE)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_GENERIC_MAILBOX = re.compile(
    r"^(mairie|contact|accueil|secretariat|info|infos|communication|sports?|culture|ecole|"
    r"services?|technique|urbanisme|etat-?civil|cantine|periscolaire|bibliotheque|mediatheque|"
    r"direction|dgs|rh|compta\w*|noreply|no-reply|webmaster|admin\w*)\b")

# Fields that may name a natural person on some rows (the rest of the column is an organisation).
_ROW_LEVEL_FIELDS = {"nombeneficiaire"}


@dataclass
class PersonalFinding:
    column: str
    entity: str
    reason: str  # plain French: why this was flagged (never the values themselves)
    rows: list[int] | None = None  # None: the whole column
    examples: list[str] = field(default_factory=list, repr=False)  # for the on-screen preview only

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)


def _header_entity(header: str) -> str | None:
    words = f" {fold(header)} "
    for keys, entity in _HEADER_WORDS:
        if any(f" {k} " in words for k in keys):
            return entity
    return None


def _is_mobile(value: str) -> bool:
    digits = re.sub(r"[\s.\-/]", "", value)
    if not digits or not re.fullmatch(r"\+?\d{9,15}", digits):
        return False
    try:
        number = phonenumbers.parse(digits, "FR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


def _is_personal_email(value: str) -> bool:
    value = value.strip().lower()
    if not _EMAIL.match(value):
        return False
    local = value.split("@", 1)[0]
    return not _GENERIC_MAILBOX.match(local) and ("." in local or "-" in local or "_" in local)


def detect_personal_data(table: pd.DataFrame, mapping: dict[str, str | None] | None = None
                         ) -> list[PersonalFinding]:
    mapping = mapping or {}
    findings: list[PersonalFinding] = []
    for column in table.columns:
        values = table[column].astype(str).str.strip()
        filled = values[values != ""]
        if filled.empty:
            continue
        target = (mapping.get(column) or "").lower()
        civilite = filled[filled.str.match(_CIVILITE)]
        if target in _ROW_LEVEL_FIELDS or (len(civilite) and len(civilite) < 0.8 * len(filled)):
            if len(civilite):
                findings.append(PersonalFinding(
                    column, "PERSON",
                    f"{len(civilite)} ligne(s) désignent une personne (civilité « M. », « Mme »…) : "
                    "son nom ne peut pas être publié.",
                    rows=[int(i) for i in civilite.index], examples=civilite.head(3).tolist()))
            continue
        mobiles = filled[filled.map(_is_mobile)]
        if len(mobiles) >= max(1, 0.3 * len(filled)):
            findings.append(PersonalFinding(
                column, "PHONE_NUMBER",
                f"{len(mobiles)} numéro(s) de téléphone portable : ce sont des numéros personnels.",
                examples=mobiles.head(3).tolist()))
            continue
        emails = filled[filled.map(_is_personal_email)]
        if len(emails) >= max(1, 0.3 * len(filled)):
            findings.append(PersonalFinding(
                column, "EMAIL_ADDRESS",
                f"{len(emails)} adresse(s) e-mail nominatives (prénom.nom@…).",
                examples=emails.head(3).tolist()))
            continue
        if len(civilite) >= 0.8 * len(filled):
            findings.append(PersonalFinding(
                column, "PERSON", "La colonne contient des noms de personnes (civilité « M. », « Mme »…).",
                examples=civilite.head(3).tolist()))
            continue
        entity = _header_entity(str(column))
        if entity and not target:
            findings.append(PersonalFinding(
                column, entity,
                f"L'intitulé « {column} » désigne habituellement un(e) {ENTITY_LABELS[entity]}.",
                examples=filled.head(3).tolist()))
    return findings
