"""Ingest: read a data delivery (CSV/XLSX export + leverans.yml), map local columns and codes to
the data model, validate, pseudonymise, and report data quality. The only stage that ever sees
personnummer; everything after it works on keyed pseudonyms.
"""

from __future__ import annotations

from suengine.ingest.pipeline import DeliveryRejected, IngestResult, ingest_delivery

__all__ = ["DeliveryRejected", "IngestResult", "ingest_delivery"]
