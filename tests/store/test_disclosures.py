"""The access and disclosure log: views and exports of a patient's record are on that record, in their own chain."""

from __future__ import annotations

from datetime import timedelta

import pytest

from boundary_tui.core.errors import Invalid
from boundary_tui.export import document
from boundary_tui.store import Store, chain
from tests.helpers.practice import NOW, Practice


def test_a_view_is_logged_for_everyone_in_the_patients_own_chain(store: Store, practice: Practice) -> None:
    row = store.disclosures.viewed(practice.obrien, "timeline_viewed", by=practice.reception)
    entry = chain.entry_for(store.db, "disclosures", row)
    assert entry is not None and entry.patient_id == practice.obrien
    [seen] = store.disclosures.for_patient(practice.obrien)
    assert seen.sentence() == "Timeline opened, by Priya Shah."
    assert seen.chain_head is not None


def test_an_export_records_for_whom_and_which_head(store: Store, practice: Practice) -> None:
    doc = document(
        store,
        practice.obrien,
        generated_by="Margaret Lewis",
        by=practice.manager,
        recipient="police",
        recipient_detail="PC 4411 Jones, crime ref 13/123456/26",
        fmt="json",
    )
    assert doc is not None
    [handed] = store.disclosures.for_patient(practice.obrien)
    assert handed.sentence() == "Exported (json) for police (PC 4411 Jones, crime ref 13/123456/26), by Margaret Lewis."
    assert any(link.table == "disclosures" for link in doc.record.links)  # the export carries its own disclosure
    assert [d.id for d in store.disclosures.handed_out_since(NOW - timedelta(days=7))] == [handed.id]


def test_a_disclosure_must_say_for_whom(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as refused:
        store.disclosures.handed_out(practice.obrien, "exported", recipient="a friend", by=practice.manager)
    assert "Say for whom it is" in refused.value.problems["recipient"]
    assert store.disclosures.for_patient(practice.obrien) == []
