"""COMPILE: a checked bank and build options become an Instrument (selection, country
adaptation, numbering, texts per language) that every renderer draws; `describe` turns its
expressions into plain language."""

from generator.instrument.compile import BuildOptions, Instrument, Item, compile_instrument

__all__ = ["BuildOptions", "Instrument", "Item", "compile_instrument"]
