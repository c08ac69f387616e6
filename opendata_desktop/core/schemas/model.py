"""A Table Schema as the app uses it, loaded leniently.

Published schemas carry non-standard keys, non-slug names and patterns on dates; strict loaders
refuse them whole. Here every field is kept, unknown keys are ignored, and `frictionless_descriptor`
hands frictionless a cleaned copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_TS_FIELD_KEYS = {"name", "title", "description", "type", "format", "constraints", "trueValues",
                  "falseValues", "bareNumber", "decimalChar", "groupChar", "arrayItem", "missingValues"}
_TYPES_WITHOUT_PATTERN = {"date", "datetime", "time", "year", "yearmonth", "number", "integer", "boolean"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    title: str = ""
    description: str = ""
    format: str = "default"
    constraints: dict = field(default_factory=dict)
    true_values: tuple[str, ...] = ("true", "True", "TRUE", "1")
    false_values: tuple[str, ...] = ("false", "False", "FALSE", "0")
    example: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def label(self) -> str:
        """What people read: the French title when there is one, else the technical name."""
        return self.title or self.name

    @classmethod
    def from_descriptor(cls, data: dict) -> "Field":
        example = data.get("example", data.get("examples", ""))
        if isinstance(example, list):
            example = example[0] if example else ""
        kwargs: dict[str, Any] = dict(
            name=str(data["name"]),
            type=str(data.get("type", "string")),
            title=str(data.get("title") or ""),
            description=str(data.get("description") or ""),
            format=str(data.get("format") or "default"),
            constraints=dict(data.get("constraints") or {}),
            example=str(example),
            raw=dict(data),
        )
        if "trueValues" in data:
            kwargs["true_values"] = tuple(str(v) for v in data["trueValues"])
        if "falseValues" in data:
            kwargs["false_values"] = tuple(str(v) for v in data["falseValues"])
        return cls(**kwargs)

    def frictionless_descriptor(self) -> dict:
        desc = {k: v for k, v in self.raw.items() if k in _TS_FIELD_KEYS}
        constraints = dict(desc.get("constraints") or {})
        if self.type in _TYPES_WITHOUT_PATTERN:
            constraints.pop("pattern", None)
        if constraints:
            desc["constraints"] = constraints
        else:
            desc.pop("constraints", None)
        return desc


def is_scdl_name(name: str) -> bool:
    """Part of the Socle Commun des Données Locales (the other national schemas are not)."""
    return name.startswith("scdl/")


@dataclass(frozen=True)
class Schema:
    name: str  # catalogue name, e.g. "scdl/subventions"
    version: str  # catalogue version_name
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    custom_checks: tuple[dict, ...] = ()
    missing_values: tuple[str, ...] = ("",)
    primary_key: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    file_name: str = ""  # the "nom-du-fichier" part of the SCDL file name
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    source_path: str = ""  # a local schema's file (what a project remembers to reopen it)

    @property
    def is_local(self) -> bool:
        return bool(self.source_path)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def required_fields(self) -> list[Field]:
        return [f for f in self.fields if f.required]

    @property
    def is_scdl(self) -> bool:
        return is_scdl_name(self.name)

    @property
    def display_name(self) -> str:
        return f"{self.title} ({self.name} {self.version})"

    @classmethod
    def from_descriptor(cls, data: dict, name: str, version: str, *, tags=(), file_name="",
                        source_path="") -> "Schema":
        raw_fields = data.get("fields") if isinstance(data, dict) else None
        fields = tuple(Field.from_descriptor(f) for f in (raw_fields if isinstance(raw_fields, list) else [])
                       if isinstance(f, dict) and f.get("name"))
        primary = data.get("primaryKey") or ()
        if isinstance(primary, str):
            primary = (primary,)
        return cls(
            name=name,
            version=version,
            title=str(data.get("title") or name),
            description=str(data.get("description") or ""),
            fields=fields,
            custom_checks=tuple(data.get("custom_checks") or ()),
            missing_values=tuple(str(v) for v in data.get("missingValues", [""])),
            primary_key=tuple(primary),
            tags=tuple(tags),
            file_name=file_name or name.rsplit("/", 1)[-1],
            raw=dict(data),
            source_path=str(source_path),
        )

    def frictionless_descriptor(self) -> dict:
        desc: dict[str, Any] = {
            "fields": [f.frictionless_descriptor() for f in self.fields],
            "missingValues": list(self.missing_values),
        }
        if self.primary_key:
            desc["primaryKey"] = list(self.primary_key)
        return desc
