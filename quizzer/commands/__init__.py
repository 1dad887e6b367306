"""One module per `quizzer` subcommand: each has `add_arguments(parser)` and `run(args)`;
its name and one-line help are in `quizzer.cli.COMMANDS`.

The modules import nothing heavy at module level, so `quizzer --help` stays instant.
"""
