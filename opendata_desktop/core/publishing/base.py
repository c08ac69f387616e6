"""What every platform adapter (udata, OpenDataSoft, CKAN) offers the rest of the app."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from opendata_desktop.core.errors import PlatformError
from opendata_desktop.core.textnorm import slugify

ProgressCallback = Callable[[int, str], None]  # percent, French message


@dataclass
class PublicationRequest:
    file: Path
    title: str
    description: str
    schema_name: str | None = None
    schema_version: str | None = None
    organization: str | None = None
    dataset_id: str | None = None  # update this dataset instead of creating one
    resource_title: str | None = None
    license: str = "lov2"
    tags: list[str] = field(default_factory=list)
    frequency: str = "annual"
    private: bool = False
    spatial_zones: list[str] = field(default_factory=list)
    temporal_start: str | None = None
    temporal_end: str | None = None
    # A client-chosen identity for the dataset (same publication → same identity). The adapters record
    # it on the platform and look it up before creating and after any failure, so that a retry after a
    # lost reply finds the first dataset instead of creating a second one.
    identity: str | None = None

    def platform_name(self, max_length: int) -> str:
        """The dataset's name on platforms that want a slug (CKAN, OpenDataSoft): the id given, else the
        identity (or the title) in a-z, 0-9, « - » and « _ », cut to the platform's limit."""
        if self.dataset_id:
            return self.dataset_id
        name = re.sub(r"[^a-z0-9_-]+", "-", slugify(self.identity or self.title).lower()).strip("-")
        return (name or "jeu-de-donnees")[:max_length]


@dataclass
class PublicationResult:
    dataset_id: str
    resource_id: str
    url: str  # the dataset's page, to show people
    resource_url: str
    replaced: bool

    def as_dict(self) -> dict:
        return {"dataset_id": self.dataset_id, "resource_id": self.resource_id, "url": self.url,
                "resource_url": self.resource_url, "replaced": self.replaced}


@dataclass
class PublicationPlan:
    """What a publication will do, shown before doing it (dry run)."""

    actions: list[str]  # plain French, one line per change on the platform
    dataset_id: str | None
    resource_id: str | None

    def as_dict(self) -> dict:
        return {"dry_run": True, "actions": self.actions, "dataset_id": self.dataset_id,
                "resource_id": self.resource_id, "replaced": self.resource_id is not None}


@dataclass
class Account:
    name: str
    organizations: list[tuple[str, str]]  # (id, name)
    user_id: str = ""


class Publisher(ABC):
    platform: str
    base_url: str

    @abstractmethod
    def check_connection(self) -> Account:
        """Who the key belongs to and which organisations it may publish for."""

    @abstractmethod
    def plan(self, request: PublicationRequest) -> PublicationPlan:
        """What `publish` would do, without writing anything."""

    @abstractmethod
    def publish(self, request: PublicationRequest, progress: ProgressCallback | None = None,
                on_dataset: Callable[[str], None] | None = None) -> PublicationResult:
        """`on_dataset` is told the dataset id as soon as it exists (before the upload), so that a
        failed upload is retried into the same dataset, never a duplicate."""

    def require_organization(self, account: Account, organization: str | None) -> None:
        if organization and organization not in {o for o, _ in account.organizations}:
            names = ", ".join(n for _, n in account.organizations) or "aucune"
            raise PlatformError(
                "Ce compte n'a pas les droits sur l'organisation indiquée.",
                f"Organisations de ce compte : {names}. Demandez à l'administrateur de l'organisation de vous ajouter.")
