"""Question kinds: from a drawn model, the prompt, code, answer, skills and worked solution.

Each `make_*` returns None when the model does not suit the kind (no BatchNorm for a
trainable question, no clean unknown for a solve question, ...); the caller draws again.
What only one kind needs (shape steps, unknowns, variations, the PyTorch plan) is imported
by that kind when it first makes a question, so the first question does not wait for them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizzer.core.counting import LayerReport, ModelReport, analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.generator.cache import rendered, solution_text
from quizzer.core.generator.families import LAYER_RANGE
from quizzer.core.generator.references import layer_reference
from quizzer.core.generator.rng import chance, pick
from quizzer.core.layers import Dense
from quizzer.core.model import Framework, Model, Shape, format_shape
from quizzer.core.questions import Question, QuestionKind, report_counts
from quizzer.core.rendering.summary import input_shapes
from quizzer.core.skills import layer_skills, model_skills, shape_skills

if TYPE_CHECKING:
    from quizzer.core.misconceptions import Measure

HEADERS = {"keras": "import keras\nfrom keras import layers\n",
           "pytorch": "import torch\nfrom torch import nn\n"}
COUNT_HOW = {
    "keras": "(what `model.count_params()` reports)",
    "pytorch": "(what `sum(p.numel() for p in model.parameters())` gives)",
}


@dataclass(frozen=True)
class Draw:
    """Everything a kind needs: the drawn model, analysed, and where the question sits."""

    id: str
    model: Model
    report: ModelReport
    family: str
    difficulty: int
    rng: random.Random

    @property
    def framework(self) -> Framework:
        return self.report.framework


def question(
    draw: Draw, kind: QuestionKind, prompt: str, answer: int | Shape, solution: str,
    skills: tuple[str, ...], *, code: str | None = None, runnable_code: str = "",
    layer_index: int | None = None, other_model: Model | None = None,
    extra: dict[str, object] | None = None,
) -> Question:
    """A Question with the draw's common fields filled in."""
    return Question(
        id=draw.id, kind=kind, framework=draw.framework, prompt=prompt,
        code=code if code is not None else rendered(draw.model, draw.framework),
        answer=answer, solution=solution, skills=skills, model=draw.model,
        other_model=other_model, layer_index=layer_index, difficulty=draw.difficulty,
        family=draw.family, runnable_code=runnable_code,
        extra={"counts": report_counts(draw.report), **(extra or {})},
    )


def make_total(draw: Draw) -> Question | None:
    prompt = f"How many parameters does this model have in total {COUNT_HOW[draw.framework]}?"
    report = draw.report
    return question(draw, "total", prompt, report.total, solution_text(draw.model, draw.framework),
                    model_skills(report))


def make_layer(draw: Draw) -> Question | None:
    report = draw.report
    counted = [r.index for r in report.layers if r.params]
    empty = [r.index for r in report.layers if not r.params]
    if not counted:
        return None
    index = pick(draw.rng, empty) if empty and chance(draw.rng, 0.15) else pick(draw.rng, counted)
    target = report.layers[index]
    ref = layer_reference(draw.model, index, draw.framework)
    prompt = f"How many parameters does {ref}, have?"
    formula = target.formula
    lines = [
        f"{ref[0].upper()}{ref[1:]}: its input is "
        f"{format_shape(input_shapes(report)[index])}.",
        f"{target.name} ({target.type_name(draw.framework)}): {formula.symbols}",
    ]
    if formula.symbols != "0":
        lines += [f"   = {formula.numbers}", f"   = {formula.value:,}"]
    lines += [f"   {note}" for note in formula.notes]
    if target.buffers:
        lines.append(f"   (plus {target.buffers} buffer values, which are not parameters)")
    skills = layer_skills(target, draw.framework)
    return question(draw, "layer", prompt, target.params, "\n".join(lines) + "\n", skills,
                    layer_index=index)


def with_batchnorm(draw: Draw) -> Model | None:
    """The model with a BatchNormalization after its first layer with weights (or None)."""
    from quizzer.core.layers import BatchNormalization

    model = draw.model
    for r in draw.report.layers:
        if r.params and r.output_shape and r.output_shape[-1] is not None:
            layers = (*model.layers[: r.index + 1], BatchNormalization(),
                      *model.layers[r.index + 1:])
            return Model(model.input_shape, layers)
    return None


MEASURE_PROMPTS: dict[Measure, str] = {
    "trainable": "How many of this model's parameters are trainable?",
    "non_trainable": "How many non-trainable parameters does this model have?",
    "buffers": ("How many values does this model keep in buffers "
                "(`sum(b.numel() for b in model.buffers())`)?"),
}


