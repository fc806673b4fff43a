"""A desk runs all day: the connections its worker threads open must not pile up or grow (store/__init__.py)."""

from __future__ import annotations

import gc
import threading

from boundary_tui.app import BoundaryApp
from boundary_tui.store import DESK_CACHE_KIB, WORKER_CACHE_KIB, Store
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
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -2000  # SQLite's default, unless asked


def test_a_desk_keeps_a_smaller_page_cache_on_its_own_connection_than_sqlites_default(practice: Practice) -> None:
    """A desk's own connection reads a patient and a record at a time: 1 MB, not SQLite's 2 MB (DESK_CACHE_KIB)."""
    app = BoundaryApp(db_path=practice.path)
    try:
        assert app.store.conn.execute("PRAGMA cache_size").fetchone()[0] == -DESK_CACHE_KIB
        caches: list[int] = []
        worker = threading.Thread(
            target=lambda: caches.append(app.store.conn.execute("PRAGMA cache_size").fetchone()[0])
        )
        worker.start()
        worker.join()
        assert caches == [-WORKER_CACHE_KIB]
    finally:
        app.store.close()


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
