"""quizzer: a terminal trainer for counting the parameters of neural networks."""

__version__ = "0.1.0"
