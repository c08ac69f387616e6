"""opendata_desktop: publish a French commune's open data in SCDL form, without a data team."""

__version__ = "0.1.0"
APP_NAME = "opendata-desktop"
APP_TITLE = "Données ouvertes de la mairie"
