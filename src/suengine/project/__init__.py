"""A municipality's SU project: its configuration (suengine.yml) and where bundled resources live."""