def make_trainable(draw: Draw) -> Question | None:
    from quizzer.core.layers import BatchNormalization

    report = draw.report
    if not any(isinstance(r.layer, BatchNormalization) for r in report.layers):
        model = with_batchnorm(draw)
        if model is None:
            return None
        try:
            report = analyze(model, draw.framework)
        except QuizzerError:
            return None
        draw = Draw(draw.id, model, report, draw.family, draw.difficulty, draw.rng)
    measure: Measure = pick(draw.rng, ("trainable", "non_trainable") if draw.framework == "keras"
                            else ("trainable", "buffers"))
    answer = {"trainable": report.trainable, "non_trainable": report.non_trainable,
              "buffers": report.buffers}[measure]
    norms = [r for r in report.layers if isinstance(r.layer, BatchNormalization)]
    lines = [solution_text(draw.model, draw.framework)]
    stats = " + ".join(f"2×{r.output_shape[-1]}" for r in norms)
    with_tracked = " + ".join(f"2×{r.output_shape[-1]} + 1" for r in norms)
    if measure == "non_trainable":
        lines.append(f"Non-trainable: BatchNormalization's moving mean and variance, "
                     f"{stats} = {answer:,}.")
    elif measure == "buffers":
        lines.append(f"Buffers: each BatchNorm keeps running_mean and running_var (2×C) and "
                     f"num_batches_tracked (1): {with_tracked} = {answer:,}. They are not "
                     "parameters.")
    elif draw.framework == "keras":
        lines.append(f"Trainable: the total {report.total:,} minus BatchNormalization's "
                     f"non-trainable moving statistics ({report.non_trainable:,}) = {answer:,}.")
    else:
        lines.append(f"Trainable: every PyTorch parameter is trainable here ({answer:,}); "
                     "BatchNorm's running statistics are buffers, not parameters.")
    skills = ("params.trainable_split", *model_skills(report)) if measure == "trainable" else (
        ("params.trainable_split", "bn.keras_non_trainable") if measure == "non_trainable"
        else ("bn.pytorch_buffers",))
    return question(draw, "trainable", MEASURE_PROMPTS[measure], answer, "\n".join(lines),
                    skills, extra={"measure": measure})


def make_output_shape(draw: Draw) -> Question | None:
    from quizzer.core.generator.shape_steps import shape_lines, torch_note
    from quizzer.core.rendering.pytorch import torch_plan

    report = draw.report
    known = [r.index for r in report.layers if all(d is not None for d in r.output_shape)]
    if not known:
        return None
    changing = [i for i in known if report.layers[i].output_shape != report.layers[i].input_shape]
    index = pick(draw.rng, changing or known)
    target = report.layers[index]
    ref = layer_reference(draw.model, index, draw.framework)
    answer: Shape = target.output_shape
    if draw.framework == "keras":
        prompt = (f"What is the output shape of {ref}? Write it as Keras prints it, "
                  "e.g. (None, 13, 13, 32).")
    else:
        answer = torch_plan(draw.model)[index].output_shape
        prompt = (f"What is the shape of the output of {ref}, for a batch of inputs? Write it "
                  "batch first, as PyTorch holds it, e.g. (N, 32, 13, 13) or "
                  "(None, 32, 13, 13).")
    lines = shape_lines(report, index)
    lines += torch_note(target.output_shape, answer, draw.framework)
    lines.append(f"Answer: {format_shape(answer)}")
    return question(draw, "output_shape", prompt, answer, "\n".join(lines) + "\n",
                    shape_skills(target, draw.framework), layer_index=index)


UNKNOWN_WORDS = {"units": "number of units", "filters": "number of filters",
                 "key_dim": "key_dim (per head)"}


def with_dense_head(draw: Draw) -> Draw | None:
    """The model with a small Dense layer on top, for models with nothing to solve for (at
    difficulty 1 never on an image: Dense on a feature map is a difficulty-5 trap)."""
    output = draw.report.output_shape
    width = output[-1] if output else None
    if width is None or len(draw.model.layers) >= LAYER_RANGE[draw.difficulty][1]:
        return None
    if draw.difficulty == 1 and len(output) > 2:
        return None
    layers = (*draw.model.layers, Dense(draw.rng.randint(2, 9 if draw.difficulty == 1 else 16)))
    model = Model(draw.model.input_shape, layers)
    try:
        report = analyze(model, draw.framework)
    except QuizzerError:
        return None
    return Draw(draw.id, model, report, draw.family, draw.difficulty, draw.rng)


