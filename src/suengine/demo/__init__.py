"""Demo data: a simulation of the case flow and writers for source-system exports (never used on real deliveries)."""
