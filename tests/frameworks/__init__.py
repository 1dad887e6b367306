"""Cross-checks of the engine against the real Keras 3 and PyTorch (marker `frameworks`)."""
