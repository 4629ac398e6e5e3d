"""The printed questionnaire's logic: numbering, GO TO arrows and CHECK boxes (plan), and
an interviewer who follows them (simulate)."""

from generator.render.paper.plan import END, Check, Entry, PaperPlan, Section, plan
from generator.render.paper.simulate import follow

__all__ = ["END", "Check", "Entry", "PaperPlan", "Section", "follow", "plan"]
