"""A short-lived cache for the incidents page's aggregates (map, timeline, filter options).

With 100,000 incidents those GROUP BYs cost more than the page of incidents itself, and they change
only when incidents change. Entries live ``ttl`` seconds per filter; every change made through this
server (a review, a status, a merge, a split) clears them at once, so its own users never see stale
counts. Changes made elsewhere (a pipeline run from the CLI, another server process) show within
``ttl`` seconds. The incident table, its total and every detail page are always read fresh.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

TTL_SECONDS = 30.0
MAX_ENTRIES = 256


class AggregateCache:
    def __init__(self, *, ttl: float = TTL_SECONDS, max_entries: int = MAX_ENTRIES) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[int, float, Any]] = {}
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            generation = self._generation
        if entry is not None and entry[0] == generation and now - entry[1] < self.ttl:
            return entry[2]
        value = compute()
        with self._lock:
            if generation == self._generation:  # not cleared while we computed
                if len(self._entries) >= self.max_entries:
                    oldest = min(self._entries, key=lambda k: self._entries[k][1])
                    self._entries.pop(oldest, None)
                self._entries[key] = (generation, now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()


def aggregates(app) -> AggregateCache:
    """The app's cache (made on first use; nothing is built at import time)."""
    cache = getattr(app.state, "aggregates", None)
    if cache is None:
        cache = app.state.aggregates = AggregateCache()
    return cache


def data_changed(app) -> None:
    """Call after every change this server makes to claims or incidents."""
    aggregates(app).clear()
