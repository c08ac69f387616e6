from opendata_desktop.core.schemas.catalogue import SchemaCatalogue, default_catalogue
from opendata_desktop.core.schemas.model import Field, Schema

__all__ = ["Field", "Schema", "SchemaCatalogue", "default_catalogue"]
