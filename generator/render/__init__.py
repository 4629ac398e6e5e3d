"""RENDER: each renderer turns a compiled Instrument into named output files (bytes):
XLSForm and XForm, the printed questionnaire (`paper/`), codebooks (`codebook/`)."""

from generator.render.context import RenderContext, Renderer
from generator.render.registry import RENDERERS

__all__ = ["RENDERERS", "RenderContext", "Renderer"]
