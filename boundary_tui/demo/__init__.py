"""Demo and training practices: staff, clinicians, thousands of patients, concerns at every stage.

The demo is built through the real store API with a clock that is moved back
in time, so every demo entry went through the same rules as a real one.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from boundary_tui.core import nhs, removal
from boundary_tui.core.actions import ActionDraft
from boundary_tui.core.clock import FixedClock, SystemClock
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.core.removal import SPO_MINIMUM_YEARS, WARNING_VALID_MONTHS, add_months
from boundary_tui.core.times import london_today, london_wall_time, to_db
from boundary_tui.demo.names import FAMILY_NAMES, GIVEN_NAMES, INWARD_LETTERS, OUTWARD_CODES, STREETS, TOWN
from boundary_tui.store import Store, evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.patients import patient_row

PRACTICE_NAME = "Riverside Medical Practice"
PRACTICE_ADDRESS = "1 Riverside Walk, Leeds LS6 2AB"


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in, printed on start and listed in the README."""

    name: str
    role: str
    pin: str


DEMO_ACCOUNTS = (
    DemoAccount("Margaret Lewis", "manager", "1111"),
    DemoAccount("Priya Shah", "reception", "2222"),
    DemoAccount("Ben Clarke", "reception", "3333"),
    DemoAccount("Dr Amelia Hart", "clinician", "4444"),
)

DEMO_CLINICIANS = (
    ("Dr Amelia Hart", "GP"),
    ("Dr Rajesh Patel", "GP"),
    ("Dr Siobhán Kelly", "GP"),
    ("Grace O'Neill", "Practice nurse"),
    ("Tom Okafor", "Healthcare assistant"),
)

DEMO_BY = "demo"


@dataclass(frozen=True)
class DemoPatient:
    """A patient the demo gives a story to, so people can find and try them."""

    given_name: str
    family_name: str
    date_of_birth: date
    story: str


STORIES = (
    DemoPatient(
        "Martin",
        "O'Brien",
        date(1978, 3, 14),
        "amorous advances to Dr Amelia Hart: not with Dr Hart, chaperone with her (emergency only)",
    ),
    DemoPatient(
        "Zoë",
        "Fairbairn",
        date(1990, 7, 2),
        "harassment of Dr Rajesh Patel and Grace O'Neill: chaperone for all consultations",
    ),
    DemoPatient(
        "Declan", "Murphy-Jones", date(1969, 11, 30), "stalking Dr Siobhán Kelly: removed from the practice list"
    ),
    DemoPatient("Eve", "Sinclair", date(1985, 5, 21), "concern closed after a warning letter: no restriction any more"),
)


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    patients: int

    def describe(self) -> str:
        """What to print when a demo database is made."""
        lines = [f"Demo database: {self.path}", f"{self.patients:,} patients. Sign in as:"]
        lines += [f"  {a.name:<16} {a.role:<10} PIN {a.pin}" for a in DEMO_ACCOUNTS]
        lines.append("Patients with concerns (search their names):")
        lines += [f"  {p.given_name} {p.family_name}: {p.story}" for p in STORIES]
        return "\n".join(lines)


def sign_in_note() -> str:
    """The reminder shown on the demo's sign-in screen."""
    pins = ", ".join(f"{a.name} {a.pin}" for a in DEMO_ACCOUNTS)
    return f"Demo practice. PINs: {pins}."


def _nhs_numbers(rng: random.Random, count: int) -> list[str]:
    """Valid numbers in the 999 test range (never issued to real people)."""
    numbers: set[str] = set()
    while len(numbers) < count:
        number = nhs.with_check_digit(f"999{rng.randrange(10**6):06d}")
        if number:
            numbers.add(number)
    # Sorted first: a set's order changes from one Python process to the next (hash
    # randomisation), and the same seed must give the same demo everywhere.
    ordered = sorted(numbers)
    rng.shuffle(ordered)
    return ordered


def _postcode(rng: random.Random) -> str:
    return f"{rng.choice(OUTWARD_CODES)} {rng.randrange(1, 10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _phone(rng: random.Random) -> str:
    return f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}"


def _birth_date(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randrange(365, 95 * 365))


