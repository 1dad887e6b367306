"""The app's own widgets: the model picture, the code view and the drill's countdown bar."""
