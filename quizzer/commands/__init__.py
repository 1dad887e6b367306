"""One module per `quizzer` subcommand: each has `add_parser(subparsers)` and `run(args)`.

The modules import nothing heavy at module level, so `quizzer --help` stays instant.
"""
