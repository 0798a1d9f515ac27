"""The decision register: a tamper-evident hash chain of decisions in SQLite."""
