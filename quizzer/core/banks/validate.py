"""Validation: a bank's YAML nodes checked field by field and turned into a `Bank`.

Every problem is collected with its line and column; a model's sizes are checked by the
engine (shapes must fit, the framework must express it; with `check_code`, as in
`quizzer bank validate`, the full analysis and the code must render too) and a stated answer
must equal the engine's.
"""

from __future__ import annotations

import contextlib
import random
import re
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from quizzer.core.banks.counts import asked_answer
from quizzer.core.banks.errors import BankError
from quizzer.core.banks.layerspec import LayerReader
from quizzer.core.banks.loader import LIMITS, Limits, LoadFailure, compose, decode, gc_paused
from quizzer.core.banks.reader import INT, Invalid, Reader, describe, is_null, suggestion
from quizzer.core.banks.schema import (
    ASKS,
    CARD_TYPES,
    AnyCard,
    Ask,
    Bank,
    ModelCard,
    TemplateCard,
    TextCard,
)
from quizzer.core.banks.templates import ModelTemplate, draw_model, template_varies
from quizzer.core.counting import LayerFailure, ModelReport, analysis, analyze, layer_names
from quizzer.core.errors import QuizzerError
from quizzer.core.model import FRAMEWORKS, Framework, Model, Shape, format_shape

FORMAT_VERSION = 1
BANK_FIELDS = ("format", "id", "title", "description", "author", "framework", "cards")
COMMON_FIELDS = ("id", "type", "framework", "prompt", "explanation", "skills", "difficulty")
MODEL_FIELDS = (*COMMON_FIELDS, "input_shape", "layers", "code", "ask", "layer", "answer")
TEMPLATE_FIELDS = (*COMMON_FIELDS, "input_shape", "layers", "ask", "layer")
TEXT_FIELDS = ("id", "type", "framework", "question", "answers", "answer", "code",
               "explanation", "skills", "difficulty")
FIELDS_BY_TYPE = {"model": MODEL_FIELDS, "template": TEMPLATE_FIELDS, "text": TEXT_FIELDS}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
ID_EXPECTED = ("an id of letters, digits, '.', '_' and '-', starting with a letter or digit, "
               "at most 64 long")
TEMPLATE_DRAWS = 50
"""Draws tried when looking for a template's valid example."""


def validate_bytes(data: bytes, source: str, limits: Limits = LIMITS,
                   check_code: bool = True) -> tuple[Bank | None, tuple[BankError, ...]]:
    """The bank in `data` (the file's bytes), or None and every error found."""
    with gc_paused():
        try:
            root = compose(decode(data, source), source, limits)
        except LoadFailure as failure:
            return None, (failure.error,)
        result = validate_node(root, source, limits, check_code)
        del root  # freed while the collector still sleeps: it need not scan a dead graph
    return result


def validate_node(root: Node, source: str, limits: Limits = LIMITS,
                  check_code: bool = True) -> tuple[Bank | None, tuple[BankError, ...]]:
    """The bank described by a composed YAML document, or None and every error found."""
    checker = _Checker(Reader(source), limits, check_code)
    bank = checker.bank(root)
    errors = sorted(set(checker.reader.errors), key=lambda e: (e.line, e.column, e.message))
    return (bank if not errors else None), tuple(errors)


