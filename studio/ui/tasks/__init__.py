"""The Tasks dock: every music, image and video job, its progress and its result."""
