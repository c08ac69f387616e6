"""Plain-French sentences for validation errors: what is wrong, then what to do."""

from __future__ import annotations

from opendata_desktop.core.schemas.model import Field

_TYPE_HINTS = {
    "date": "une date au format AAAA-MM-JJ (par exemple 2024-03-14)",
    "datetime": "une date et heure au format AAAA-MM-JJTHH:MM:SS",
    "time": "une heure au format HH:MM:SS",
    "year": "une année sur 4 chiffres",
    "integer": "un nombre entier, sans espace ni décimale",
    "number": "un nombre avec un point décimal, sans espace ni symbole (par exemple 1234.50)",
    "boolean": "une valeur oui/non",
    "geopoint": "des coordonnées « longitude,latitude »",
    "array": "une liste au format JSON",
}


def _boolean_hint(field: Field) -> str:
    return f"« {field.true_values[0]} » ou « {field.false_values[0]} »"


def describe(code: str, field: Field | None, value: str | None, note: str = "", label: str | None = None) -> str:
    label = f"« {field.label} »" if field else (f"« {label} »" if label else "cette colonne")
    shown = f"« {value} »" if value not in (None, "") else "vide"
    if code == "type-error" and field is not None:
        expected = _boolean_hint(field) if field.type == "boolean" else _TYPE_HINTS.get(field.type, field.type)
        if field.type == "string" and field.format == "uri":
            expected = "une adresse web complète commençant par https://"
        elif field.type == "string" and field.format == "email":
            expected = "une adresse e-mail valide"
        return f"La valeur {shown} de {label} n'est pas valide : il faut {expected}."
    if code == "constraint-error" and field is not None:
        return _constraint_message(field, shown, label, note)
    if code == "missing-label":
        return f"La colonne {label} manque dans le fichier : ajoutez-la (elle peut rester vide si elle est facultative)."
    if code == "extra-label":
        return f"La colonne {label} ne fait pas partie du schéma : retirez-la ou associez-la à un champ."
    if code == "duplicate-label":
        return f"La colonne {label} apparaît deux fois dans le fichier : supprimez ou renommez l'une des deux."
    if code in ("blank-label", "incorrect-label"):
        return f"L'en-tête de {label} est incorrect : donnez-lui le nom exact du champ du schéma."
    if code == "unique-error":
        return f"La valeur {shown} de {label} apparaît plusieurs fois alors qu'elle doit être unique."
    if code == "primary-key":
        return f"La ligne a le même identifiant qu'une autre ({shown}) : chaque identifiant doit être unique."
    if code == "blank-row":
        return "Cette ligne est entièrement vide : supprimez-la."
    if code == "schema-error":
        return (f"La colonne {label} sert d'identifiant (clé primaire) du schéma et manque dans le fichier : "
                "l'unicité des lignes ne peut pas être vérifiée. Ajoutez-la.")
    if code in ("missing-cell", "extra-cell"):
        return "Cette ligne n'a pas le même nombre de cellules que l'en-tête : vérifiez les séparateurs."
    return f"Problème sur {label} ({code}) : {note}".strip()


def _constraint_message(field: Field, shown: str, label: str, note: str) -> str:
    c = field.constraints
    if "required" in note or (shown == "vide" and c.get("required")):
        return f"{label[0].upper() + label[1:]} est obligatoire : cette cellule ne doit pas être vide."
    if "enum" in note and "enum" in c:
        allowed = " ; ".join(f"« {v} »" for v in c["enum"])
        return f"La valeur {shown} de {label} n'est pas autorisée. Valeurs possibles : {allowed}."
    if "pattern" in note and "pattern" in c:
        example = f" (exemple : « {field.example} »)" if field.example else ""
        return f"La valeur {shown} de {label} n'a pas la forme attendue{example}."
    if "maxLength" in note:
        return f"La valeur de {label} est trop longue : {c.get('maxLength')} caractères au plus."
    if "minLength" in note:
        return f"La valeur de {label} est trop courte : {c.get('minLength')} caractères au moins."
    if "minimum" in note:
        return f"La valeur {shown} de {label} est trop petite : le minimum est {c.get('minimum')}."
    if "maximum" in note:
        return f"La valeur {shown} de {label} est trop grande : le maximum est {c.get('maximum')}."
    if "unique" in note:
        return f"La valeur {shown} de {label} apparaît plusieurs fois alors qu'elle doit être unique."
    return f"La valeur {shown} de {label} ne respecte pas les règles du schéma ({note})."
