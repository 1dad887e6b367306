"""The app's screens: home, question, feedback, drill length, summary, settings, and the places
the Review, Stats and Banks screens go."""
