"""The window's thumbnail cache: a few reads at a time, the newest ask first (what the screen shows now),
so scrolling past thousands of tiles never piles their loads into one turn of the event loop."""

from __future__ import annotations

import io

from conftest import until
from PIL import Image

from studio.core.database import open_database
from studio.core.library import Library
from studio.ui.widgets import thumbnails
from studio.ui.widgets.thumbnails import LOADS_AT_ONCE, ThumbnailCache


def test_loads_run_a_few_at_a_time_newest_ask_first_and_every_ask_ends_loaded(qapp, run_async, tmp_path, monkeypatch):
    db = open_database(tmp_path / "studio.db")
    library = Library(db, tmp_path / "library", tmp_path / "thumbs")
    ids = []
    for number in range(12):
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), (number * 20, 90, 160)).save(picture, "PNG")
        asset = run_async(library.add_bytes(picture.getvalue(), title=f"picture {number}"))
        ids.append(asset.id)
    cache = ThumbnailCache(library)
    most_at_once = [0]
    started: list[int] = []
    load = ThumbnailCache._load

    async def counted(self, asset_id):
        started.append(asset_id)
        most_at_once[0] = max(most_at_once[0], self._running)
        return await load(self, asset_id)

    monkeypatch.setattr(thumbnails.ThumbnailCache, "_load", counted)
    loaded: list[int] = []
    cache.loaded.connect(loaded.append)
    for asset_id in ids:  # a view painting twelve tiles as they scroll by
        assert cache.picture(asset_id) is None
    assert cache.picture(ids[5]) is None  # a waiting tile is painted again: it is on screen once more

    run_async(until(lambda: len(loaded) == len(ids), message="not every asked thumbnail loaded"))
    assert most_at_once[0] <= LOADS_AT_ONCE
    assert started[:LOADS_AT_ONCE] == ids[:LOADS_AT_ONCE], "the first asks start at once"
    waiting = started[LOADS_AT_ONCE:]
    assert waiting[0] == ids[5], "the tile asked for again goes first"
    assert waiting[1:] == sorted(waiting[1:], reverse=True), "then the newest ask first"
    assert all(cache.has_pixmap(asset_id) for asset_id in ids) and not cache._loading
    db.close()
