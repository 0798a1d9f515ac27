"""Reading rule packs: YAML with locations, schema validation, the model, loading and drafts."""
