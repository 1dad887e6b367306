"""The commented starter bank that `quizzer bank new NAME` writes: one card of each kind."""

from __future__ import annotations

STARTER = """\
# A quizzer question bank: plain YAML that you can edit, share and keep in git.
# Check it after every edit:   quizzer bank validate THIS_FILE
# The whole format, with every layer and option: docs/question-banks.md
format: 1
id: BANK_ID             # letters, digits, - _ . ; questions get ids like BANK_ID/small-mlp
title: BANK_TITLE
description: My own questions.
# author: Your Name
framework: keras        # the cards' default: keras or pytorch

cards:
  # A model card: a fixed model and one question about it.
  - id: small-mlp       # keep ids stable: your progress is recorded by id
    type: model
    input_shape: [784]  # without the batch axis; null for a size that is unknown
    layers:
      - Dense: {units: 128, activation: relu}
      - Dropout: 0.2
      - Dense: 10       # shorthand for Dense: {units: 10}
    ask: total          # total, layer, trainable, non_trainable or output_shape
    answer: 101770      # optional; validation checks it against quizzer's own count

  # Ask about one layer, by number (1 = first) or by name (conv2d_1).
  - id: cnn-second-conv
    type: model
    framework: pytorch
    input_shape: [28, 28, 1]  # always channels last, as in Keras, whatever the framework
    layers:
      - Conv2D: {filters: 32, kernel_size: 3, activation: relu}
      - Conv2D: {filters: 64, kernel_size: 3}
      - MaxPooling2D: {pool_size: 2}
      - Flatten
      - Dense: 10
    ask: layer
    layer: 2
    answer: 18496
    explanation: Each of the 64 filters sees all 32 input channels through a 3×3 window.

  # A template card: sizes are drawn anew each time it comes up, to drill one skill.
  - id: dense-drill
    type: template
    input_shape: [{min: 2, max: 64}]             # a range
    layers:
      - Dense: {units: {min: 8, max: 128, step: 8}}
      - Dense: {units: [2, 5, 10]}                # a list of choices
    ask: total

  # A text card: a free question, the answers accepted, and an explanation.
  - id: bn-buffers
    type: text
    question: Does PyTorch's model.parameters() include BatchNorm's running_mean?
    answers: ["no", "no, it is a buffer"]
    explanation: >-
      running_mean, running_var and num_batches_tracked are buffers: saved with the model
      but never trained, and not counted as parameters. Keras counts its moving statistics
      as non-trainable parameters instead.
"""


def starter_bank(bank_id: str, title: str | None = None) -> str:
    """The starter bank's text with its id and title filled in."""
    name = title or bank_id.replace("-", " ").replace("_", " ").capitalize()
    return STARTER.replace("BANK_ID", bank_id).replace("BANK_TITLE", name)
