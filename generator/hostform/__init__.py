"""Print any XLSForm: read it through pyxform, compile it as an Instrument, draw it with the
paper renderer (numbers, GO TO arrows, CHECK boxes) in each of its languages."""

from generator.hostform.build import HostPaper, PrintOptions, compile_form
from generator.hostform.exprs import Opaque
from generator.hostform.paper import PrintResult, print_form
from generator.hostform.source import Form, read_form

__all__ = ["Form", "HostPaper", "Opaque", "PrintOptions", "PrintResult", "compile_form",
           "print_form", "read_form"]
