"""Packaging beyond pyproject.toml: the shipped question banks (`question_banks/` at the top of
the repository) are installed as the data package `quizzer.question_banks`, next to quizzer's
own packages. Everything else is configured in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["quizzer", "quizzer.*"]), "quizzer.question_banks"])
