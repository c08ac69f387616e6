from opendata_desktop.core.schemas.catalogue import SchemaCatalogue, default_catalogue
from opendata_desktop.core.schemas.local import check_descriptor, load_local_schema
from opendata_desktop.core.schemas.model import Field, Schema

__all__ = ["Field", "Schema", "SchemaCatalogue", "check_descriptor", "default_catalogue", "load_local_schema"]
