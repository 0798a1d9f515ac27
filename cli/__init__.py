"""The vires command line. This folder is installed as `vires.cli` (setup.cfg `package_dir`), so it
is always imported as `vires.cli`, never as a top-level `cli`. It parses input, calls the library,
words remedies in command-line terms and chooses exit codes; words of answers live in `vires.outputs`."""
