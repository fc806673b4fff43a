"""A desk open all day keeps nothing it no longer shows, and does no work it has already done.

What a long day wore down (found by `benchmarks/desk_day.py`), each fixed in
`ui/textual_fixes.py`, `ui/memory.py` or the screens, and checked here without
timing anything.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import weakref

import pytest
from rich.segment import Segment
from textual._styles_cache import StylesCache
from textual.cache import FIFOCache
from textual.color import Color
from textual.strip import Strip
from textual.widgets import Footer, TextArea
from textual.worker import active_worker

from boundary_tui.app import BoundaryApp
from boundary_tui.core.timeline import TimelineEntry
from boundary_tui.store import Store, collector
from boundary_tui.ui import live, memory, textual_fixes
from boundary_tui.ui.screens import desk
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.help import HelpScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from tests.helpers.drafts import log
from tests.helpers.pilot import settle, sign_in, someone_else, type_text
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient, open_contact_form

SIZE = (120, 40)


def test_drawing_a_widget_does_not_keep_it_alive() -> None:
    """Textual cached the background styles by widget: the last 1,024 widgets' drawn lines stayed alive."""
    cache = StylesCache()
    inner, outer = cache.get_inner_outer(Color(10, 20, 30), Color(40, 50, 60, 0.5))
    assert outer.background == Color(10, 20, 30)
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


def _slot(strip: Strip, name: str) -> object:
    """A strip's slot as set, without making it (`AttributeError` if it is not set)."""
    return getattr(Strip, name).__get__(strip, Strip)


def test_a_line_drawn_makes_a_cache_only_when_it_uses_one() -> None:
    strip = Strip([Segment("Zoë O'Brien [bold]x[/bold]")])
    for name in textual_fixes.STRIP_CACHES:
        with pytest.raises(AttributeError):
            _slot(strip, name)
    cropped = strip.crop(0, 3)
    assert cropped.text == "Zoë"
    assert strip.crop(0, 3) is cropped  # made on first use, and it caches
    assert isinstance(_slot(strip, "_crop_cache"), FIFOCache)
    with pytest.raises(AttributeError, match="no attribute '_no_such_cache'"):
        strip._no_such_cache  # type: ignore[attr-defined]  # noqa: B018


def test_a_strip_has_every_cache_textual_gives_it_and_nothing_else_changes() -> None:
    """Checked against the pinned Textual's own `Strip.__init__`: an upgrade that changes its caches fails here."""
    textuals = Strip.__new__(Strip)
    textual_fixes._strip_init(textuals, [Segment("Siobhán")], 7)
    ours = Strip([Segment("Siobhán")], 7)
    caches = {name: _slot(textuals, name) for name in Strip.__slots__}
    assert {name: cache._maxsize for name, cache in caches.items() if isinstance(cache, FIFOCache)} == (
        textual_fixes.STRIP_CACHES
    )
    for name in Strip.__slots__:
        if name not in textual_fixes.STRIP_CACHES:
            assert _slot(ours, name) == caches[name], name
    for name, size in textual_fixes.STRIP_CACHES.items():
        assert getattr(ours, name)._maxsize == size


