"""The delegation diagram: what a view shows (`View`), the DOT it writes (`to_dot`) and `render` with `dot`."""

from vires.outputs.diagram.select import FORMATS, render, to_dot
from vires.outputs.diagram.view import View

__all__ = ["FORMATS", "View", "render", "to_dot"]
