"""`python -m generator` runs the migmod command line."""

from generator.cli import main

main()
