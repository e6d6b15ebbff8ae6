"""UniAPI Studio: a native desktop creative studio for the UniAPI gateway."""

__version__ = "0.1.0"
