"""Partial download/import files and the clean-up of abandoned ones running at the same moment (the app's
start-up clean-up while a file is being taken in): a new partial is locked before the clean-up can see it."""

from __future__ import annotations

import threading

from studio.api.download import TEMP_PREFIX, TEMP_SUFFIX, new_partial, remove_if_abandoned


def test_a_new_partial_is_locked_before_a_concurrent_clean_up_can_take_or_delete_it(tmp_path):
    stop = threading.Event()

    def clean() -> None:
        while not stop.is_set():
            for leftover in tmp_path.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
                remove_if_abandoned(leftover)

    cleaners = [threading.Thread(target=clean) for _ in range(2)]
    for cleaner in cleaners:
        cleaner.start()
    problems: list[str] = []
    try:
        for _ in range(3000):
            try:
                sink, path = new_partial(tmp_path)
            except OSError as exc:  # the clean-up held the new file's lock first
                problems.append(repr(exc))
                continue
            with sink:
                sink.write(b"a result")
                if not path.exists():
                    problems.append(f"{path.name} was deleted while it was being written")
            path.unlink(missing_ok=True)
    finally:
        stop.set()
        for cleaner in cleaners:
            cleaner.join()
    assert problems == []
    assert not list(tmp_path.glob("*.new")), "no half-made name is left behind"
