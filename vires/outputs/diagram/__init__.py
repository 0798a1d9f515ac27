"""The delegation diagram: what a view keeps, the layout, and the DOT it writes."""
