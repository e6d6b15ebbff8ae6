"""The library's browsing core on a generated library of 20,000 rows over real files: queries with
filters, sorts and search, notes (migration 5), export with sidecars, and the check of every file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from library_fixture import START, build_library

from studio.core.database import open_database, schema_version
from studio.core.library import AssetQuery, Library, export_assets
from studio.core.library_check import check_files, files_to_check, remove_orphans

COUNT = 20_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big-library")
    db = open_database(folder / "studio.db")
    library = Library(db, folder / "library", folder / "thumbnails")
    build_library(library, COUNT)
    yield library
    db.close()


@pytest.fixture
def small(tmp_path: Path):
    db = open_database(tmp_path / "studio.db")
    library = Library(db, tmp_path / "library", tmp_path / "thumbnails")
    build_library(library, 60)
    yield library
    db.close()


def test_notes_are_migration_5_and_kept(small: Library):
    assert schema_version(small.db) >= 5
    small.set_notes(3, "use for the poster")
    assert small.get(3).notes == "use for the poster"


def test_search_finds_prompts_lyrics_and_tags_among_20000(big: Library):
    assert big.find_ids(AssetQuery(text="heron")) == [1234]
    assert big.find_ids(AssetQuery(text="月光")) == [777], "Chinese lyrics, by substring"
    assert big.find_ids(AssetQuery(text="grey heron reeds")) == [1234], "every word must match"
    assert big.find_ids(AssetQuery(text="nothing-like-this")) == []
    tagged = big.find_ids(AssetQuery(text="client"))
    assert tagged and all("client" in big.get(asset_id).tags for asset_id in tagged[:50])


def test_filters_combine(big: Library):
    ids = big.find_ids(
        AssetQuery(text="otter", kinds=frozenset({"image"}), family="midjourney", favourites_only=True, tag="keep")
    )
    assets = big.get_many(ids)
    assert ids and len(assets) == len(ids)
    for asset in assets.values():
        assert "otter" in asset.prompt and asset.kind == "image" and asset.family == "midjourney"
        assert asset.favourite and "keep" in asset.tags
    expected = [
        n
        for n in range(1, COUNT + 1)
        if n % 7 == 0 and n % 10 == 0 and n % 6 in (2, 3) and n not in (10, 11, 12, 13, 1234)
    ]
    assert sorted(ids) == expected, "midjourney is n % 7 == 0 (all favourites), otter n % 10 == 0, keep n % 6 in (2, 3)"
    window = big.find_ids(AssetQuery(since=START + 100 * 60, until=START + 200 * 60, model="ray-2"))
    assert window and all(100 <= n < 200 and n % 7 == 5 for n in window)


def test_sorts(big: Library):
    newest = big.find_ids(AssetQuery())
    assert len(newest) == COUNT and newest[:3] == [COUNT, COUNT - 1, COUNT - 2]
    assert big.find_ids(AssetQuery(sort="oldest"))[:2] == [1, 2]
    by_size = big.find_ids(AssetQuery(sort="size"))
    rows = big.get_many(by_size)
    sizes = [rows[asset_id].byte_size for asset_id in by_size]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    names = big.find_ids(AssetQuery(sort="name", kinds=frozenset({"video"})))
    titles = [big.get(asset_id).title.lower() for asset_id in names[:40]]
    assert titles == sorted(titles)


def test_the_trash_is_its_own_view(small: Library):
    small.trash(5, 6)
    assert 5 not in small.find_ids(AssetQuery()) and small.find_ids(AssetQuery(trashed=True)) == [6, 5]
    small.restore(5)
    assert 5 in small.find_ids(AssetQuery())


def test_export_copies_files_with_a_json_sidecar(small: Library, tmp_path: Path):
    small.set_notes(11, "keep")
    written = export_assets([small.get(11), small.get(12)], tmp_path / "out")
    names = sorted(path.name for path in written)
    assert names == ["Canyon 12.png", "Canyon 12.png.json", "Lighthouse 11.png", "Lighthouse 11.png.json"]
    sidecar = json.loads((tmp_path / "out" / "Lighthouse 11.png.json").read_text())
    assert sidecar["parameters"]["action"] == "U2" and sidecar["parent_id"] == 10 and sidecar["notes"] == "keep"
    assert (tmp_path / "out" / "Lighthouse 11.png").read_bytes() == small.get(11).path.read_bytes()


def test_the_check_finds_a_damaged_and_a_missing_file_and_orphans(small: Library):
    healthy = check_files(small, files_to_check(small))
    assert healthy.healthy and healthy.checked == len({small.get(n).sha256 for n in range(1, 61)})
    damaged, missing = small.get(20), small.get(21)
    damaged.path.write_bytes(damaged.path.read_bytes()[:-5] + b"XXXXX")
    missing.path.unlink()
    orphan = small.file_path("ab" * 32, "png")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left behind")
    report = check_files(small, files_to_check(small))
    assert [f.sha256 for f in report.damaged] == [damaged.sha256]
    assert [f.sha256 for f in report.missing] == [missing.sha256] and 21 in report.missing[0].asset_ids
    assert report.orphans == [orphan]
    assert remove_orphans(small, [*report.orphans, damaged.path, Path("/etc/hostname")]) == 1
    assert not orphan.exists() and damaged.path.exists(), "only unused files inside the library go"
