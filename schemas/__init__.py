"""JSON Schemas for rule packs, decision cases and answers (installed as `vires.schemas`)."""
