"""The vires benchmark (SPEC 7): synthetic national-scale packs, timed engines and a peer (cedarpy)."""
