"""Re-reading a record builds only what is new: rows and entries already built are kept (store/kept.py).

Kept safely because evidence rows are append-only; these tests pin what must
still change on a re-read: another desk's new contact, a correction (the
original's entry becomes "amended"), a copy attached later, another patient.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from boundary_tui.core.contacts import Contact
from boundary_tui.store import Store, collector
from tests.helpers.drafts import contact_draft, log
from tests.helpers.practice import Practice


def _contacts(store: Store, patient: int) -> list[Contact]:
    return store.contacts.for_patient(patient)


def test_a_re_read_fetches_only_new_rows_and_returns_the_same_objects(store: Store, practice: Practice) -> None:
    first = [log(store, practice, description=f"Rang ({i})") for i in range(3)]
    before = _contacts(store, practice.obrien)
    with Store(practice.path) as other_desk:
        newer = log(other_desk, practice, description="Waited in the car park")
    fetched: list[object] = []
    original = store.contacts._rows

    def counting(patient_id: int, only: object) -> object:
        fetched.append(only)
        return original(patient_id, only)  # type: ignore[arg-type]

    store.contacts._rows = counting  # type: ignore[method-assign]
    after = _contacts(store, practice.obrien)
    assert fetched == [[newer.id]]  # only the new row was fetched
    assert [c.id for c in after][-1] == newer.id and {c.id for c in first} <= {c.id for c in after}
    kept = {c.id: c for c in before}
    assert all(c is kept[c.id] for c in after if c.id in kept)  # parsed once
    assert after[-1] == store.contacts.get(newer.id)


def test_another_patient_starts_afresh_and_forget_lets_go(store: Store, practice: Practice) -> None:
    log(store, practice)
    obrien = _contacts(store, practice.obrien)
    _contacts(store, practice.zoe)
    again = _contacts(store, practice.obrien)
    assert again == obrien and all(a is not b for a, b in zip(again, obrien, strict=True))  # read afresh
    store.timeline.forget()
    assert store.contacts._kept._rows == {}


def test_a_correction_made_elsewhere_marks_the_kept_entry_amended(store: Store, practice: Practice) -> None:
    log(store, practice, description="Rang twice")
    original = log(store, practice, description="Left a card")
    first = store.timeline.for_patient(practice.obrien, reuse=True)
    assert first is not None
    kept = next(e for e in first.entries if e.key == f"contact:{original.id}")
    assert kept.is_current
    with Store(practice.path) as other_desk:
        corrected = other_desk.contacts.amend(
            original.id,
            contact_draft(practice, description="Left a card and flowers"),
            reason="typo",
            by=practice.reception,
        )
    second = store.timeline.for_patient(practice.obrien, reuse=True)
    assert second is not None
    entry = next(e for e in second.entries if e.key == f"contact:{original.id}")
    assert entry.superseded_by == f"contact:{corrected.id}" and not entry.is_current
    unchanged = [e for e in second.entries if e.source == "contact" and e.id not in (original.id, corrected.id)]
    before = {e.key: e for e in first.entries}
    assert unchanged and all(e is before[e.key] for e in unchanged)  # reused, not rebuilt


def test_a_copy_attached_later_shows_on_the_kept_entry(store: Store, practice: Practice, tmp_path: Path) -> None:
    contact = log(store, practice, channel="letter", description="A letter")
    first = store.timeline.for_patient(practice.obrien, reuse=True)
    assert first is not None
    scan = tmp_path / "letter.txt"
    scan.write_text("Dear Doctor")
    store.attachments.attach_file(contact.id, scan, by=practice.reception)
    second = store.timeline.for_patient(practice.obrien, reuse=True)
    assert second is not None
    entry = next(e for e in second.entries if e.key == f"contact:{contact.id}")
    assert [a.file_name for a in entry.attachments] == ["letter.txt"]


def test_the_export_reads_every_row_afresh(store: Store, practice: Practice) -> None:
    log(store, practice)
    kept = _contacts(store, practice.obrien)
    stored: dict[int, dict[str, object]] = {}
    exported = store.contacts.for_patient(practice.obrien, stored=stored)
    assert exported == kept and all(a is not b for a, b in zip(exported, kept, strict=True))
    assert set(stored) == {c.id for c in kept}


@pytest.fixture
def keeping() -> object:
    collector.keep_for_the_day()
    yield
    collector.stop_keeping()


def test_only_a_desk_that_asked_freezes_what_it_builds(store: Store, practice: Practice) -> None:
    frozen = gc.get_freeze_count()
    store.timeline.for_patient(practice.obrien)
    assert gc.get_freeze_count() == frozen  # a test run's apps must stay collectable


def test_a_desk_freezes_a_large_timeline_and_frees_what_was_pinned_when_nobody_waits(
    store: Store, practice: Practice, keeping: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = gc.get_freeze_count()
    store.timeline.for_patient(practice.obrien)
    assert gc.get_freeze_count() == frozen  # a small record: a collection costs it little
    monkeypatch.setattr(collector, "LARGE", 0)  # as for a record of thousands of entries
    store.timeline.forget()
    timeline = store.timeline.for_patient(practice.obrien)
    assert timeline is not None
    assert not any(o is timeline for o in gc.get_objects())  # frozen: left out of every pass

    class Cycle:
        me: object

    pinned = Cycle()
    pinned.me = pinned
    gone = weakref.ref(pinned)
    with collector.built_apart():
        pass  # the freeze at its end pins the cycle too
    del pinned
    gc.collect()
    assert gone() is not None  # no pass sees it
    collector.collect_pinned()  # as after the frame that closed the timeline, and at the lock screen
    assert gone() is None


def test_a_long_record_holds_each_repeated_value_once_and_reads_rows_one_at_a_time(
    store: Store, practice: Practice
) -> None:
    """A desk holds the record on screen all day: who logged it, the channel, the severity and the gift's
    handling are one string each however many contacts repeat them, and the rows are built as the cursor
    yields them (5,000 rows held whole before any was built took ~4 MB more at the peak)."""
    for i in range(4):
        log(store, practice, description=f"Left a gift ({i})", channel="gift", gift_handling="kept_and_declared")
    contacts = _contacts(store, practice.obrien)
    assert len(contacts) == 4
    for field in ("logged_by_name", "channel", "severity", "gift_handling"):
        values = [getattr(c, field) for c in contacts]
        assert all(v is values[0] for v in values), field
    assert len({id(c.description) for c in contacts}) == 4
    rows = store.contacts._rows(practice.obrien, None)
    assert not isinstance(rows, list | tuple)  # a cursor, read as the rows are built
