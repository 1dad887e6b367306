"""The question banks shipped with quizzer, installed as the data package
`quizzer.question_banks` (see setup.py)."""