def _working_slot(day: date, hour: int) -> datetime:
    """`hour`:00 on the first weekday on or after `day`."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return london_wall_time(day, hour, 0)


def build_demo(path: Path, *, patients: int = 5000, seed: int = 2026, now: datetime | None = None) -> DemoSummary:
    """Write a demo practice database to `path`, which must not exist yet."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another path (the demo never overwrites a file).")
    rng = random.Random(seed)
    real_now = now or SystemClock().now()
    clock = FixedClock(real_now - timedelta(days=400))
    store = Store(path, clock=clock)
    try:
        _people(store)
        _patients(store, rng, patients - len(STORIES), london_today(real_now))
        story = {p.family_name: _add_story_patient(store, rng, p) for p in STORIES}
        _concerns(store, clock, real_now, story)
        _contacts_and_actions(store, clock, real_now, story)
        _queue_examples(store, clock, real_now)
    finally:
        store.close()
    return DemoSummary(path=path, patients=patients)


def _people(store: Store) -> None:
    store.settings.set("practice_name", PRACTICE_NAME)
    store.settings.set("practice_address", PRACTICE_ADDRESS)
    for name, job in DEMO_CLINICIANS:
        store.clinicians.add(name, job, by=DEMO_BY)
    for account in DEMO_ACCOUNTS:
        existing = store.staff.by_name(account.name)
        if existing is None:
            store.staff.add(account.name, account.role, account.pin, by=DEMO_BY)
        else:
            store.staff.set_pin(existing.id, account.pin)


def _patients(store: Store, rng: random.Random, count: int, today: date) -> None:
    now = store.patients.now_db()
    numbers = _nhs_numbers(rng, count + len(STORIES))
    rows = []
    for number in numbers[:count]:
        rows.append(
            patient_row(
                {
                    "nhs_number": number,
                    "given_name": rng.choice(GIVEN_NAMES),
                    "family_name": rng.choice(FAMILY_NAMES),
                    "date_of_birth": _birth_date(rng, today),
                    "postcode": _postcode(rng),
                    "phone": _phone(rng),
                    "address": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {TOWN}",
                },
                now=now,
                by=DEMO_BY,
            )
        )
    store.patients.insert_rows(rows)


def _add_story_patient(store: Store, rng: random.Random, person: DemoPatient) -> int:
    while True:
        number = nhs.with_check_digit(f"999{rng.randrange(10**6):06d}")
        if number and store.patients.by_nhs_number(number) is None:
            break
    patient = store.patients.add(
        nhs_number=number,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        postcode=_postcode(rng),
        phone=_phone(rng),
        address=f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {TOWN}",
        by=DEMO_BY,
    )
    return patient.id


