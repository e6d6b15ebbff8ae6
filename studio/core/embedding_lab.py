"""The embeddings lab's arithmetic (cosine similarity, a PCA projection, exports) and the semantic
index of the library: each asset's text embedded once per model, cached in SQLite."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .database import transaction

if TYPE_CHECKING:
    from ..api.gateway import UniApi

BATCH = 64


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1, norms)
    result: np.ndarray = np.clip(unit @ unit.T, -1.0, 1.0)
    return result


def pca_2d(vectors: np.ndarray) -> np.ndarray:
    """The vectors on their two main axes (rows of zeros when there is nothing to spread)."""
    if len(vectors) < 2:
        return np.zeros((len(vectors), 2))
    centred = vectors - vectors.mean(axis=0)
    _u, _s, axes = np.linalg.svd(centred, full_matrices=False)
    projected: np.ndarray = centred @ axes[:2].T
    if projected.shape[1] < 2:
        projected = np.hstack([projected, np.zeros((len(vectors), 2 - projected.shape[1]))])
    return projected


def export_csv(path: Path, labels: list[str], vectors: np.ndarray) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", *[f"d{i}" for i in range(vectors.shape[1])]])
        for label, row in zip(labels, vectors, strict=True):
            writer.writerow([label, *[f"{value:.7g}" for value in row]])


def export_npy(path: Path, vectors: np.ndarray) -> None:
    np.save(path, vectors.astype(np.float32))


def asset_text(row: sqlite3.Row) -> str:
    return "\n".join(part for part in (row["title"], row["prompt"], row["text"]) if part).strip()[:8000]


@dataclass(frozen=True)
class SearchHit:
    asset_id: int
    score: float
    label: str


class SemanticIndex:
    """Library text embedded once per (model, dimensions); only new or changed items are sent."""

    def __init__(self, db: sqlite3.Connection, api: UniApi, model: str, dimensions: int | None = None) -> None:
        self.db = db
        self.api = api
        self.model = model
        self.dimensions = dimensions or 0
        self.sent = 0
        """How many texts the last `refresh` embedded (the rest came from the cache)."""

    def _items(self) -> list[tuple[int, str]]:
        rows = self.db.execute("SELECT id, title, prompt, text FROM assets WHERE trashed = 0 ORDER BY id")
        return [(row["id"], text) for row in rows if (text := asset_text(row))]

    async def refresh(self) -> int:
        items = self._items()
        cached = {
            row[0]: row[1]
            for row in self.db.execute(
                "SELECT asset_id, text_hash FROM embedding_cache WHERE model = ? AND dimensions = ?",
                (self.model, self.dimensions),
            )
        }
        todo = [(i, t, _hash(t)) for i, t in items if cached.get(i) != _hash(t)]
        self.sent = 0
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            result = await self.api.embeddings.create(
                [text for _, text, _ in batch], model=self.model, dimensions=self.dimensions or None
            )
            with transaction(self.db):
                for (asset_id, _text, digest), vector in zip(batch, result.vectors, strict=True):
                    self.db.execute(
                        "INSERT OR REPLACE INTO embedding_cache(model, dimensions, asset_id, text_hash, vector)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (self.model, self.dimensions, asset_id, digest, np.asarray(vector, "<f4").tobytes()),
                    )
            self.sent += len(batch)
        return self.sent

    async def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        await self.refresh()
        rows = list(
            self.db.execute(
                "SELECT c.asset_id, c.vector, a.title, a.prompt FROM embedding_cache c JOIN assets a"
                " ON a.id = c.asset_id WHERE c.model = ? AND c.dimensions = ? AND a.trashed = 0",
                (self.model, self.dimensions),
            )
        )
        if not rows:
            return []
        wanted = (await self.api.embeddings.create(query, model=self.model, dimensions=self.dimensions or None)).vectors
        matrix = np.vstack([np.frombuffer(row["vector"], "<f4") for row in rows])
        probe = np.asarray(wanted[0], np.float32)
        scores = matrix @ probe / (np.linalg.norm(matrix, axis=1) * (np.linalg.norm(probe) or 1) + 1e-12)
        order = np.argsort(-scores)[:limit]
        return [
            SearchHit(int(rows[i]["asset_id"]), float(scores[i]), (rows[i]["title"] or rows[i]["prompt"])[:120])
            for i in order
        ]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]
