"""Publishing as a whole: checks first, the platform adapter, the journal, and the outbox."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from opendata_desktop.core.credentials import get_api_key
from opendata_desktop.core.errors import PlatformError, UsageError
from opendata_desktop.core.publication import PublicationCheck, check_file
from opendata_desktop.core.publishing import journal
from opendata_desktop.core.publishing.base import PublicationPlan, PublicationRequest, PublicationResult, Publisher
from opendata_desktop.core.publishing.profiles import PLATFORMS, profile_for
from opendata_desktop.core.publishing.request import build_request

__all__ = ["PLATFORMS", "make_publisher", "publish_checked", "request_for", "build_request"]


def make_publisher(platform: str | None, url: str, api_key: str | None = None) -> Publisher:
    """The adapter for this address. Without `platform`, the software is detected from the address
    (known profiles first, then one public request per software; the key is not sent for that)."""
    from opendata_desktop.core.publishing.http import platform_address

    url = platform_address(url)
    key = api_key or get_api_key(url)
    if not key:
        raise UsageError("Aucune clé d'API n'est enregistrée pour cette plateforme.",
                         "Enregistrez-la dans l'application (étape Publication), ou définissez la variable "
                         "d'environnement OPENDATA_DESKTOP_API_KEY. Ne la mettez jamais sur la ligne de commande.")
    profile = profile_for(url)
    if not platform:
        if profile is not None and profile.software:
            platform = profile.software
        else:
            from opendata_desktop.core.publishing.detect import detect_platform

            found = detect_platform(url)
            platform, url = found.software, found.url
    if platform == "udata":
        from opendata_desktop.core.publishing.udata import UdataPublisher

        return UdataPublisher(url, key)
    if platform == "ods":
        from opendata_desktop.core.publishing.ods import OdsPublisher

        return OdsPublisher(url, key)
    if platform == "ckan":
        from opendata_desktop.core.publishing.ckan import CkanPublisher

        return CkanPublisher(url, key, max_upload_mb=profile.max_upload_mb if profile else None)
    raise UsageError(f"Plateforme « {platform} » inconnue.", "Choisissez udata, ods ou ckan.")


def request_for(path: Path, schema, title: str | None = None, organization: str | None = None,
                dataset_id: str | None = None, private: bool = False, insee: str | None = None) -> PublicationRequest:
    """Kept for callers of the first version: the one builder is `build_request`."""
    return build_request(path, schema, title=title, organization=organization, dataset_id=dataset_id,
                         private=private, insee=insee)


def publish_checked(publisher: Publisher, request: PublicationRequest, platform_url: str, schema=None,
                    dry_run: bool = False, progress: Callable[[int, str], None] | None = None,
                    overrides: dict[str, str] | None = None) -> PublicationResult | PublicationPlan:
    """Validate and gate the exact file, then publish (or plan, sending nothing); journal every outcome."""
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
                        "dataset_id": dataset_id, "identity": request.identity})

    try:
        result = publisher.publish(request, progress, on_dataset=started)
    except PlatformError as exc:
        journal.record({"event": "failed", "key": key, "platform": publisher.platform, "url": platform_url,
                        "file": Path(request.file).name, "error": exc.message, "status": exc.status})
        raise
    journal.record({"event": "published", "key": key, "platform": publisher.platform, "url": platform_url,
                    "file": Path(request.file).name, "dataset_id": result.dataset_id,
                    "resource_id": result.resource_id, "dataset_url": result.url, "replaced": result.replaced,
                    "schema": request.schema_name, "identity": request.identity})
    return result
