"""Safe loading of a bank file: size limit, UTF-8 check, YAML composed (never constructed)
with the C loader when available, and alias expansion, cycles and nesting depth bounded.

Nothing here builds Python objects from tags: the result is PyYAML's node graph, whose nodes
carry the line and column that every later error points at.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizzer.core.banks.errors import BankError


@dataclass(frozen=True)
class Limits:
    """What a bank may not exceed; each limit stops a hostile or broken file early."""

    max_bytes: int = 5 * 1024 * 1024
    max_cards: int = 20_000
    max_nodes: int = 2_000_000
    """YAML nodes after alias expansion (a billion-laughs file has 10^9)."""
    max_aliases: int = 10_000
    max_depth: int = 64


LIMITS = Limits()


class LoadFailure(Exception):
    """The file cannot be read as YAML at all; carries the one error that says why."""

    def __init__(self, error: BankError) -> None:
        super().__init__(str(error))
        self.error = error


def _fail(source: str, line: int, column: int, message: str, expected: str) -> LoadFailure:
    return LoadFailure(BankError(source, line, column, message, expected))


def read_file(path: Path, limits: Limits = LIMITS) -> bytes:
    """The file's bytes, refusing files over the size limit before reading them."""
    source = str(path)
    megabytes = limits.max_bytes / (1024 * 1024)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _fail(source, 1, 1, "this is a folder", "a bank file (.yaml)")
        if size > limits.max_bytes:
            raise _fail(source, 1, 1, f"the file is {size:,} bytes",
                        f"a bank of at most {megabytes:g} MB")
        with path.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except OSError as error:
        raise _fail(source, 1, 1, f"cannot read the file: {error.strerror or error}",
                    "a readable bank file") from None
    if len(data) > limits.max_bytes:
        raise _fail(source, 1, 1, "the file is larger than the limit",
                    f"a bank of at most {megabytes:g} MB")
    return data


BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16",
}


def decode(data: bytes, source: str) -> str:
    """The bank's text: UTF-8 (a UTF-8 byte-order mark is dropped); anything else is an error."""
    for bom, name in BOMS.items():
        if data.startswith(bom):
            raise _fail(source, 1, 1, f"the file is {name} text", "UTF-8 text")
    data = data.removeprefix(b"\xef\xbb\xbf")
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        raise _fail(source, line, column, "binary data (a NUL byte)", "UTF-8 YAML text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise _fail(source, line, column,
                    f"byte 0x{data[error.start]:02x} is not UTF-8 (another encoding, or binary "
                    "data)", "UTF-8 text") from None
    if not text.strip():
        raise _fail(source, 1, 1, "the file is empty", "a bank with id, title and cards")
    return text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: composing allocates many small objects, and its
    repeated collections would triple the time of a large bank."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _CountingSafeLoader(yaml.SafeLoader):
    """The pure-Python fallback: counts depth and aliases while composing."""

    limits: Limits = LIMITS
    source = "<bank>"
    depth = 0
    aliases = 0

    def _mark(self) -> Any:
        return self.peek_event().start_mark  # type: ignore[no-untyped-call]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                mark = self._mark()
                raise _fail(self.source, mark.line + 1, mark.column + 1,
                            f"more than {self.limits.max_aliases:,} aliases",
                            "fewer aliases (*name)")
        self.depth += 1
        if self.depth > self.limits.max_depth:
            mark = self._mark()
            raise _fail(self.source, mark.line + 1, mark.column + 1,
                        f"nesting deeper than {self.limits.max_depth} levels",
                        "a flatter structure")
        try:
            node: Node | None = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        return node


_C_LOADER: type[Any] | None = getattr(yaml, "CSafeLoader", None)

