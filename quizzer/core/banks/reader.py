"""Reading values out of YAML nodes, collecting every error with its line and column.

A helper that finds a problem records it and raises `Invalid`, so the caller can skip that
value and carry on: a bank's errors are all reported in one go.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NoReturn

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizzer.core.banks.errors import BankError

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = TAG + "str", TAG + "int", TAG + "float", TAG + "bool", TAG + "null"
TIMESTAMP, SEQ, MAP, MERGE = TAG + "timestamp", TAG + "seq", TAG + "map", TAG + "merge"
SAFE_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP})
TEXT_TAGS = frozenset({STR, INT, FLOAT, BOOL, TIMESTAMP})
"""Scalars read as text keep their source spelling (`yes`, `2024-01-01`, `1e3`)."""

_SCALARS = SafeConstructor()


class Invalid(Exception):
    """The value just read was wrong; its error is already recorded."""


def short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag


def suggestion(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'title'?` when a choice is close, else ``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


def describe(node: Node) -> str:
    """What the node is, for messages: `a list`, `the text 'abc'`, `nothing (null)`."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing (null)"
    value = str(node.value)
    if not value:
        return "empty"
    shown = value if len(value) <= 40 else value[:37] + "..."
    if node.tag in (INT, FLOAT):
        return shown
    return f"'{shown}'"


def fast_int(node: Node) -> int | None:
    """The value of a plain decimal integer scalar such as `64`, else None (the slow path
    handles signs, `1_000`, YAML 1.1 octal `012`, hex and errors)."""
    if node.tag == INT and isinstance(node, ScalarNode):
        text = node.value
        if (text.isdigit() and text.isascii() and len(text) < 100
                and (text[0] != "0" or text == "0")):
            return int(text)
    return None


@dataclass
class Reader:
    """Reads one bank's nodes, collecting errors for `source`."""

    source: str
    errors: list[BankError] = field(default_factory=list)

    def error(self, node: Node, message: str, expected: str) -> None:
        mark = node.start_mark
        self.errors.append(BankError(self.source, mark.line + 1, mark.column + 1, message,
                                     expected))

    def fail(self, node: Node, message: str, expected: str) -> NoReturn:
        self.error(node, message, expected)
        raise Invalid

    def tag_ok(self, node: Node) -> None:
        if node.tag not in SAFE_TAGS:
            if node.tag == MERGE:
                self.fail(node, "merge keys (<<) are not supported",
                          "the fields written out, or a whole value reused with *alias")
            self.fail(node, f"the tag {short_tag(node.tag)} is not allowed",
                      "plain YAML values without tags")

    def mapping(self, node: Node, what: str) -> list[tuple[str, Node, Node]]:
        """(key, key node, value node) in order; duplicate and non-text keys are errors."""
        if node.tag != MAP or not isinstance(node, MappingNode):
            self.tag_ok(node)
            self.fail(node, f"{what} is {describe(node)}", f"a mapping of {what} fields")
        seen: dict[str, Node] = {}
        pairs: list[tuple[str, Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == STR and isinstance(key_node, ScalarNode):
                key = key_node.value
            else:
                try:
                    self.tag_ok(key_node)
                    if not isinstance(key_node, ScalarNode) or key_node.tag == NULL:
                        self.fail(key_node, f"a key in {what} is {describe(key_node)}",
                                  "a field name")
                except Invalid:
                    continue
                key = str(key_node.value)
            if key in seen:
                first = seen[key].start_mark
                self.error(key_node, f"'{key}' appears twice in {what} (first at line "
                           f"{first.line + 1})", "each field once")
                continue
            seen[key] = key_node
            pairs.append((key, key_node, value_node))
        return pairs

    def fields(self, node: Node, what: str, allowed: tuple[str, ...],
               required: tuple[str, ...] = ()) -> dict[str, Node]:
        """The value nodes by field name; unknown and missing fields are errors."""
        return self.known_fields(self.mapping(node, what), node, what, allowed, required)

    def known_fields(self, pairs: list[tuple[str, Node, Node]], node: Node, what: str,
                     allowed: tuple[str, ...], required: tuple[str, ...] = ()
                     ) -> dict[str, Node]:
        """`fields` for pairs already read with `mapping`."""
        found: dict[str, Node] = {}
        for key, key_node, value_node in pairs:
            if key not in allowed:
                self.error(key_node, f"unknown field '{key}' in {what}",
                           f"one of: {', '.join(allowed)}{suggestion(key, allowed)}")
                continue
            found[key] = value_node
        for name in required:
            if name not in found:
                self.error(node, f"{what} has no '{name}'", f"a '{name}' field")
        return found

    def sequence(self, node: Node, what: str) -> list[Node]:
        self.tag_ok(node)
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} is {describe(node)}", f"a list of {what}")
        return list(node.value)

    def scalar(self, node: Node, what: str, expected: str) -> ScalarNode:
        self.tag_ok(node)
        if not isinstance(node, ScalarNode):
            self.fail(node, f"{what} is {describe(node)}", expected)
        return node

    def text(self, node: Node, what: str, expected: str = "text") -> str:
        scalar = self.scalar(node, what, expected)
        if scalar.tag not in TEXT_TAGS or not str(scalar.value).strip():
            self.fail(node, f"{what} is {describe(node)}", expected)
        return str(scalar.value)

    def integer(self, node: Node, what: str, minimum: int | None = 1,
                expected: str | None = None) -> int:
        value = fast_int(node)
        if value is not None and (minimum is None or value >= minimum):
            return value
        if expected is None:
            expected = "a whole number" + (f" of at least {minimum}" if minimum is not None
                                           else "")
        scalar = self.scalar(node, what, expected)
        if scalar.tag != INT:
            self.fail(node, f"{what} is {describe(node)}", expected)
        try:
            value = _SCALARS.construct_yaml_int(scalar)
        except Exception:  # e.g. `!!int ''` or `!!int '²'`: PyYAML raises all sorts
            self.fail(node, f"{what} is not a readable number", expected)
        if not isinstance(value, int) or (minimum is not None and value < minimum):
            self.fail(node, f"{what} is {value}", expected)
        return value

    def number(self, node: Node, what: str, expected: str) -> float:
        scalar = self.scalar(node, what, expected)
        if scalar.tag not in (INT, FLOAT):
            self.fail(node, f"{what} is {describe(node)}", expected)
        try:
            if scalar.tag == INT:
                value = float(_SCALARS.construct_yaml_int(scalar))
            else:
                value = float(_SCALARS.construct_yaml_float(scalar))
        except Exception:  # e.g. `!!float ''`: PyYAML raises all sorts
            self.fail(node, f"{what} is not a readable number", expected)
        if not math.isfinite(value):
            self.fail(node, f"{what} is {value}", expected)
        return value

    def boolean(self, node: Node, what: str) -> bool:
        scalar = self.scalar(node, what, "true or false")
        value = str(scalar.value).lower()
        if scalar.tag != BOOL or value not in _SCALARS.bool_values:  # `!!bool maybe`
            self.fail(node, f"{what} is {describe(node)}", "true or false")
        return bool(_SCALARS.bool_values[value])

    def choice(self, node: Node, what: str, options: tuple[str, ...]) -> str:
        expected = "one of: " + ", ".join(options)
        scalar = self.scalar(node, what, expected)
        value = str(scalar.value)
        if scalar.tag not in TEXT_TAGS or value not in options:
            self.fail(node, f"{what} is {describe(node)}", expected + suggestion(value, options))
        return value
