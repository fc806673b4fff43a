"""A desk runs all day: the connections its worker threads open must not pile up or grow (store/__init__.py)."""

from __future__ import annotations

import gc
import threading

from boundary_tui.store import WORKER_CACHE_KIB, Store
from tests.helpers.practice import Practice


def test_a_finished_threads_connection_is_closed_and_let_go(practice: Practice) -> None:
    with Store(practice.path) as store:
        store.patients.get(practice.obrien)  # the desk's own thread
        caches: list[int] = []

        def save_in_a_worker() -> None:
            store.patients.get(practice.obrien)
            caches.append(store.conn.execute("PRAGMA cache_size").fetchone()[0])

        for _ in range(12):
            worker = threading.Thread(target=save_in_a_worker)
            worker.start()
            worker.join()
        del worker
        gc.collect()
        assert len(store._connections) == 1  # only the desk's own thread's
        assert caches == [-WORKER_CACHE_KIB] * 12  # a worker's page cache is small
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -2000  # SQLite's default, for the desk


def test_closing_the_store_then_a_thread_ending_is_harmless(practice: Practice) -> None:
    store = Store(practice.path)
    started, finish = threading.Event(), threading.Event()

    def worker() -> None:
        store.patients.get(practice.obrien)
        started.set()
        finish.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    started.wait(5)
    store.close()
    finish.set()
    thread.join()
    del thread
    gc.collect()
    assert store._connections == []