def _concerns(store: Store, clock: FixedClock, now: datetime, story: dict[str, int]) -> None:
    """Four concerns at different stages, written as they would have happened."""
    manager = store.staff.by_name("Margaret Lewis")
    reception = store.staff.by_name("Priya Shah")
    assert manager and reception
    staff = {s.name: s.id for s in store.staff.all()}
    clinicians = {c.name: c.id for c in store.clinicians.all()}
    today = london_today(now)

    # Eve Sinclair: amorous advances to the practice nurse, closed after the warning letter.
    clock.set(now - timedelta(days=300))
    eve = store.concerns.open(
        story["Sinclair"],
        kind="amorous_advances",
        targets=[staff["Grace O'Neill"]],
        chaperone_scope="targets",
        review_on=london_today(clock.now()) + timedelta(days=90),
        by=manager.id,
    )
    clock.set(now - timedelta(days=120))
    store.concerns.close(eve.id, reason="No contact for four months after the warning letter.", by=manager.id)

    # Declan Murphy-Jones: stalking a GP; removed from the list three weeks ago.
    clock.set(now - timedelta(days=200))
    store.concerns.open(
        story["Murphy-Jones"],
        kind="stalking",
        targets=[staff["Dr Siobhán Kelly"]],
        chaperone_scope="targets",
        review_on=london_today(clock.now()) + timedelta(days=60),
        by=manager.id,
    )
    clock.set(now - timedelta(days=21))
    store.patients.mark_removed(story["Murphy-Jones"], today - timedelta(days=21), by=f"{DEMO_BY}: {manager.name}")

    # Martin O'Brien: amorous advances to Dr Hart; chaperone with her (targets only).
    clock.set(now - timedelta(days=90))
    store.concerns.open(
        story["O'Brien"],
        kind="amorous_advances",
        targets=[staff["Dr Amelia Hart"]],
        chaperone_scope="targets",
        review_on=today + timedelta(days=60),
        summary="Cards and a gift addressed to Dr Hart; asked her out at the desk.",
        by=manager.id,
    )
    # An emergency override a few days ago, not yet reviewed by a manager.
    clock.set(now - timedelta(days=6))
    slot = _working_slot(london_today(clock.now()) + timedelta(days=1), 11)
    store.appointments.book(
        patient_id=story["O'Brien"],
        clinician_id=clinicians["Dr Amelia Hart"],
        starts_at=slot,
        by=reception.id,
        chaperone_name="Grace O'Neill",
        override_reason="Chest pain; only Dr Hart free that morning.",
    )

    # Zoë Fairbairn: harassment of Dr Patel, then the nurse too; chaperone for all.
    clock.set(now - timedelta(days=40))
    zoe = store.concerns.open(
        story["Fairbairn"],
        kind="harassment",
        targets=[staff["Dr Rajesh Patel"]],
        chaperone_scope="all",
        review_on=today + timedelta(days=30),
        summary="Repeated calls and messages demanding replies.",
        by=manager.id,
    )
    clock.set(now - timedelta(days=10))
    store.concerns.change(
        zoe.id,
        targets=[staff["Dr Rajesh Patel"], staff["Grace O'Neill"]],
        reason="Messages to the nurse began last week.",
        by=manager.id,
    )

    # Upcoming appointments booked today, the way the desk books them.
    clock.set(now)
    tomorrow = today + timedelta(days=1)
    store.appointments.book(
        patient_id=story["O'Brien"],
        clinician_id=clinicians["Dr Rajesh Patel"],
        starts_at=_working_slot(tomorrow, 9),
        by=reception.id,
    )
    store.appointments.book(
        patient_id=story["Fairbairn"],
        clinician_id=clinicians["Tom Okafor"],
        starts_at=_working_slot(tomorrow, 10),
        by=reception.id,
        chaperone_name="Ben Clarke",
    )


