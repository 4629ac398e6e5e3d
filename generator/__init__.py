"""migmod: a standardized migration module for household surveys, as software."""

from generator.api import BuildResult, CheckResult, build, check
from generator.instrument.compile import BuildOptions
from generator.issues import Issue, Report

__all__ = ["BuildOptions", "BuildResult", "CheckResult", "Issue", "Report", "build", "check"]
__version__ = "0.4.0"
