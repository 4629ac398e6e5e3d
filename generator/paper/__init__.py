"""The printed questionnaire's logic: numbering, GO TO arrows and CHECK boxes (plan), and
an interviewer who follows them (simulate)."""

from generator.paper.plan import END, Check, Entry, PaperPlan, Section, plan
from generator.paper.simulate import follow

__all__ = ["END", "Check", "Entry", "PaperPlan", "Section", "follow", "plan"]
