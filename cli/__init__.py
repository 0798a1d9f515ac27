"""The vires command line (installed as `vires.cli`)."""
