"""`migmod`: a thin command line over generator.api."""

from generator.cli import data, print_cmd, project  # noqa: F401  (their commands join the group)
from generator.cli.app import cli, main

__all__ = ["cli", "main"]
