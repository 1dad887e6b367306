"""The pure-Python core of quizzer: no Textual, no frameworks, no I/O at import time."""
