"""Writing generated questions as JSON Lines, YAML, or text for studying on paper.

Output is UTF-8 bytes, identical for the same seed and options on any machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO

from quizzer.core.generator.options import GeneratorOptions
from quizzer.core.generator.sequence import generate
from quizzer.core.questions import Question, format_answer

RULE = "─" * 72


def jsonl_lines(questions: Iterable[Question]) -> Iterator[str]:
    """One JSON object per line (see `Question.to_dict`)."""
    for question in questions:
        yield json.dumps(question.to_dict(), ensure_ascii=False) + "\n"


def yaml_lines(questions: Iterable[Question]) -> Iterator[str]:
    """A YAML list, one item per question, code and solutions as literal blocks."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> Any:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    records = [question.to_dict() for question in questions]
    if records:  # one document: items dumped apart may end in `...` and not concatenate
        yield yaml.dump(records, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def text_block(number: int, question: Question) -> str:
    """A question, its code, then the answer and the worked solution."""
    code = "\n".join(f"    {line}" if line else "" for line in question.code.rstrip().split("\n"))
    head = (f"Question {number} · {question.kind} · {question.framework} · "
            f"difficulty {question.difficulty} · {question.family} · {question.id}")
    return "\n".join([
        head, "", question.prompt, "", code, "", RULE,
        f"Answer: {format_answer(question.answer)}",
        f"Skills: {', '.join(question.skills)}", "",
        "Worked solution:", question.solution.rstrip(), "", "═" * 72, "", "",
    ])


def text_lines(questions: Iterable[Question]) -> Iterator[str]:
    for number, question in enumerate(questions, start=1):
        yield text_block(number, question)


FORMATTERS = {"jsonl": jsonl_lines, "yaml": yaml_lines, "text": text_lines}


def write_questions(
    stream: BinaryIO | Any, seed: int, options: GeneratorOptions, count: int, fmt: str,
) -> None:
    """Write `count` questions of the sequence for `seed` and `options` to a text stream
    (its binary buffer when it has one, as UTF-8)."""
    questions = islice(generate(seed, options), count)
    out = getattr(stream, "buffer", None)
    chunk: list[str] = []
    for line in FORMATTERS[fmt](questions):
        chunk.append(line)
        if len(chunk) >= 256:
            _flush(stream, out, chunk)
    _flush(stream, out, chunk)
    stream.flush()


def _flush(stream: Any, out: Any, chunk: list[str]) -> None:
    if not chunk:
        return
    data = "".join(chunk)
    chunk.clear()
    if out is not None:
        stream.flush()
        out.write(data.encode("utf-8"))
    else:
        stream.write(data)
