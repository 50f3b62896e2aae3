"""Case data: the data model (entities, fields, value sets) and one table per entity — the contract between ingest and engine."""