class _Checker:
    def __init__(self, reader: Reader, limits: Limits, check_code: bool) -> None:
        self.reader = reader
        self.limits = limits
        self.check_code = check_code
        self.framework: Framework = "keras"
        self.bank_id = "bank"

    # -- the bank -------------------------------------------------------------------------

    def bank(self, root: Node) -> Bank | None:
        reader = self.reader
        try:
            fields = reader.fields(root, "the bank", BANK_FIELDS, ("id", "title", "cards"))
        except Invalid:
            return None
        meta: dict[str, Any] = {}
        for name in ("id", "title", "description", "author", "framework", "format"):
            if name in fields:
                with contextlib.suppress(Invalid):
                    meta[name] = self.meta(name, fields[name])
        self.framework = meta.get("framework", "keras")
        self.bank_id = meta.get("id", "bank")
        cards = self.cards(fields["cards"]) if "cards" in fields else None
        if cards is None or "id" not in meta or "title" not in meta:
            return None
        id_mark = fields["id"].start_mark
        return Bank(
            id=meta["id"], title=meta["title"], cards=cards, path=reader.source,
            framework=self.framework, description=meta.get("description", ""),
            author=meta.get("author", ""), id_line=id_mark.line + 1,
            id_column=id_mark.column + 1,
        )

    def meta(self, name: str, node: Node) -> Any:
        reader = self.reader
        if name == "id":
            return self.identifier(node, "the bank id")
        if name == "framework":
            return reader.choice(node, "framework", FRAMEWORKS)
        if name == "format":
            version = reader.integer(node, "format", 1, expected=f"{FORMAT_VERSION}")
            if version != FORMAT_VERSION:
                reader.fail(node, f"format {version} is not known to this quizzer",
                            f"format: {FORMAT_VERSION}")
            return version
        return reader.text(node, name)

    def identifier(self, node: Node, what: str) -> str:
        value = self.reader.text(node, what, ID_EXPECTED)
        if not ID_PATTERN.match(value):
            self.reader.fail(node, f"{what} '{value}' has characters that cannot be used",
                             ID_EXPECTED)
        return value

    def cards(self, node: Node) -> tuple[AnyCard, ...] | None:
        reader = self.reader
        try:
            entries = reader.sequence(node, "cards")
        except Invalid:
            return None
        if not entries:
            reader.error(node, "cards is empty", "at least one card")
            return None
        if len(entries) > self.limits.max_cards:
            reader.error(node, f"the bank has {len(entries):,} cards",
                         f"at most {self.limits.max_cards:,} cards per bank")
            return None
        cards: list[AnyCard] = []
        seen: dict[str, int] = {}
        failed = False
        for entry in entries:
            try:
                card = self.card(entry, seen)
            except Invalid:
                failed = True
                continue
            cards.append(card)
        return None if failed else tuple(cards)

    # -- one card -------------------------------------------------------------------------

    def card(self, node: Node, seen: dict[str, int]) -> AnyCard:
        reader = self.reader
        pairs = reader.mapping(node, "a card")
        keys = {key: value for key, _, value in pairs}
        card_type = "text" if "question" in keys else "model"
        if "type" in keys:
            card_type = reader.choice(keys["type"], "type", CARD_TYPES)
        fields = reader.known_fields(pairs, node, f"a {card_type} card",
                                     FIELDS_BY_TYPE[card_type], ("id",))
        if "id" not in fields:
            raise Invalid
        card_id = self.identifier(fields["id"], "the card id")
        if card_id in seen:
            reader.error(fields["id"], f"the card id '{card_id}' is used twice (first at line "
                        f"{seen[card_id]})", "a unique id for each card")
        seen.setdefault(card_id, fields["id"].start_mark.line + 1)
        common = self.common(fields, node)
        if card_type == "text":
            return self.text_card(fields, node, common)
        return self.model_card(fields, node, common, template=card_type == "template")

    def common(self, fields: dict[str, Node], node: Node) -> dict[str, Any]:
        reader = self.reader
        result: dict[str, Any] = {
            "id": reader.text(fields["id"], "id"),
            "line": node.start_mark.line + 1,
            "framework": self.framework,
        }
        failed = False
        for name, node_ in fields.items():
            try:
                if name == "framework":
                    result["framework"] = reader.choice(node_, "framework", FRAMEWORKS)
                elif name in ("prompt", "explanation"):
                    result[name] = reader.text(node_, name)
                elif name == "skills":
                    result["skills"] = tuple(
                        reader.text(item, "a skill", "a skill tag such as dense.bias")
                        for item in reader.sequence(node_, "skills")
                    )
                elif name == "difficulty":
                    level = reader.integer(node_, "difficulty", 1, "a level from 1 to 5")
                    if level > 5:
                        reader.fail(node_, f"difficulty is {level}", "a level from 1 to 5")
                    result["difficulty"] = level
            except Invalid:
                failed = True
        if failed:
            raise Invalid
        return result

    def text_card(self, fields: dict[str, Node], node: Node, common: dict[str, Any]) -> TextCard:
        reader = self.reader
        if "question" not in fields:
            reader.fail(node, "a text card has no 'question'", "a 'question' field")
        question = reader.text(fields["question"], "question")
        if ("answer" in fields) == ("answers" in fields):
            reader.fail(node, "a text card needs exactly one of 'answer' and 'answers'",
                        "answer: ... or answers: [...]")
        if "answer" in fields:
            answers: tuple[str, ...] = (reader.text(fields["answer"], "answer"),)
        else:
            items = reader.sequence(fields["answers"], "answers")
            if not items:
                reader.fail(fields["answers"], "answers is empty", "at least one answer")
            answers = tuple(reader.text(item, "an answer") for item in items)
        code = reader.text(fields["code"], "code") if "code" in fields else ""
        return TextCard(type="text", question=question, answers=answers, code=code, **common)

    def model_card(self, fields: dict[str, Node], node: Node, common: dict[str, Any],
                   template: bool) -> ModelCard | TemplateCard:
        reader = self.reader
        framework: Framework = common["framework"]
        ask: Ask = "total"
        if "ask" in fields:
            ask = reader.choice(fields["ask"], "ask", ASKS)  # type: ignore[assignment]
        if ask in ("layer", "output_shape") and "layer" not in fields:
            reader.fail(node, f"ask: {ask} needs 'layer'", "layer: a number (1 = first) or a name")
        if ask not in ("layer", "output_shape") and "layer" in fields:
            reader.fail(fields["layer"], f"'layer' is given but the card asks {ask}",
                        "ask: layer or ask: output_shape")
        if "code" in fields:
            if "layers" in fields or "input_shape" in fields:
                reader.fail(fields["code"], "the card has both code and layers/input_shape",
                            "either code, or input_shape with layers")
            model, framework = self.code_model(fields["code"],
                                               framework if "framework" in fields else None)
            common["framework"] = framework
            layer_nodes: list[Node] = []
            source: str | None = reader.text(fields["code"], "code")
            template_spec = None
        else:
            for name in ("input_shape", "layers"):
                if name not in fields:
                    reader.fail(node, f"the card has no '{name}'",
                                "input_shape and layers (or code)")
            layer_reader = LayerReader(reader, template)
            shape_spec = _attempt(lambda: layer_reader.input_shape(fields["input_shape"]))
            layers = layer_reader.layers(fields["layers"])
            if shape_spec is None:
                raise Invalid
            template_spec = ModelTemplate(shape_spec, layers)
            layer_nodes = list(fields["layers"].value)
            source = None
            model = self.example(template_spec, framework, fields["layers"], common["id"],
                                 template)
        at = fields.get("layers", fields.get("code", node))
        counts = self.count(model, framework, layer_nodes, at)
        index = self.layer_ref(fields["layer"], model) if "layer" in fields else None
        if self.check_code:
            self.render(model, framework, at)
        if template_spec is not None and template:
            return TemplateCard(type="template", template=template_spec, example=model,
                                ask=ask, layer_index=index, **common)
        answer = None
        if "answer" in fields:
            answer = self.answer(fields["answer"], ask, counts, index)
        return ModelCard(type="model", model=model, ask=ask, layer_index=index, answer=answer,
                         source_code=source, **common)

    # -- models ---------------------------------------------------------------------------

    def example(self, template: ModelTemplate, framework: Framework, node: Node,
                card_id: str, may_vary: bool) -> Model:
        """The first draw the engine accepts (the only draw, when nothing varies)."""
        if not may_vary or not template_varies(template):
            return draw_model(template, _NO_RANDOM)
        rng = random.Random(f"{self.bank_id}/{card_id}")
        last = ""
        for _ in range(TEMPLATE_DRAWS):
            model = draw_model(template, rng)
            try:
                analysis(model, framework)
                return model
            except LayerFailure as failure:
                last = f"layer {failure.index + 1}, {failure.error}"
        self.reader.fail(node, f"none of {TEMPLATE_DRAWS} draws gives a possible model "
                         f"(last: {last})", "ranges whose sizes fit together")

    def count(self, model: Model, framework: Framework, layer_nodes: list[Node],
              at: Node) -> ModelReport:
        try:
            return analysis(model, framework)
        except LayerFailure as failure:
            node = layer_nodes[failure.index] if failure.index < len(layer_nodes) else at
            name = failure.name
            error = failure.error
            if isinstance(error, QuizzerError):
                self.reader.fail(node, f"the engine rejects this model in {_title(framework)}: "
                                 f"layer {failure.index + 1} ({name}), {error}",
                                 "layers that fit their inputs")
            self.reader.fail(node, f"the engine failed on layer {failure.index + 1} ({name}): "
                             f"{error!r}", "a model quizzer can analyse (please report this)")

    def render(self, model: Model, framework: Framework, at: Node) -> None:
        """The full analysis (formulas too) and the code, as questions will need them."""
        from quizzer.core.rendering import render_code

        try:
            for report in analyze(model, framework).layers:
                report.formula  # noqa: B018 - worked out now, as questions will need it
            render_code(model, framework)
        except QuizzerError as error:
            self.reader.fail(at, f"this model cannot be written as {_title(framework)} code: "
                             f"{error}", "a model the framework can express")
        except Exception as error:  # an engine bug must not crash validation
            self.reader.fail(at, f"rendering this model failed: {error!r}",
                             "a model quizzer can render (please report this)")

    def code_model(self, node: Node, framework: Framework | None) -> tuple[Model, Framework]:
        """The model that Keras or PyTorch code defines, read as `quizzer explain` reads it
        (never run); the framework is detected unless the card states it."""
        from quizzer.core.parsing import parse_model

        reader = self.reader
        code = reader.text(node, "code", "Keras or PyTorch model code")
        try:
            parsed = parse_model(code, framework)
        except QuizzerError as error:
            line = getattr(error, "line", None)
            block = isinstance(node, ScalarNode) and node.style in ("|", ">")
            at = node.start_mark
            if isinstance(line, int) and line >= 1:
                message = str(error).removeprefix(f"line {line}: ")
                reader.errors.append(BankError(
                    reader.source, at.line + line + (1 if block else 0),
                    1 if block else at.column + 1, f"in the code: {message}",
                    "code that quizzer explain reads"))
                raise Invalid from None
            reader.fail(node, f"in the code: {error}", "code that quizzer explain reads")
        except Exception as error:  # a reader bug must not crash validation
            reader.fail(node, f"reading the code failed: {error!r}",
                        "code that quizzer explain reads (please report this)")
        return parsed.model, parsed.framework

    def layer_ref(self, node: Node, model: Model) -> int:
        reader = self.reader
        names = layer_names(model.layers)
        expected = f"a layer number from 1 to {len(names)}, or a name: {', '.join(names)}"
        if isinstance(node, ScalarNode) and node.tag == INT:
            number = reader.integer(node, "layer", 1, expected)
            if number > len(names):
                reader.fail(node, f"layer {number} does not exist (the model has "
                            f"{len(names)})", expected)
            return number - 1
        name = reader.text(node, "layer", expected)
        if name not in names:
            reader.fail(node, f"no layer is named '{name}'", expected + suggestion(name, names))
        return names.index(name)

    def answer(self, node: Node, ask: Ask, counts: ModelReport, index: int | None) -> int | Shape:
        reader = self.reader
        right = asked_answer(counts, ask, index)
        given: int | Shape
        if ask == "output_shape":
            given = self.shape_answer(node)
            shown, right_shown = format_shape(given), format_shape(right)  # type: ignore[arg-type]
        else:
            given = self.count_answer(node)
            shown, right_shown = f"{given:,}", f"{right:,}"
        if given != right:
            what = {"total": "total", "layer": "count for this layer", "trainable":
                    "trainable count", "non_trainable": "non-trainable count",
                    "output_shape": "output shape"}[ask]
            reader.fail(node, f"the stated answer {shown} disagrees with quizzer's {what} "
                        f"{right_shown} in {_title(counts.framework)}",
                        f"answer: {right_shown}, or a corrected model")
        return right

    def count_answer(self, node: Node) -> int:
        reader = self.reader
        expected = "a whole number such as 10451 or 10,451"
        scalar = reader.scalar(node, "answer", expected)
        if scalar.tag == INT:
            return reader.integer(node, "answer", 0, expected)
        text = str(scalar.value).replace(",", "").replace("_", "").replace(" ", "")
        if not (text.isascii() and text.isdigit()) or len(text) > 4000:
            reader.fail(node, f"answer is {describe(node)}", expected)
        return int(text)

    def shape_answer(self, node: Node) -> Shape:
        reader = self.reader
        expected = "a shape: a list without the batch axis such as [13, 13, 32], or text " \
                   "as Keras prints it such as (None, 13, 13, 32)"
        if isinstance(node, SequenceNode):
            items = reader.sequence(node, "answer")
            return tuple(None if is_null(i) else reader.integer(i, "a size", 1, expected)
                         for i in items)
        text = reader.text(node, "answer", expected).strip()
        if not (text.startswith("(") and text.endswith(")")):
            reader.fail(node, f"answer is {describe(node)}", expected)
        parts = [p.strip() for p in text[1:-1].split(",") if p.strip()]
        if not parts or parts[0] != "None" or not all(
            p == "None" or (p.isascii() and p.isdigit() and len(p) < 20) for p in parts
        ):
            reader.fail(node, f"answer is {describe(node)}", expected)
        return tuple(None if p == "None" else int(p) for p in parts[1:])


_NO_RANDOM = random.Random(0)
"""For drawing templates in which nothing varies."""


def _attempt(read: Any) -> Any:
    try:
        return read()
    except Invalid:
        return None


def _title(framework: Framework) -> str:
    return "Keras" if framework == "keras" else "PyTorch"
