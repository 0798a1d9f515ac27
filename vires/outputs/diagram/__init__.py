"""The delegation diagram: what a view shows (`View`), the DOT it writes (`to_dot`), and `draw`, which renders
it with `dot` on paper (`PAPERS`) with no text under 9 pt."""

from vires.outputs.diagram.draw import DoesNotFit, draw, printed, to_dot
from vires.outputs.diagram.paper import PAPERS, Paper
from vires.outputs.diagram.render import FORMATS, render
from vires.outputs.diagram.view import View

__all__ = ["FORMATS", "PAPERS", "DoesNotFit", "Paper", "View", "draw", "printed", "render", "to_dot"]
