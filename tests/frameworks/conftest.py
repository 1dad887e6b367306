"""The framework suite runs only where torch and keras import; Keras runs on PyTorch."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")


def pytest_configure(config: pytest.Config) -> None:
    """PyTorch warns that 'same' padding with an even kernel copies the input: expected here."""
    config.addinivalue_line("filterwarnings", "ignore:Using padding='same':UserWarning")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `frameworks` (select or skip with `-m`)."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.frameworks)


@pytest.fixture(scope="session", autouse=True)
def frameworks_available() -> None:
    """Skip with a reason when torch or keras is not installed (CI installs both)."""
    pytest.importorskip("torch", reason="the framework cross-checks need torch")
    keras = pytest.importorskip("keras", reason="the framework cross-checks need keras")
    if keras.backend.backend() != "torch":
        pytest.fail(f"Keras must run on PyTorch (KERAS_BACKEND=torch), not "
                    f"{keras.backend.backend()}")