async def test_the_footer_keeps_its_keys_while_they_stay_the_same(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        footer = app.screen.query_one(Footer)
        keys = list(footer.children)
        assert keys
        for _ in range(3):
            await pilot.press("f1")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        assert list(footer.children) == keys  # the same widgets: not built again on every switch


async def test_a_timeline_is_let_go_when_the_desk_moves_on(app: BoundaryApp, store: Store, practice: Practice) -> None:
    log(store, practice, description="Phoned again.")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await type_text(pilot, "martin o'brien")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        timeline_screen = app.screen
        assert isinstance(timeline_screen, TimelineScreen) and timeline_screen.timeline is not None
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f4")  # the same patient again: shown from what was kept
        await settle(pilot)
        assert app.screen is timeline_screen and timeline_screen.timeline is not None
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # another patient chosen
        await type_text(pilot, "zoe fairbairn")
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        gc.collect()
        assert timeline_screen.timeline is None
        assert not [o for o in gc.get_objects() if isinstance(o, TimelineEntry)]
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is timeline_screen and timeline_screen.timeline is not None
        assert "Zoë Fairbairn" in str(timeline_screen.title)


async def test_a_closed_contact_form_is_let_go(app: BoundaryApp) -> None:
    """The form's text area watches the app's theme: Textual kept every one ever shown until the theme changed."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        forms = []
        for _ in range(3):
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, ContactFormScreen)
            forms.append(weakref.ref(app.screen.query_one(TextArea)))
            await pilot.press("escape")
            await settle(pilot)
        await settle(pilot)
        gc.collect()
        assert [form() for form in forms] == [None, None, None]
        assert not [o for o in gc.get_objects() if isinstance(o, TextArea)]


async def test_a_form_closes_itself_outside_its_save_worker(app: BoundaryApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closed from inside the worker, everything the close set going ran in the worker's context, which
    names the worker, which holds the form: the desk day's busiest F4 after a save had the whole form
    alive beside its 5,000 entries."""
    closed_in: list[object] = []
    original = ContactFormScreen.dismiss

    def dismiss(self: ContactFormScreen, result: object = None) -> object:
        closed_in.append(active_worker.get(None))
        return original(self, result)

    monkeypatch.setattr(ContactFormScreen, "dismiss", dismiss)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await open_contact_form(pilot, "Left a card at reception.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and closed_in == [None]


async def test_a_closed_screen_is_freed_once_the_desk_is_drawn_again(
    app: BoundaryApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed screen is cyclic garbage (its widgets and it refer to each other), which Python's own full
    passes reached only after tens of thousands of objects: a busy desk held several, and its memory rose
    a few MB an hour (desk day). Back at the desk, a desk process frees it (`collector.sweep`), and does
    not pass again within `SWEEP_EVERY` seconds."""
    full_passes: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full_passes.append(1)

    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        collector.keep_for_the_day()
        gc.disable()  # only the desk's own passes from here on
        gc.callbacks.append(counted)
        monkeypatch.setattr(collector, "SWEEP_EVERY", 3600.0)  # however slow the machine, the next close is within it
        try:
            collector._last_full_pass = float("-inf")  # a sweep is due
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            shown = weakref.ref(app.screen)
            await pilot.press("escape")
            await settle(pilot)
            assert shown() is None and len(full_passes) == 1
            await pilot.press("f1")
            await settle(pilot)
            again = weakref.ref(app.screen)
            await pilot.press("escape")
            await settle(pilot)
            assert len(full_passes) == 1  # within SWEEP_EVERY: no second pass, the garbage waits
            assert again() is not None
        finally:
            gc.callbacks.remove(counted)
            gc.enable()


async def test_a_desk_closed_for_someone_else_is_freed_once_theirs_is_drawn(app: BoundaryApp) -> None:
    """A large read freezes everything alive, the desk with it. Closed for someone else, that desk was frozen
    garbage no sweep sees: it lived on beside theirs until their first large read was freed, through that
    read (the desk day's peak). It is freed once its timers have run out (`CLOSED_DESK_FREED_AFTER`)."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        collector.keep_for_the_day()
        first = weakref.ref(app.screen)
        with collector.built_apart():
            model = [(n,) for n in range(collector.LARGE * 2)]  # a large read: the desk is frozen with it
        await pilot.press("f9")
        await settle(pilot)
        await someone_else(pilot, "Margaret Lewis", MANAGER_PIN)
        await settle(pilot)
        theirs = app.screen
        same_desk = first() is theirs  # not in an assert: pytest would keep the old desk for its message
        assert isinstance(theirs, DeskScreen) and not same_desk
        await asyncio.sleep(memory.CLOSED_DESK_FREED_AFTER + 0.5)
        await settle(pilot)
        assert first() is None
        assert model and gc.get_freeze_count() >= len(model)  # what lives is left out of later passes again


def test_a_closed_desk_is_freed_after_its_longest_timer() -> None:
    assert memory.CLOSED_DESK_FREED_AFTER > max(desk.RETRY_WRITE_SECONDS, live.REFRESH_SECONDS)


def test_large_blocks_go_back_to_the_system() -> None:
    """A sign-in's 16 MB scrypt buffer is returned when freed, not kept by malloc all day (glibc)."""
    if sys.platform.startswith("linux"):
        assert memory.return_large_blocks()


def test_a_desk_frees_what_a_freeze_pinned_once_nobody_waits() -> None:
    """After a large timeline closes and at the lock screen: cyclic garbage a freeze pinned is freed."""

    class Node:
        def __init__(self) -> None:
            self.me = self

    collector.keep_for_the_day()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage  # a cycle: only the collector frees it
    with collector.built_apart():
        model = [(n,) for n in range(collector.LARGE * 2)]  # a large read model: frozen, the cycle with it
    gc.collect()
    assert gone() is not None  # pinned by the freeze
    memory.tidy_up()
    assert gone() is None
    assert gc.get_freeze_count() >= len(model)  # what lives is left out of later passes again
    if sys.platform.startswith("linux"):
        assert memory._glibc("malloc_trim") is not None  # glibc: free pages are given back too


def test_the_caches_of_drawn_text_are_rich_and_textuals_bounded_ones() -> None:
    import rich._unicode_data
    import rich.cells
    import textual.color

    caches = memory.drawing_caches()
    assert rich.cells.cached_cell_len in caches and textual.color.Color.parse.__func__ in caches  # a classmethod's
    assert rich._unicode_data.load not in caches  # unbounded: filled once, never churns
    assert all(cache.cache_info().maxsize is not None for cache in caches)


def test_only_a_desk_process_forgets_drawn_text() -> None:
    """A test run's apps share Rich's and Textual's caches: emptied under them, each test would pay to refill."""
    from rich.cells import cached_cell_len

    cached_cell_len("Zoë O'Brien [bold]")
    assert memory.forget_drawn_text() == 0
    assert cached_cell_len.cache_info().currsize > 0


async def test_the_lock_screen_forgets_drawn_text(app: BoundaryApp) -> None:
    """Rich's and Textual's bounded caches replace entries all day, each in a different place in memory: a desk
    day's memory crept up by 1.5-2 MB in four hours. Emptied at each lock, their memory is reused."""
    from rich.cells import cached_cell_len

    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        collector.keep_for_the_day()
        seen = "Siobhán [@click=app.quit]x[/]"
        cached_cell_len(seen)
        misses = cached_cell_len.cache_info().misses
        cached_cell_len(seen)
        assert cached_cell_len.cache_info().misses == misses  # remembered while the desk works
        await pilot.press("f9")
        await settle(pilot)
        misses = cached_cell_len.cache_info().misses
        cached_cell_len(seen)
        assert cached_cell_len.cache_info().misses == misses + 1  # forgotten at the lock


async def test_a_footer_rebuilt_forgets_its_old_keys(app: BoundaryApp) -> None:
    """Each footer key is data-bound to the footer: rebuilt keys used to stay in its watcher lists, alive."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        footer = app.screen.query_one(Footer)
        for _ in range(3):
            footer.call_later(footer.recompose)  # as when the screen's keys change: in the footer's own loop
            await settle(pilot)
        watchers: dict[str, list[tuple[object, object]]] = getattr(footer, "__watchers")
        watched = [node for entries in watchers.values() for node, _ in entries]
        assert watched
        assert all(node in footer.children for node in watched)
