"""The cache the server's sessions share (dashboard/core/shared_cache.py): one value per key,
the same object for everyone, the least recently used dropped first."""

from __future__ import annotations

import threading

from dashboard.core.shared_cache import SharedCache


def test_a_value_is_built_once_and_the_same_object_served():
    cache: SharedCache[list] = SharedCache(4)
    built = []

    def build():
        built.append(1)
        return ["value"]

    first = cache.get("k", build)
    assert cache.get("k", build) is first and built == [1]


def test_the_least_recently_used_goes_first():
    cache: SharedCache[str] = SharedCache(2)
    cache.get("a", lambda: "A")
    cache.get("b", lambda: "B")
    cache.get("a", lambda: "not again")  # a is now the most recent
    cache.get("c", lambda: "C")  # b goes
    assert len(cache) == 2
    assert cache.get("a", lambda: "rebuilt") == "A"
    assert cache.get("b", lambda: "rebuilt") == "rebuilt"
    cache.clear()
    assert len(cache) == 0


def test_two_sessions_building_at_once_get_the_first_kept():
    cache: SharedCache[object] = SharedCache(4)
    both_building = threading.Barrier(2)
    got = []

    def build():
        both_building.wait(timeout=10)  # each builds outside the lock, at the same time
        return object()

    threads = [threading.Thread(target=lambda: got.append(cache.get("k", build))) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(got) == 2 and got[0] is got[1]