def make_solve(draw: Draw) -> Question | None:
    from quizzer.core.generator.unknowns import (
        SENTINELS,
        algebra,
        find_unknown,
        placeholder,
        with_width,
    )

    indexes = list(range(len(draw.model.layers)))
    draw.rng.shuffle(indexes)
    found = next((u for i in indexes if (u := find_unknown(draw.report, i))), None)
    if found is None:
        extended = with_dense_head(draw)
        if extended is None:
            return None
        draw = extended
        found = find_unknown(draw.report, len(draw.model.layers) - 1)
        if found is None:
            return None
    report, index = draw.report, found.index
    shown_model = with_width(draw.model, index, found.field, SENTINELS[0])
    ref = placeholder(layer_reference(shown_model, index, draw.framework))
    prompt = (f"In this model, {ref}, has an unknown {UNKNOWN_WORDS[found.field]}, h. The "
              f"model has {report.total:,} parameters in total. Find h.")
    lines = [*algebra(report, found), "", solution_text(draw.model, draw.framework)]
    skills = ("algebra.solve_unknown", *model_skills(report))
    return question(draw, "solve", prompt, found.value, "\n".join(lines), skills,
                    code=found.shown_code, layer_index=index,
                    runnable_code=rendered(draw.model, draw.framework),
                    extra={"unknown": {"layer_index": index, "field": found.field}})


def comparison_code(model: Model, other: Model, framework: Framework) -> str:
    """Code defining both `model` and `other_model`."""
    from quizzer.core.rendering.keras import render_keras
    from quizzer.core.rendering.pytorch import render_pytorch

    render = render_keras if framework == "keras" else render_pytorch
    return (HEADERS[framework] + "\n" + render(model, "model", header=False) + "\n"
            + render(other, "other_model", header=False))


def _formula_line(layer: LayerReport) -> str:
    formula = layer.formula
    if formula.symbols == "0":
        return f"{formula.value:,}"
    return f"{formula.symbols} = {formula.numbers} = {formula.value:,}"


def comparison_lines(
    report: ModelReport, other: ModelReport, index: int, inserted: bool,
) -> list[str]:
    """The layers whose counts differ (the change may also change the next layer's input),
    each model's total and the subtraction."""
    pairs: list[tuple[LayerReport | None, LayerReport | None]] = []
    for position, layer in enumerate(other.layers):
        if inserted and position == index:
            pairs.append((None, layer))
        else:
            pairs.append(
                (report.layers[position - 1 if inserted and position > index else position],
                 layer))
    lines = ["Only these layers' counts differ:"]
    for mine, theirs in pairs:
        if mine is not None and theirs is not None and mine.params == theirs.params:
            continue
        if mine is not None:
            lines.append(f"  model, layer {mine.index + 1} ({mine.name}): {_formula_line(mine)}")
        if theirs is not None:
            lines.append(f"  other_model, layer {theirs.index + 1} ({theirs.name}): "
                         f"{_formula_line(theirs)}")
    difference = report.total - other.total
    sign = ("`model` has more" if difference > 0 else
            "`other_model` has more" if difference < 0 else "they have the same number")
    lines += [
        f"Totals: model {report.total:,}, other_model {other.total:,}.",
        f"Difference: {report.total:,} − {other.total:,} = {difference:,} ({sign}).",
    ]
    return lines


def make_compare(draw: Draw) -> Question | None:
    from quizzer.core.generator.variations import candidates, describe

    report = draw.report
    for variation in candidates(draw.model, draw.framework, draw.rng, draw.difficulty):
        try:
            other = analyze(variation.model, draw.framework)
        except QuizzerError:
            continue
        difference = report.total - other.total
        if difference == 0 and not (draw.framework == "pytorch" and chance(draw.rng, 0.3)):
            continue
        try:
            code = comparison_code(draw.model, variation.model, draw.framework)
        except QuizzerError:
            continue
        prompt = ("Which model has more parameters, `model` or `other_model`, and by how many? "
                  "Answer with model's total minus other_model's total (negative when "
                  "other_model has more, 0 when they are equal).")
        change = describe(variation, report, other)
        lines = [f"The models differ in one place: {change}.", "",
                 *comparison_lines(report, other, variation.index, variation.old is None), "",
                 "model, layer by layer:", solution_text(draw.model, draw.framework)]
        skills = ("compare.difference",
                  *dict.fromkeys(
                      layer_skills(other.layers[variation.index], draw.framework)
                      + (layer_skills(report.layers[variation.index], draw.framework)
                         if variation.old is not None else ())))
        return question(draw, "compare", prompt, difference, "\n".join(lines) + "\n", skills,
                        code=code, other_model=variation.model,
                        extra={"changed_layer": variation.index, "change": change})
    return None


KINDS: dict[QuestionKind, Callable[[Draw], Question | None]] = {
    "total": make_total,
    "layer": make_layer,
    "trainable": make_trainable,
    "output_shape": make_output_shape,
    "solve": make_solve,
    "compare": make_compare,
}
