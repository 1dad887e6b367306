"""Reading model code safely: size limits, text checks and the syntax tree (never executed)."""

from __future__ import annotations

import ast
import re
import warnings

from quizzer.core.errors import ParseError

MAX_BYTES = 1_000_000
"""The largest input read (1 MB): model code is a few kilobytes."""
MAX_LAYERS = 10_000
"""The most layers one model may have."""

_NESTING = re.compile(r"[-+~*(\[{.]")


def decode(data: bytes) -> str:
    """The bytes as text, refusing huge, binary and non-UTF-8 input with the line at fault."""
    if len(data) > MAX_BYTES:
        line = data[:MAX_BYTES].count(b"\n") + 1
        raise ParseError(f"the input is larger than the {MAX_BYTES:,}-byte limit", line)
    nul = data.find(b"\0")
    if nul >= 0:
        raise ParseError("binary data (a NUL byte) is not model code", data[:nul].count(b"\n") + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise ParseError(f"the input is not UTF-8 text (byte 0x{byte:02x})", line) from None


def check_text(text: str) -> str:
    """Text input gets the same checks as bytes (size, NUL characters)."""
    if len(text) > MAX_BYTES:
        return decode(text.encode("utf-8", "surrogatepass"))
    nul = text.find("\0")
    if nul >= 0:
        raise ParseError("binary data (a NUL byte) is not model code", text.count("\n", 0, nul) + 1)
    return text.removeprefix("\ufeff")


def parse_tree(text: str) -> ast.Module:
    """The syntax tree of the text; syntax errors and runaway nesting become ParseErrors."""
    if not text.strip():
        raise ParseError("the input is empty", 1)
    try:
        with warnings.catch_warnings():  # SyntaxWarnings would print a second line
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except SyntaxError as error:
        message = (error.msg or "invalid syntax").split(" (")[0]
        raise ParseError(f"syntax error: {message}", error.lineno or 1) from None
    except (RecursionError, MemoryError):
        raise ParseError("the code is nested too deeply to read", _deepest_line(text)) from None
    except ValueError as error:
        raise ParseError(f"the code cannot be read: {error}", 1) from None


def _deepest_line(text: str) -> int:
    """The line most likely at fault for runaway nesting: the most brackets and operators."""
    counts = [len(_NESTING.findall(line)) for line in text.splitlines() or [""]]
    return counts.index(max(counts)) + 1


_INPUT_COMMENT = re.compile(
    r"^[ \t]*#[ \t]*input:[ \t]*\((?:batch|n|b|none|\?)[ \t]*,([^)]*)\)", re.IGNORECASE
)


def input_comments(text: str) -> list[tuple[int, tuple[int | None, ...], str]]:
    """`# input: (batch, 3, 32, 32)` comments, as quizzer writes above PyTorch code.

    Each is (line, shape, text) with `?`/`None` as unknown; a malformed size is a ParseError.
    """
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _INPUT_COMMENT.match(line)
        if not match:
            continue
        dims: list[int | None] = []
        for item in (part.strip() for part in match.group(1).split(",")):
            if not item:
                continue
            if item in ("?", "None", "none"):
                dims.append(None)
            elif item.isascii() and item.isdigit() and len(item) < 19 and int(item) > 0:
                dims.append(int(item))
            else:
                raise ParseError(
                    f"the input comment needs positive sizes or ?, got {item!r}", number
                )
        if not dims:
            raise ParseError("the input comment gives no sizes after the batch axis", number)
        found.append((number, tuple(dims), match.group(0).strip()))
    return found
