"""The workbench's routes, one module a page (and one for the JSON API); `app.create_app` gathers them."""
