"""``python -m ponder`` runs the command line."""

from .cli import main

main()
