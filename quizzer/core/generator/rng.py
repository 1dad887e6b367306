"""Seeded randomness that is identical on every machine and Python version.

`random.Random` seeded with a string hashes it with SHA-512 (never `hash()`), and the methods
used here (`random`, `randrange`/`randint`, `choice`) have been stable since Python 3.2.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

VERSION = "quizzer-generator-2"
"""Part of every seed string: changing how questions are drawn means a new version."""


def rng_for(*parts: object) -> random.Random:
    """A generator seeded from the parts' text (seed, options, position, ...)."""
    return random.Random(":".join([VERSION, *map(str, parts)]))


def chance(rng: random.Random, p: float) -> bool:
    """True with probability p."""
    return rng.random() < p


def pick(rng: random.Random, options: Sequence[T]) -> T:
    """One of the options, uniformly."""
    return options[rng.randrange(len(options))]


def weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    """One of the options, with the given weights."""
    total = sum(w for _, w in options)
    roll = rng.random() * total
    for option, w in options:
        roll -= w
        if roll < 0:
            return option
    return options[-1][0]


def pow2(rng: random.Random, low: int, high: int) -> int:
    """A power of two in [low, high]."""
    choices = [1 << k for k in range(20) if low <= 1 << k <= high]
    return pick(rng, choices)
