"""The workbench: `vires serve`, every question vires answers, in a browser, for people who never open a terminal.

A front end like `vires.cli`: it parses what a page sends, calls the library, words remedies in its own
terms (`remedies`) and chooses HTTP statuses; every word of an answer comes from `vires.outputs`.
`app.create_app` builds the ASGI application over a `state.Workbench`; `command` is `vires serve`.
"""
