"""Titles, style tags and lyrics for the music families, made from the words of the user's prompt."""

from __future__ import annotations

import re

import numpy as np

from studio.simulator.artwork import seed_of

GENRES = (
    "pop", "rock", "jazz", "lo-fi", "synthwave", "folk", "electronic", "ballad", "funk", "ambient",
    "hip hop", "cinematic", "acoustic", "dream pop", "k-pop",
)  # fmt: skip
MOODS = ("upbeat", "melancholic", "dreamy", "energetic", "chill", "warm", "dark", "romantic")
TRIGGER = re.compile(r"\[\[[^\]]*\]\]")


def words_of(text: str) -> list[str]:
    """The words a person typed, without the simulator's [[trigger]] words."""
    return re.findall(r"[^\W_]+", TRIGGER.sub(" ", text))


def title_from(text: str) -> str:
    return " ".join(word.capitalize() for word in words_of(text)[:4]) or "Untitled"


def style_tags(text: str, count: int = 2) -> list[str]:
    """Genres and a mood, chosen by the text so the same prompt always gets the same style."""
    rng = np.random.default_rng(seed_of("tags", text))
    genres = [str(genre) for genre in rng.choice(GENRES, size=count, replace=False)]
    return [*genres, str(rng.choice(MOODS))]


def lyrics_from(text: str) -> str:
    """Verses and a chorus in Suno's bracketed sections, built from the prompt's own words."""
    words = words_of(text) or ["la"]

    def line(start: int) -> str:
        return " ".join(words[(start + offset) % len(words)] for offset in range(5))

    verse = "\n".join(line(index) for index in range(4))
    chorus = "\n".join(f"Oh {line(index)}" for index in range(2))
    return f"[Verse]\n{verse}\n\n[Chorus]\n{chorus}\n\n[Verse 2]\n{line(4)}\n{line(7)}\n\n[Chorus]\n{chorus}"
