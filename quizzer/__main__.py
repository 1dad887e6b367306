"""`python -m quizzer` runs the command line."""

from quizzer.cli import main

raise SystemExit(main())
