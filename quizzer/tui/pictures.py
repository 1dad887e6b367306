"""Text pictures of a question's model (no Textual here; the widget only displays them).

- A small Dense stack: neurons as circles in columns, every connection drawn in braille dots,
  like the figures of the seed README (3 → 5 → 2).
- A Conv2D layer: its filter block, f×f×i, times o filters.
- Anything bigger: the layer stack with output shapes.

Pictures never give the answer away: no parameter counts, shapes hidden from the asked layer
on for output-shape questions, and no sizes at all for solve-for-the-unknown questions.
"""

from __future__ import annotations

from itertools import pairwise

from quizzer.core.counting import analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.layers import Conv2D, Dense
from quizzer.core.model import Model, Shape, format_shape
from quizzer.core.questions import Question

MAX_NEURONS = 6
"""Neurons drawn per column; a bigger layer shows 5 and a ⋮."""
MAX_COLUMNS = 6
"""Dense stacks with more columns (input included) are drawn as a layer stack."""
NEURON = "●"
MORE = "⋮"
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Braille dot bits by (row, column) within a cell."""


class BrailleCanvas:
    """A grid of braille cells (2×4 dots each) with text glyphs laid over it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.bits = [[0] * width for _ in range(height)]
        self.glyphs: dict[tuple[int, int], str] = {}

    def dot(self, x: int, y: int) -> None:
        cx, cy = x // 2, y // 4
        if 0 <= cx < self.width and 0 <= cy < self.height:
            self.bits[cy][cx] |= _DOTS[y % 4][x % 2]

    def line(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """Bresenham's line between two dots."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error = dx + dy
        while True:
            self.dot(x0, y0)
            if (x0, y0) == (x1, y1):
                return
            double = 2 * error
            if double >= dy:
                error += dy
                x0 += sx
            if double <= dx:
                error += dx
                y0 += sy

    def put(self, cx: int, cy: int, glyph: str) -> None:
        self.glyphs[(cx, cy)] = glyph

    def rows(self) -> list[str]:
        return [
            "".join(
                self.glyphs.get((cx, cy)) or (chr(0x2800 + bits) if bits else " ")
                for cx, bits in enumerate(row)
            ).rstrip()
            for cy, row in enumerate(self.bits)
        ]


def dense_picture(sizes: list[int], width: int, height: int = 0) -> list[str]:
    """Neurons in columns with every connection drawn; the sizes written underneath.

    Neurons are 2 rows apart, or up to 4 when `height` (the rows available) leaves room."""
    columns = len(sizes)
    shown = [min(n, MAX_NEURONS) for n in sizes]
    most = max(shown)
    gap = max(2, min(4, (height - 3) // most)) if most > 1 else 2
    height = gap * (most - 1) + 1
    canvas_width = max(columns, min(width - 2, 14 * (columns - 1) + 1))
    xs = [round(k * (canvas_width - 1) / max(1, columns - 1)) for k in range(columns)]
    canvas = BrailleCanvas(canvas_width, height)
    cells: list[list[tuple[int, int]]] = []
    for x, n, count in zip(xs, sizes, shown, strict=True):
        top = (height - (gap * (count - 1) + 1)) // 2
        ys = [top + gap * j for j in range(count)]
        neurons = [(x, y) for y in ys]
        if n > count:  # a bigger layer: 4 neurons, a ⋮, and the last neuron
            canvas.put(x, ys[-2], MORE)
            neurons = [*neurons[:-2], neurons[-1]]
        cells.append(neurons)
    for left, right in pairwise(cells):
        for x0, y0 in left:
            for x1, y1 in right:
                canvas.line(2 * x0 + 1, 4 * y0 + 2, 2 * x1, 4 * y1 + 2)
    for neurons in cells:
        for x, y in neurons:
            canvas.put(x, y, NEURON)
    labels = [" "] * (canvas_width + 8)
    for x, n in zip(xs, sizes, strict=True):
        text = str(n)
        start = max(0, min(x - len(text) // 2, len(labels) - len(text)))
        labels[start:start + len(text)] = text
    names = _column_names(columns)
    title = "Dense: " + " → ".join(f"{name} {n}" for name, n in zip(names, sizes, strict=True))
    return [*_wrap(title, width), *canvas.rows(), "".join(labels).rstrip()]


def _column_names(columns: int) -> list[str]:
    if columns == 2:
        return ["i", "o"]
    if columns == 3:
        return ["i", "h", "o"]
    return ["i", *(f"h{k}" for k in range(1, columns - 1)), "o"]


def conv_picture(
    layer: Conv2D, input_shape: Shape, output_shape: Shape | None, width: int
) -> list[str]:
    """The filter block: `o` filters, each f×f×i, drawn as f×f grids."""
    rows, cols = layer.kernel_size
    depth = input_shape[-1]
    channels = "?" if depth is None else str(depth // layer.groups)
    o = layer.filters
    lines = _wrap(f"Conv2D: {o} filter{'s' if o != 1 else ''}, each {rows}×{cols}×{channels}",
                  width)
    if rows <= 4 and cols <= 4:
        grid = _grid(rows, cols)
    else:
        inner = f"{rows}×{cols}"
        grid = ["┌" + "─" * len(inner) + "┐", "│" + inner + "│", "└" + "─" * len(inner) + "┘"]
    tile = len(grid[0]) + 1
    fits = max(1, (width + 1) // tile)
    drawn = o if o <= fits else max(1, fits - 1)
    blocks = [" ".join([row] * drawn) for row in grid]
    if drawn < o:
        middle = len(blocks) // 2
        blocks = [b + ("  …" if i == middle else "") for i, b in enumerate(blocks)]
    lines += blocks
    lines.append(f"depth {channels} each (the input's channels)")
    lines.append(f"input  {format_shape(input_shape)}")
    out = "?" if output_shape is None else format_shape(output_shape)
    lines.append(f"output {out}")
    return lines


def _grid(rows: int, cols: int) -> list[str]:
    """A compact rows×cols grid: the cells lie between its rules."""
    def edge(left: str, middle: str, right: str) -> str:
        return left + middle.join(["─"] * cols) + right

    return [edge("┌", "┬", "┐"), *[edge("├", "┼", "┤")] * (rows - 1), edge("└", "┴", "┘")]


def stack_picture(question: Question, model: Model, width: int) -> list[str]:
    """The layer stack, input first, each layer with its output shape."""
    hide_from: int | None = None
    if question.kind == "output_shape":
        hide_from = question.layer_index if question.layer_index is not None else 0
    sizes = question.kind != "solve"
    try:
        shapes: list[Shape | None] = [
            r.output_shape for r in analyze(model, question.framework).layers
        ]
    except QuizzerError:
        shapes = [None] * len(model.layers)
    lines = [f"Input {format_shape(model.input_shape)}"]
    for index, (layer, shape) in enumerate(zip(model.layers, shapes, strict=True)):
        hidden = not sizes or shape is None or (hide_from is not None and index >= hide_from)
        out = "?" if hidden or shape is None else format_shape(shape)
        name = layer.label if sizes else layer.kind
        asked = "  ← asked" if index == question.layer_index else ""
        lines.append("│")
        lines += _wrap(f"{name} → {out}{asked}", width)
    return lines


def picture_lines(question: Question, width: int, height: int = 0) -> list[str]:
    """The picture for a question, at most `width` cells wide (empty for text questions);
    `height`, when known, lets a Dense picture spread out."""
    model = question.model
    if model is None or question.kind == "text" or not model.layers:
        return []
    width = max(12, width)
    if question.kind == "compare" and question.other_model is not None:
        return [
            "model:", *stack_picture(question, model, width), "",
            "other_model:", *stack_picture(question, question.other_model, width),
        ]
    if question.kind != "solve":
        picture = _special_picture(question, model, width, height)
        if picture:
            return picture
    return stack_picture(question, model, width)


def _special_picture(question: Question, model: Model, width: int, height: int) -> list[str]:
    layers = model.layers
    index = question.layer_index if question.kind in ("layer", "output_shape") else None
    if index is None and len(layers) == 1:
        index = 0
    if index is not None and isinstance(layers[index], Conv2D):
        try:
            report = analyze(model, question.framework).layers[index]
        except QuizzerError:
            return []
        hide = question.kind == "output_shape"
        layer = layers[index]
        assert isinstance(layer, Conv2D)
        return conv_picture(layer, report.input_shape, None if hide else report.output_shape,
                            width)
    dims = model.input_shape
    if (
        question.kind not in ("output_shape",)
        and len(dims) == 1 and isinstance(dims[0], int)
        and all(isinstance(layer, Dense) for layer in layers)
        and len(layers) + 1 <= MAX_COLUMNS
    ):
        sizes = [dims[0], *(layer.units for layer in layers if isinstance(layer, Dense))]
        return dense_picture(sizes, width, height)
    return []


def _wrap(text: str, width: int) -> list[str]:
    """Break a line at spaces to fit `width` (continuations indented by two); a word longer
    than a line is cut."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) > width and current:
            lines.append(current)
            current = "  " + word
        else:
            current = candidate
        while len(current) > width:
            lines.append(current[:width])
            current = "  " + current[width:]
    lines.append(current)
    return lines
