"""Rule 8: each next-step hint, one rule at a time, from a timeline built in memory (`core.timeline.assemble`).

Every rule of `core.hints.RULES` has a test here (the last test checks that),
plus the escalation as a whole: the advice never falls silent while the
patient is on the list and contacts go on.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from boundary_tui.core.actions import Action
from boundary_tui.core.contacts import Contact
from boundary_tui.core.hints import RULES
from boundary_tui.core.models import Concern, Patient, Target
from boundary_tui.core.timeline import Timeline, assemble
from tests.helpers.practice import NOW

PATIENT = Patient(1, "9434765919", "Martin", "O'Brien", date(1978, 3, 14), "LS6 2AB")
REMOVED = Patient(1, "9434765919", "Martin", "O'Brien", date(1978, 3, 14), "LS6 2AB", status="removed")
HART = Target(10, "Dr Amelia Hart")
_ids = itertools.count(1)


def contact(days_ago: float, severity: str = "note", channel: str = "gift", **more: object) -> Contact:
    at = NOW - timedelta(days=days_ago)
    values: dict[str, object] = {
        "id": next(_ids),
        "patient_id": 1,
        "concern_id": None,
        "occurred_at": at,
        "logged_at": at,
        "logged_by": 2,
        "logged_by_name": "Priya Shah",
        "channel": channel,
        "aimed_at": (HART,),
        "description": "…",
        "evidence_location": "",
        "gift_handling": None,
        "witnesses": "",
        "effect": "",
        "severity": severity,
        "police_called": False,
        "police_officer": "",
        "police_reference": "",
    }
    values.update(more)
    return Contact(**values)  # type: ignore[arg-type]


def action(days_ago: float, kind: str, **more: object) -> Action:
    at = NOW - timedelta(days=days_ago)
    return Action(next(_ids), 1, 1, kind, at, at, 4, "Margaret Lewis", **more)  # type: ignore[arg-type]


def concern(kind: str = "amorous_advances", status: str = "open", closed_days_ago: float | None = None) -> Concern:
    return Concern(
        id=1,
        patient_id=1,
        kind=kind,
        chaperone_scope="targets",
        targets=(HART,),
        summary="",
        review_on=None,
        status=status,
        opened_at=NOW - timedelta(days=100),
        opened_by="Margaret Lewis",
        closed_at=NOW - timedelta(days=closed_days_ago) if closed_days_ago is not None else None,
    )


def timeline(
    contacts: list[Contact] = [],  # noqa: B006 - never mutated
    actions: list[Action] = [],  # noqa: B006
    concerns: list[Concern] = [],  # noqa: B006
    patient: Patient = PATIENT,
    now: datetime = NOW,
) -> Timeline:
    return assemble(patient=patient, now=now, concerns=concerns, contacts=contacts, actions=actions)


def codes(t: Timeline) -> list[str]:
    return [h.code for h in t.hints]


def text(t: Timeline, code: str) -> str:
    return next(h.text for h in t.hints if h.code == code)


# -- one rule at a time -------------------------------------------------------------------------


def test_nothing_logged_nothing_suggested() -> None:
    assert codes(timeline()) == []


def test_a_single_thank_you_gift_suggests_only_keep_logging_and_tell_the_line_manager() -> None:
    assert codes(timeline([contact(1)])) == ["line_manager", "keep_logging"]


def test_line_manager_until_recorded() -> None:
    assert "line_manager" in codes(timeline([contact(1)]))
    assert "line_manager" not in codes(timeline([contact(2)], [action(1, "line_manager_informed")]))


def test_keep_logging_while_it_goes_on_and_not_once_the_concern_is_closed() -> None:
    assert "keep_logging" in codes(timeline([contact(30)], concerns=[concern()]))
    closed = concern(status="closed", closed_days_ago=10)
    assert "keep_logging" not in codes(timeline([contact(30)], concerns=[closed]))
    assert "keep_logging" in codes(timeline([contact(30), contact(2)], concerns=[closed]))  # it started again


def test_open_concern_once_past_a_single_note() -> None:
    assert "open_concern" not in codes(timeline([contact(1)]))
    two = timeline([contact(5), contact(1)])
    assert "with Dr Amelia Hart" in text(two, "open_concern")
    assert "open_concern" in codes(timeline([contact(1, "concerning")]))
    assert "open_concern" not in codes(timeline([contact(5), contact(1)], concerns=[concern()]))


def test_defence_body_once_past_a_single_note_or_with_a_concern_open_until_recorded() -> None:
    assert "defence_body" not in codes(timeline([contact(1)]))
    assert "defence_body" in codes(timeline([contact(1)], concerns=[concern()]))
    assert "defence_body" in codes(timeline([contact(5), contact(1)]))
    assert "defence_body" not in codes(timeline([contact(5), contact(1)], [action(1, "defence_body_contacted")]))


def test_warning_letter_for_a_course_of_conduct_or_a_serious_contact_until_sent() -> None:
    assert "warning_letter" not in codes(timeline([contact(1)]))
    assert "warning_letter" in codes(timeline([contact(5), contact(1)]))
    assert "warning_letter" in codes(timeline([contact(1, "concerning")]))
    assert "warning_letter" not in codes(timeline([contact(5), contact(3)], [action(1, "warning_letter_sent")]))


def test_a_threatening_contact_always_suggests_the_police() -> None:
    for t in (
        timeline([contact(1, "threatening")]),
        timeline([contact(1, "threatening")], patient=REMOVED),
        timeline([contact(1, "threatening")], [action(2, "police_reported", crime_reference="1")]),  # an older report
        timeline([contact(1, "threatening")], concerns=[concern(status="closed", closed_days_ago=20)]),
    ):
        [first, *_] = t.hints
        assert first.code == "police_threat" and first.urgent
        assert "report it to the police (999 if anyone is in danger now)" in first.text
    reported = timeline([contact(2, "threatening")], [action(1, "police_reported", crime_reference="1")])
    assert "police_threat" not in codes(reported)
    called = timeline([contact(1, "threatening", police_called=True, police_reference="CAD 1")])
    assert "police_threat" not in codes(called)


def test_contacts_after_the_warning_suggest_the_police_until_reported() -> None:
    t = timeline([contact(20), contact(2)], [action(10, "warning_letter_sent")], [concern()])
    assert "1 contact since the warning letter of 13 Nov 2026: consider reporting to the police" in text(
        t, "police_after_warning"
    )
    assert "police_after_warning" not in codes(
        timeline([contact(20), contact(2)], [action(10, "warning_letter_sent"), action(1, "police_reported")])
    )


def test_removal_after_the_warning_names_the_routes_open() -> None:
    t = timeline([contact(20), contact(2)], [action(10, "warning_letter_sent")], [concern()])
    assert "consider removal from the practice list: ordinary (the warning supports it until 13 Nov 2027)" in text(
        t, "removal"
    )


def test_a_police_report_does_not_end_the_advice_removal_stays_suggested() -> None:
    t = timeline(
        [contact(20, "concerning"), contact(5, "threatening"), contact(1)],
        [action(4, "police_reported", crime_reference="13/1/26")],
        [concern("harassment")],
    )
    removal = text(t, "removal")
    assert removal.startswith("1 contact since the police report")
    assert "immediate (police report of 19 Nov 2026 on record)" in removal
    requested = timeline(
        [contact(5, "threatening"), contact(1)],
        [action(4, "police_reported"), action(0.5, "removal_requested", removal_route="immediate")],
        [concern()],
    )
    assert "removal" not in codes(requested) and "keep_logging" in codes(requested)


def test_for_stalking_a_stalking_protection_order_stays_suggested_until_one_is_in_force() -> None:
    reported = [action(4, "police_reported", crime_reference="13/1/26")]
    t = timeline([contact(5, "threatening"), contact(1)], reported, [concern("stalking")])
    assert "no Stalking Protection Order is recorded: 1 contact since the police report." in text(t, "spo")
    assert "ask the police about applying for one" in text(t, "spo")
    assert "spo" not in codes(timeline([contact(5, "threatening")], reported, [concern("harassment")]))
    removed = timeline([contact(5, "threatening"), contact(1)], reported, [concern("stalking")], patient=REMOVED)
    assert "spo" in codes(removed)  # stalking goes on after removal
    granted = action(0.5, "spo_granted", effective_on=date(2026, 11, 22), expires_on=date(2028, 11, 22))
    assert "spo" not in codes(timeline([contact(5, "threatening")], [*reported, granted], [concern("stalking")]))


def test_an_immediate_removal_must_be_confirmed_in_writing_within_seven_days() -> None:
    removal = action(0, "removal_effective", removal_route="immediate", effective_on=date(2026, 11, 23))
    t = timeline([contact(3, "threatening")], [action(1, "police_reported"), removal], patient=REMOVED)
    assert t.hints[0].code == "confirm_removal" and "is due by 30 Nov 2026" in t.hints[0].text
    late = timeline(
        [contact(3, "threatening")], [action(1, "police_reported"), removal], patient=REMOVED, now=NOW + timedelta(8)
    )
    assert "it is overdue" in late.hints[0].text


# -- the escalation as a whole ------------------------------------------------------------------


def test_the_advice_never_falls_silent_while_on_the_list_and_contacts_go_on() -> None:
    """The seed's story, step by step: at every step on the list, something is suggested, and after the police
    report, removal (and for stalking an SPO)."""
    contacts: list[Contact] = []
    actions: list[Action] = []
    kinds = iter(["amorous_advances"] * 3 + ["harassment"] * 3 + ["stalking"] * 20)
    steps = [
        ("contact", contact(60, channel="gift")),
        ("contact", contact(50, channel="social_media")),
        ("action", action(49, "line_manager_informed")),
        ("action", action(48, "defence_body_contacted")),
        ("contact", contact(40, "concerning", channel="letter")),
        ("action", action(39, "warning_letter_sent")),
        *(("contact", contact(30 - n / 10, "concerning", channel="social_media")) for n in range(4)),
        ("contact", contact(10, "threatening", channel="in_person")),
        ("contact", contact(9.9, "threatening", channel="waiting_outside")),
        ("action", action(9, "police_reported", crime_reference="13/1/26")),
        ("contact", contact(5, "concerning", channel="text_message")),
    ]
    for what, item in steps:
        (contacts if what == "contact" else actions).append(item)  # type: ignore[arg-type]
        t = timeline(list(contacts), list(actions), [concern(next(kinds))])
        assert t.hints, f"silent after {what} {item}"
        if any(a.kind == "police_reported" for a in actions):
            assert {"removal", "spo"} <= set(codes(t))


def test_every_rule_has_a_test_here() -> None:
    source = open(__file__, encoding="utf-8").read()
    untested = [rule.code for rule in RULES if f'"{rule.code}"' not in source]
    assert untested == []
