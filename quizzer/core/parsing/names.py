"""Who a call refers to: import aliases (`from torch import nn`, `import tensorflow as tf`)
resolved into full dotted names, and the module a layer name comes from."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from quizzer.core.parsing.values import dotted

DEFAULT_ALIASES = {
    "tf": "tensorflow",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
}
"""What the usual short names mean when the code leaves out its import lines."""

KERAS_WORDS = frozenset({"keras", "tensorflow", "tf_keras", "layers", "models", "src"})
TORCH_WORDS = frozenset({"torch", "nn", "modules"})


@dataclass
class Names:
    """The aliases bound by the code's import lines."""

    aliases: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ALIASES))

    def learn(self, statement: ast.Import | ast.ImportFrom) -> None:
        """Record what an import line binds (the import itself is never run)."""
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    self.aliases[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    self.aliases[root] = root
            return
        module = statement.module or ""
        for alias in statement.names:
            if alias.name != "*":
                full = f"{module}.{alias.name}" if module else alias.name
                self.aliases[alias.asname or alias.name] = full

    def resolve(self, node: ast.expr) -> str | None:
        """The full dotted name of a callee, e.g. `layers.Dense` -> `keras.layers.Dense`."""
        name = dotted(node)
        if name is None:
            return None
        root, _, rest = name.partition(".")
        full = self.aliases.get(root, root)
        return f"{full}.{rest}" if rest else full


def split(full: str) -> tuple[tuple[str, ...], str]:
    """(module words, last name): `tensorflow.keras.layers.Dense` -> ((...), `Dense`)."""
    parts = full.split(".")
    return tuple(parts[:-1]), parts[-1]


def is_keras(full: str) -> bool:
    """A name from Keras (any of its usual module paths) or a bare name."""
    words, _ = split(full)
    return all(w in KERAS_WORDS for w in words)


def is_torch(full: str) -> bool:
    """A name from `torch.nn` (or a bare name)."""
    words, _ = split(full)
    return all(w in TORCH_WORDS for w in words)


def is_torch_functional(full: str) -> bool:
    """`torch.relu`, `torch.nn.functional.relu`, `torch.flatten`."""
    words, _ = split(full)
    return words in (("torch",), ("torch", "nn", "functional"))
