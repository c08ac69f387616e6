from opendata_desktop.core.publishing.base import PublicationRequest, PublicationResult, Publisher
from opendata_desktop.core.publishing.udata import UdataPublisher

__all__ = ["PublicationRequest", "PublicationResult", "Publisher", "UdataPublisher"]
