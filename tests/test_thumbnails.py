"""The window's thumbnail cache: a few reads at a time, the newest ask first (what the screen shows now),
once the view has stopped moving, so scrolling past thousands of tiles never piles their loads into one
turn of the event loop nor takes the cores from the scrolling."""

from __future__ import annotations

import io

from conftest import until
from PIL import Image

from studio.core.database import open_database
from studio.core.library import Library
from studio.ui.widgets import thumbnails
from studio.ui.widgets.thumbnails import LOADS_AT_ONCE, ThumbnailCache


def library_of_pictures(tmp_path, run_async, count: int):
    """A library of `count` small pictures, each its own colour: the database, the library, their ids."""
    db = open_database(tmp_path / "studio.db")
    library = Library(db, tmp_path / "library", tmp_path / "thumbs")
    ids = []
    for number in range(count):
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), (number * 8, 90, 160)).save(picture, "PNG")
        ids.append(run_async(library.add_bytes(picture.getvalue(), title=f"picture {number}")).id)
    return db, library, ids


def test_loads_run_a_few_at_a_time_newest_ask_first_and_every_ask_ends_loaded(qapp, run_async, tmp_path, monkeypatch):
    db, library, ids = library_of_pictures(tmp_path, run_async, 12)
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
    assert started[0] == ids[5], "the tile asked for again goes first"
    assert started[1:] == sorted(started[1:], reverse=True), "then the newest ask first"
    assert all(cache.has_pixmap(asset_id) for asset_id in ids) and not cache._loading
    db.close()


def test_no_load_starts_while_new_tiles_keep_asking_and_the_last_screen_loads_once_they_stop(
    qapp, run_async, tmp_path, monkeypatch
):
    import asyncio
    import time

    db, library, ids = library_of_pictures(tmp_path, run_async, 30)
    monkeypatch.setattr(thumbnails, "SETTLE_MS", 500)  # far above the asks' 10 ms: a busy machine cannot fool it
    cache = ThumbnailCache(library)
    started: list[int] = []
    load = ThumbnailCache._load

    async def counted(self, asset_id):
        started.append(asset_id)
        return await load(self, asset_id)

    monkeypatch.setattr(thumbnails.ThumbnailCache, "_load", counted)

    async def fling_then_stop() -> tuple[list[int], float]:
        """A new tile every 10 ms (a view flung through the grid), then nothing: what had started by the
        last ask, and how long after it the first load began."""
        for asset_id in ids:
            cache.picture(asset_id)
            await asyncio.sleep(0.01)
        last_ask = time.perf_counter()
        while_moving = list(started)
        await until(lambda: bool(started), message="no load started once the asks stopped")
        waited = time.perf_counter() - last_ask
        await until(lambda: all(cache.has_pixmap(asset_id) for asset_id in ids), message="not every tile loaded")
        return while_moving, waited

    while_moving, waited = run_async(fling_then_stop())
    assert while_moving == [], "a load started while the view was still moving"
    assert started[0] == ids[-1], "the tiles on the screen where it stopped load first"
    assert waited >= 0.9 * thumbnails.SETTLE_MS / 1000  # a coarse Qt timer may fire up to 5% early
    db.close()