if _C_LOADER is not None:
    class _FastSafeLoader(_C_LOADER):  # type: ignore[misc, valid-type]
        """libyaml's safe loader, remembering each plain scalar's resolved tag: a bank says
        `Dense`, `units` and small numbers thousands of times."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._tags: dict[tuple[str, bool], str] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:  # the tag depends only on the text and plain-ness
                key = (value, implicit[0])
                tag = self._tags.get(key)
                if tag is None:
                    tag = self._tags[key] = super().resolve(kind, value, implicit)
                return tag
            return super().resolve(kind, value, implicit)


def _loader_class() -> type[Any]:
    return _FastSafeLoader if _C_LOADER is not None else _CountingSafeLoader


def compose(text: str, source: str, limits: Limits = LIMITS,
            loader: type[Any] | None = None) -> Node:
    """The YAML node graph of the text, or LoadFailure with the syntax error's position."""
    cls = loader or _loader_class()
    with gc_paused():
        instance = cls(text)
        if isinstance(instance, _CountingSafeLoader):
            instance.limits, instance.source = limits, source
        try:
            node: Node | None = instance.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = error.problem or "cannot be read"
            context = f", {error.context}" if error.context else ""
            raise _fail(source, line, column, f"invalid YAML: {problem}{context}",
                        "valid YAML syntax") from None
        except yaml.reader.ReaderError as error:
            line, column = _text_position(text, error.position)
            raise _fail(source, line, column,
                        f"character {error.character!r} is not allowed in YAML",
                        "printable UTF-8 text") from None
        except yaml.YAMLError as error:
            raise _fail(source, 1, 1, f"invalid YAML: {error}", "valid YAML syntax") from None
        except RecursionError:
            raise _fail(source, 1, 1, "nesting too deep to read",
                        f"at most {limits.max_depth} levels") from None
        finally:
            instance.dispose()
    if node is None:
        raise _fail(source, 1, 1, "the file has no content", "a bank with id, title and cards")
    if "&" in text:
        check_graph(node, source, limits)
    return node


def _containers(node: Node) -> tuple[list[Node], int]:
    """A node's list and mapping children, and how many scalars it holds directly."""
    if isinstance(node, MappingNode):
        kids = [part for pair in node.value for part in pair]
    elif isinstance(node, SequenceNode):
        kids = node.value
    else:
        return [], 0
    containers = [kid for kid in kids if not isinstance(kid, ScalarNode)]
    return containers, len(kids) - len(containers)


def check_graph(root: Node, source: str, limits: Limits = LIMITS) -> None:
    """Reject alias bombs, recursive aliases and deep nesting without expanding anything:
    one pass over the composed graph's lists and mappings, sizing each shared one once."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    entered: set[int] = set()
    aliases = 0
    stack: list[tuple[Node, tuple[list[Node], int] | None]] = [(root, None)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished is not None:
            kids, scalars = finished
            total = 1 + scalars + sum(size[id(kid)] for kid in kids)
            depth = 1 + max((height[id(kid)] for kid in kids), default=1)
            size[key], height[key] = total, depth
            if total > limits.max_nodes or depth > limits.max_depth:
                mark = node.start_mark
                if total > limits.max_nodes:
                    raise _fail(source, mark.line + 1, mark.column + 1,
                                f"aliases expand this to more than {limits.max_nodes:,} values",
                                "a bank without alias bombs")
                raise _fail(source, mark.line + 1, mark.column + 1,
                            f"nesting deeper than {limits.max_depth} levels",
                            "a flatter structure")
            continue
        if key in size:
            aliases += 1
            if aliases > limits.max_aliases:
                mark = node.start_mark
                raise _fail(source, mark.line + 1, mark.column + 1,
                            f"more than {limits.max_aliases:,} aliases", "fewer aliases (*name)")
            continue
        if key in entered:
            mark = node.start_mark
            raise _fail(source, mark.line + 1, mark.column + 1,
                        "an alias refers to a list or mapping that contains it",
                        "aliases to finished values only")
        entered.add(key)
        children = _containers(node)
        stack.append((node, children))
        stack.extend((kid, None) for kid in children[0])
