"""Publishing as a whole: checks first, the platform adapter, the journal, and the outbox."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from opendata_desktop.core.credentials import get_api_key
from opendata_desktop.core.errors import PlatformError, UsageError
from opendata_desktop.core.metadata import suggest_metadata
from opendata_desktop.core.publication import PublicationCheck, check_file
from opendata_desktop.core.publishing import journal
from opendata_desktop.core.publishing.base import PublicationPlan, PublicationRequest, PublicationResult, Publisher
from opendata_desktop.core.reading import ReadOptions, open_table

PLATFORMS = ("udata", "ods", "ckan")


def make_publisher(platform: str, url: str, api_key: str | None = None) -> Publisher:
    key = api_key or get_api_key(url)
    if not key:
        raise UsageError("Aucune clé d'API n'est enregistrée pour cette plateforme.",
                         "Enregistrez-la dans l'application (étape Publication), ou définissez la variable "
                         "d'environnement OPENDATA_DESKTOP_API_KEY. Ne la mettez jamais sur la ligne de commande.")
    if platform == "udata":
        from opendata_desktop.core.publishing.udata import UdataPublisher

        return UdataPublisher(url, key)
    if platform == "ods":
        from opendata_desktop.core.publishing.ods import OdsPublisher

        return OdsPublisher(url, key)
    if platform == "ckan":
        from opendata_desktop.core.publishing.ckan import CkanPublisher

        return CkanPublisher(url, key)
    raise UsageError(f"Plateforme « {platform} » inconnue.", "Choisissez udata, ods ou ckan.")


def request_for(path: Path, schema, title: str | None = None, organization: str | None = None,
                dataset_id: str | None = None, private: bool = False) -> PublicationRequest:
    """Metadata prefilled from the file and its schema: title, description, tags, temporal coverage."""
    frame = open_table(path, ReadOptions(header_row=1)).data
    if schema is not None:
        meta = suggest_metadata(frame, schema)
        title, description, tags = title or meta.title, meta.description, meta.tags
        start, end = meta.temporal_start, meta.temporal_end
    else:
        title, description, tags, start, end = title or path.stem, f"Fichier {path.name}.", [], None, None
    return PublicationRequest(file=path, title=title, description=description,
                              schema_name=schema.name if schema else None,
                              schema_version=schema.version if schema else None, organization=organization,
                              dataset_id=dataset_id, tags=tags, private=private, temporal_start=start,
                              temporal_end=end)


def publish_checked(publisher: Publisher, request: PublicationRequest, platform_url: str, schema=None,
                    dry_run: bool = False, progress: Callable[[int, str], None] | None = None,
                    overrides: dict[str, str] | None = None) -> PublicationResult | PublicationPlan:
    """Validate and gate the exact file, then publish (or plan); journal every outcome."""
    check: PublicationCheck | None = check_file(request.file, schema, overrides) if schema is not None else None
    if check is not None and not check.passed:
        raise check.refusal()
    if check is None:
        from opendata_desktop.core.privacy.gate import scan_file

        gate = scan_file(request.file, None, overrides)
        if not gate.passed:
            raise gate.refusal()
    key = journal.publication_key(Path(request.file).name, request.schema_name, platform_url)
    if request.dataset_id is None:
        request.dataset_id = journal.known_dataset(key)  # the same publication updates the same dataset
    if dry_run:
        return publisher.plan(request)

    def started(dataset_id: str) -> None:
        journal.record({"event": "dataset", "key": key, "platform": publisher.platform, "url": platform_url,
                        "dataset_id": dataset_id})

    try:
        result = publisher.publish(request, progress, on_dataset=started)
    except PlatformError as exc:
        journal.record({"event": "failed", "key": key, "platform": publisher.platform, "url": platform_url,
                        "file": Path(request.file).name, "error": exc.message})
        raise
    journal.record({"event": "published", "key": key, "platform": publisher.platform, "url": platform_url,
                    "file": Path(request.file).name, "dataset_id": result.dataset_id,
                    "resource_id": result.resource_id, "dataset_url": result.url, "replaced": result.replaced,
                    "schema": request.schema_name})
    return result
