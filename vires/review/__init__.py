"""Reviewing packs: lint (`vires check`), diffs of drafts, and decision cases."""