def _contacts_and_actions(store: Store, clock: FixedClock, now: datetime, story: dict[str, int]) -> None:
    """Each story patient's contacts and the practice's actions, logged as they happened (rules apply).

    Martin O'Brien: a card, a gift, messages, a walk-in (logged with the wrong day, then corrected),
    defence-body advice, a warning letter, and contacts since: the timeline suggests police / removal.
    Zoë Fairbairn: calls and messages several times a week, one threatening voicemail not yet reported.
    Declan Murphy-Jones: stalking, reported to the police, removed at once, a Stalking Protection Order.
    Eve Sinclair: a card and a walk-in, a warning letter, then nothing: the concern was closed.
    """
    today = london_today(now)
    staff = {s.name: s.id for s in store.staff.all()}
    manager, priya, ben = staff["Margaret Lewis"], staff["Priya Shah"], staff["Ben Clarke"]
    hart, patel, kelly, oneill = (
        staff["Dr Amelia Hart"],
        staff["Dr Rajesh Patel"],
        staff["Dr Siobhán Kelly"],
        staff["Grace O'Neill"],
    )

    def at(days_ago: int, hour: int, minute: int = 0) -> datetime:
        return london_wall_time(today - timedelta(days=days_ago), hour, minute)

    def contact(
        when: datetime, patient: str, channel: str, text: str, *, by: int, aimed: tuple[int, ...], **more: Any
    ) -> int:
        clock.set(when + timedelta(minutes=25))
        draft = ContactDraft(occurred_at=when, channel=channel, aimed_at=aimed, description=text, **more)
        return store.contacts.log(story[patient], draft, by=by).id

    def action(when: datetime, patient: str, kind: str, **fields: Any) -> None:
        clock.set(when + timedelta(hours=1))
        store.actions.record(story[patient], ActionDraft(kind=kind, occurred_at=when, **fields), by=manager)

    # Eve Sinclair: amorous advances to the practice nurse; a warning letter ended it.
    contact(
        at(310, 11, 5),
        "Sinclair",
        "card",
        "A Valentine's card addressed to Grace O'Neill, signed 'E'. Handed in at reception.",
        by=priya,
        aimed=(oneill,),
        gift_handling="kept_and_declared",
        evidence_location="Concern folder, manager's office",
    )
    contact(
        at(303, 16, 40),
        "Sinclair",
        "in_person",
        "Asked at the desk whether Grace O'Neill was single and what time she finishes.",
        by=ben,
        aimed=(oneill,),
        severity="concerning",
        witnesses="Ben Clarke",
    )
    action(at(299, 10), "Sinclair", "line_manager_informed", notes="Grace O'Neill told the practice manager.")
    action(at(298, 14), "Sinclair", "defence_body_contacted", organisation="RCN", notes="Advised a warning letter.")
    action(
        at(292, 9), "Sinclair", "warning_letter_sent", signed_by="Margaret Lewis", notes="Copy in the concern folder."
    )

    # Declan Murphy-Jones: stalking Dr Kelly; police, immediate removal, a Stalking Protection Order.
    contact(
        at(215, 9, 30),
        "Murphy-Jones",
        "letter",
        "A six-page letter to Dr Kelly about 'our future together'.",
        by=priya,
        aimed=(kelly,),
        severity="concerning",
        evidence_location="Sealed envelope, manager's safe",
    )
    contact(
        at(208, 18, 45),
        "Murphy-Jones",
        "waiting_outside",
        "Waited by Dr Kelly's car in the staff car park after evening surgery.",
        by=ben,
        aimed=(kelly,),
        severity="concerning",
        witnesses="Ben Clarke",
        effect="Dr Kelly asked to be walked to her car.",
    )
    contact(
        at(203, 21, 10),
        "Murphy-Jones",
        "at_staff_home",
        "Dr Kelly saw him standing across the road from her home for about an hour.",
        by=manager,
        aimed=(kelly,),
        severity="threatening",
        effect="Dr Kelly says she is frightened to be at home alone.",
        police_called=True,
        police_officer="PC 4471 Jones",
        police_reference="Incident 0921 of the day",
    )
    action(
        at(199, 10),
        "Murphy-Jones",
        "defence_body_contacted",
        organisation="MPS",
        notes="Advised police report and removal.",
    )
    action(
        at(199, 11),
        "Murphy-Jones",
        "line_manager_informed",
        notes="Dr Kelly told the practice manager and the partners.",
    )
    action(at(198, 12), "Murphy-Jones", "police_reported", crime_reference="13/208841/26", officer="PC 4471 Jones")
    action(at(190, 9), "Murphy-Jones", "warning_letter_sent", signed_by="Margaret Lewis")
    contact(
        at(24, 12, 15),
        "Murphy-Jones",
        "in_person",
        "Shouted at reception that he would 'sort Dr Kelly out'. Left before police arrived.",
        by=priya,
        aimed=(kelly, priya),
        severity="threatening",
        witnesses="Priya Shah; two patients in the waiting room",
        police_called=True,
        police_officer="PC 5120 Ahmed",
        police_reference="13/221907/26",
    )
    action(at(23, 10), "Murphy-Jones", "police_reported", crime_reference="13/221907/26", officer="PC 5120 Ahmed")
    action(
        at(21, 9),
        "Murphy-Jones",
        "removal_effective",
        removal_route="immediate",
        effective_on=today - timedelta(days=21),
        notes="Immediate removal: threats of violence reported to the police.",
    )
    action(
        at(19, 15), "Murphy-Jones", "removal_confirmed_in_writing", notes="Letter sent recorded delivery; copy filed."
    )
    granted = today - timedelta(days=10)
    action(
        at(9, 11),
        "Murphy-Jones",
        "spo_granted",
        effective_on=granted,
        expires_on=removal.spo_minimum_expiry(granted),
        officer="DC 2210 Walsh",
        crime_reference="Leeds Magistrates' Court SPO/26/0117",
    )

    # Martin O'Brien: amorous advances to Dr Hart, continuing after the warning letter.
    contact(
        at(104, 10, 20),
        "O'Brien",
        "card",
        "A birthday card for Dr Hart signed 'with all my love, Martin'. Left at reception.",
        by=priya,
        aimed=(hart,),
        gift_handling="kept_and_declared",
        evidence_location="Concern folder, manager's office",
    )
    contact(
        at(97, 15, 0),
        "O'Brien",
        "gift",
        "Chocolates and perfume left for Dr Hart, with a note asking her to dinner.",
        by=ben,
        aimed=(hart,),
        gift_handling="kept_and_declared",
        evidence_location="Bagged and labelled, manager's office",
    )
    contact(
        at(92, 19, 30),
        "O'Brien",
        "social_media",
        "A friend request and three messages to Dr Hart's personal Instagram account.",
        by=manager,
        aimed=(hart,),
        evidence_location="Screenshots in the concern folder",
        effect="Dr Hart felt uneasy; set her account to private.",
    )
    action(
        at(89, 11),
        "O'Brien",
        "defence_body_contacted",
        organisation="MDU",
        notes="Advised: log every contact, keep the card and gift, transfer care, warning letter if it goes on.",
    )
    action(at(89, 12), "O'Brien", "line_manager_informed", notes="Dr Hart told the practice manager.")
    action(at(88, 9), "O'Brien", "care_transferred", notes="Care transferred to Dr Rajesh Patel.")
    walk_in = contact(
        at(62, 17, 50),
        "O'Brien",
        "in_person",
        "Came to the desk asking to see Dr Hart 'just for a minute'. Told she was not available; "
        "waited in the car park until 18:30.",
        by=ben,
        aimed=(hart,),
        severity="concerning",
        witnesses="Ben Clarke, Priya Shah",
    )
    clock.set(at(61, 9))
    corrected = store.contacts.get(walk_in)
    assert corrected is not None
    store.contacts.amend(
        walk_in,
        dataclasses.replace(corrected.as_draft(), occurred_at=at(63, 17, 50)),
        reason="Wrong date typed: it happened the day before.",
        by=ben,
    )
    action(
        at(55, 10),
        "O'Brien",
        "warning_letter_sent",
        signed_by="Margaret Lewis",
        notes="Sent recorded delivery; copy in the concern folder.",
    )
    contact(
        at(30, 9, 5),
        "O'Brien",
        "letter",
        "A four-page letter to Dr Hart saying he 'will wait as long as it takes'.",
        by=priya,
        aimed=(hart,),
        severity="concerning",
        evidence_location="Sealed envelope, manager's safe",
    )
    contact(
        at(12, 16, 20),
        "O'Brien",
        "phone_call",
        "Phoned twice asking what time Dr Hart finishes on Fridays. No details given.",
        by=priya,
        aimed=(hart,),
        severity="concerning",
    )

    # Zoë Fairbairn: calls and messages to Dr Patel several times a week, then to the nurse.
    messages = [
        (44, 9, "phone_call", "Demanded Dr Patel call her back today."),
        (43, 13, "text_message", "Four texts to the practice mobile asking why Dr Patel has not replied."),
        (41, 10, "email", "Email to the practice inbox for Dr Patel: 'you owe me an answer'."),
        (39, 8, "phone_call", "Called at opening time asking for Dr Patel by first name."),
        (37, 15, "text_message", "Six texts in an hour demanding Dr Patel's mobile number."),
        (33, 11, "email", "Two emails to Dr Patel, copied to the practice manager."),
        (30, 9, "phone_call", "Called three times; became abusive when told Dr Patel was unavailable."),
        (26, 14, "social_media", "Posted Dr Patel's photo on Facebook with 'he knows what he did'."),
        (19, 10, "text_message", "Texts to the practice mobile asking which days Grace O'Neill works."),
        (16, 12, "phone_call", "Asked for Grace O'Neill; wanted to know if she is 'with' Dr Patel."),
        (12, 9, "email", "Email to Grace O'Neill's NHS address demanding she pass on messages."),
        (5, 11, "text_message", "Texts demanding an appointment with Dr Patel 'or else'."),
        (2, 10, "phone_call", "Called asking whether Dr Patel is in this week."),
    ]
    for days_ago, hour, channel, text in messages:
        aimed = (oneill,) if "Grace" in text else (patel,)
        contact(
            at(days_ago, hour, 10),
            "Fairbairn",
            channel,
            text,
            by=priya if days_ago % 2 else ben,
            aimed=aimed,
            severity="concerning" if "abusive" in text or "or else" in text else "note",
        )
    action(at(39, 12), "Fairbairn", "line_manager_informed", notes="Dr Patel told the practice manager.")
    contact(
        at(8, 18, 40),
        "Fairbairn",
        "phone_call",
        "Voicemail: 'If he won't see me I will find him at home. I know where he lives.'",
        by=manager,
        aimed=(patel,),
        severity="threatening",
        evidence_location="Voicemail saved to the practice drive",
        effect="Dr Patel is worried for his family.",
    )


