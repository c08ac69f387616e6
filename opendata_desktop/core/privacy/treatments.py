"""The treatments offered for each personal-data finding, as operations on the document."""

from __future__ import annotations

from dataclasses import dataclass

from opendata_desktop.core.operations import DropColumn, DropRows, Operation, ReplaceCells, SetCells
from opendata_desktop.core.privacy.operators import occult_names
from opendata_desktop.core.privacy.detection import PersonalFinding

NATURAL_PERSON = "Personne physique"


@dataclass(frozen=True)
class Treatment:
    key: str
    label: str  # plain French, shown in the list

    def operation(self, finding: PersonalFinding, document) -> Operation | None:
        n_rows = len(document.table)
        if self.key == "drop-rows":
            return DropRows(list(finding.rows or []), reason="personnes physiques")
        if self.key == "replace-rows":
            return ReplaceCells(finding.column, list(finding.rows or []), NATURAL_PERSON,
                                reason="occultation des noms de personnes physiques")
        if self.key == "replace-all":
            return ReplaceCells(finding.column, list(range(n_rows)), NATURAL_PERSON,
                                reason="occultation des noms de personnes physiques")
        if self.key == "blank":
            return ReplaceCells(finding.column, list(range(n_rows)), "", reason="effacement des données personnelles")
        if self.key == "drop":
            return DropColumn(finding.column, reason="donnée personnelle")
        if self.key == "occult":
            rows = list(finding.rows or range(n_rows))
            values = [occult_names(str(document.table.at[r, finding.column])) for r in rows]
            return SetCells(finding.column, rows, values, "noms occultés dans le texte", converter="privacy-occult")
        return None


KEEP = Treatment("keep", "Ne rien faire (ce n'est pas une donnée personnelle)")


def treatments_for(finding: PersonalFinding, target_field: str | None, required: bool) -> list[Treatment]:
    """Proposals, the recommended one first."""
    if finding.entity == "FREE_TEXT_WITH_PERSON" and target_field is not None:
        return [Treatment("occult", "Occulter les noms dans le texte (« à [occulté] »), garder le reste"), KEEP]
    if target_field is None:  # not published anyway: remove it from the project altogether
        return [Treatment("drop", "Retirer la colonne du projet (elle ne sera jamais publiée)"),
                Treatment("keep", "Laisser la colonne (elle n'est associée à aucun champ : non publiée)")]
    if finding.rows is not None:
        # Leaving the rows out is the safe default: a natural person's aid has no SIRET nor RNA either,
        # so even anonymised the row would fail the schema (one-of-required).
        return [Treatment("drop-rows", "Ne pas publier ces lignes (aides à des personnes physiques)"),
                Treatment("replace-rows", f"Remplacer le nom par « {NATURAL_PERSON} » sur ces lignes"), KEEP]
    if required:
        return [Treatment("replace-all", f"Remplacer toutes les valeurs par « {NATURAL_PERSON} »"), KEEP]
    return [Treatment("blank", "Vider la colonne avant publication"),
            Treatment("drop", "Retirer la colonne du projet"), KEEP]
