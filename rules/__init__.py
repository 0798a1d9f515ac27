"""The shipped rule packs (installed as `vires.rules`); name them as `@NAME`."""