def _queue_examples(store: Store, clock: FixedClock, now: datetime) -> None:
    """Three more patients whose deadlines fill the manager's queue: a warning letter about
    to lapse, an immediate removal awaiting written confirmation, and an SPO near its expiry.

    Concerns go through the store; the actions are written the way the actions form writes
    them (`evidence.append` in a write transaction), each at the time it happened.
    """
    manager = store.staff.by_name("Margaret Lewis")
    assert manager is not None
    staff = {s.name: s.id for s in store.staff.all()}
    today = london_today(now)
    candidates = store.db.execute(
        """SELECT id FROM patients WHERE status = 'registered'
           AND id NOT IN (SELECT patient_id FROM concerns) ORDER BY id LIMIT 103"""
    ).fetchall()
    if len(candidates) < 3:
        return  # a demo too small to spare three patients
    warned, removed, protected = (row[0] for row in candidates[-3:])

    def action(patient_id: int, kind: str, on: date, **extra: str) -> None:
        clock.set(london_wall_time(on, 16, 0))
        with immediate(store.db):
            evidence.append(
                store.db,
                "actions",
                {
                    "patient_id": patient_id,
                    "kind": kind,
                    "occurred_at": to_db(london_wall_time(on, 10, 0)),
                    "recorded_at": to_db(clock.now()),
                    "recorded_by": manager.id,
                    **extra,
                },
            )

    def concern(patient_id: int, kind: str, target: str, opened: date, summary: str) -> None:
        clock.set(london_wall_time(opened, 9, 0))
        store.concerns.open(
            patient_id,
            kind=kind,
            targets=[staff[target]],
            chaperone_scope="targets",
            review_on=today + timedelta(days=45),
            summary=summary,
            by=manager.id,
        )

    # A warning letter sent almost a year ago: it stops supporting an ordinary removal in two weeks.
    warned_on = add_months(today + timedelta(days=14), -WARNING_VALID_MONTHS)
    concern(warned, "harassment", "Tom Okafor", warned_on - timedelta(days=20), "Abusive phone calls to the HCA.")
    action(warned, "warning_letter_sent", warned_on, signed_by="Margaret Lewis", notes="Behaviour must stop.")

    # Removed at once after threats, reported to the police; written confirmation due within 7 days.
    removed_on = today - timedelta(days=3)
    concern(removed, "aggression", "Dr Rajesh Patel", removed_on - timedelta(days=2), "Threatened Dr Patel.")
    action(removed, "police_reported", removed_on - timedelta(days=1), crime_reference="WY/2611/0457")
    action(removed, "removal_effective", removed_on, removal_route="immediate", effective_on=removed_on.isoformat())
    store.patients.mark_removed(removed, removed_on, by=f"{DEMO_BY}: {manager.name}")

    # A Stalking Protection Order granted two years ago, expiring in six weeks.
    expires_on = today + timedelta(days=42)
    granted_on = add_months(expires_on, -12 * SPO_MINIMUM_YEARS)
    concern(protected, "stalking", "Dr Siobhán Kelly", granted_on - timedelta(days=60), "Followed Dr Kelly home.")
    action(
        protected, "spo_granted", granted_on, organisation="Leeds Magistrates' Court", expires_on=expires_on.isoformat()
    )
    clock.set(now)
