"""A small cache shared by every session of the server: what one session builds (a map's
outlines, a heat picture, the wall's map) the others are served, the least recently used dropped
past a size."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class SharedCache(Generic[T]):
    """At most `size` values by key, safe to use from the server's threads. A value is built
    outside the lock (two sessions may build the same one at once; the first kept wins, so
    every caller gets the same object)."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value kept for `key`, else build() kept and returned."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        built = build()
        with self._lock:
            kept = self._values.setdefault(key, built)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return kept

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
