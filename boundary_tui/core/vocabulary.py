"""The practice's words: one ordered definition per list, and everything else reads it.

Each list here is the one place a value is named: its label on screen, its
position in the forms (the order given is the order the desk meets them, so the
first is what Enter picks), and the values the database accepts (the
`vocabulary` table, filled by schema steps and checked by triggers, see
`store.schema`). Adding a value is two one-line changes:

1. a `Term` here, where it should appear on screen;
2. a schema step `add_terms(LIST, "value")` appended to `store.schema.MIGRATIONS`.

`tests/store/test_vocabulary.py` proves both are needed and enough, and that no
list here holds a value the database would refuse.

A `Vocabulary` is a read-only mapping from value to label, so
`CONTACT_CHANNELS[value]`, `CONTACT_CHANNELS.get(value, value)`, `.items()`
and `in` read as they always have.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar, overload

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a list and what staff see for it."""

    value: str
    """What the database stores (never changes once used: old rows keep it)."""
    label: str
    """What the screen and the exports say."""


class Vocabulary(Mapping[str, str]):
    """An ordered list of terms: value → label, in on-screen order."""

    def __init__(self, name: str, *terms: Term) -> None:
        self.name = name
        """The list's name in the database's `vocabulary` table."""
        self.terms = terms
        self._labels = {term.value: term.label for term in terms}
        if len(self._labels) != len(terms):
            raise ValueError(f"{name}: a value is listed twice")

    def __getitem__(self, value: str) -> str:
        return self._labels[value]

    @overload
    def get(self, value: str, /) -> str | None: ...

    @overload
    def get(self, value: str, /, default: str | _T) -> str | _T: ...

    def get(self, value: str, /, default: object = None) -> object:
        """The label, or `default` (the dict's own `get`: `Mapping.get` goes through a KeyError;
        a 5,000-entry timeline asks for three labels per entry)."""
        return self._labels.get(value, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {', '.join(self._labels)})"

    @property
    def values_in_order(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def index(self, value: str) -> int:
        """Where `value` stands in the on-screen order (a list's highlighted row)."""
        return self.values_in_order.index(value)


CONTACT_CHANNELS = Vocabulary(
    "contact_channel",
    Term("in_person", "In person at the practice"),
    Term("phone_call", "Phone call"),
    Term("letter", "Letter"),
    Term("card", "Card"),
    Term("gift", "Gift"),
    Term("text_message", "Text message"),
    Term("email", "Email"),
    Term("social_media", "Social media"),
    Term("waiting_outside", "Waiting outside / car park"),
    Term("at_staff_home", "At a staff member's home"),
    Term("via_someone_else", "Via someone else"),
    Term("other", "Other"),
)
"""How an inappropriate contact reached the practice or a member of staff: the walk-in first, so Enter picks it."""

SEVERITIES = Vocabulary(
    "severity",
    Term("note", "Note"),
    Term("concerning", "Concerning"),
    Term("threatening", "Threatening"),
)
"""How serious a contact was (a threatening one always calls for the police: rule 8)."""

GIFT_HANDLING = Vocabulary(
    "gift_handling",
    Term("refused", "Refused"),
    Term("returned", "Returned"),
    Term("shared_with_staff", "Shared with staff"),
    Term("kept_and_declared", "Kept and declared"),
)
"""What was done with a gift or card (advise not handling it further: it may be evidence)."""

ACTION_KINDS = Vocabulary(
    "action_kind",
    Term("defence_body_contacted", "Defence body contacted"),
    Term("line_manager_informed", "Line manager informed"),
    Term("spoke_to_patient", "Spoke to the patient"),
    Term("warning_letter_sent", "Warning letter sent"),
    Term("care_transferred", "Care transferred"),
    Term("chaperone_arranged", "Chaperone arranged"),
    Term("police_reported", "Reported to the police"),
    Term("police_warning", "Police warning"),
    Term("removal_requested", "Removal from the list requested"),
    Term("removal_effective", "Removal from the list effective"),
    Term("removal_confirmed_in_writing", "Removal confirmed in writing"),
    Term("spo_granted", "Stalking Protection Order"),
    Term("concern_reviewed", "Concern reviewed"),
    Term("concern_closed", "Concern closed"),
    Term("other", "Other"),
)
"""Steps the practice took, in the order a concern usually unfolds (formal actions are recorded by managers: rule 6)."""

REMOVAL_ROUTES = Vocabulary(
    "removal_route",
    Term("ordinary", "Ordinary (after a warning within 12 months)"),
    Term("immediate", "Immediate (violence or threats reported to the police)"),
)
"""The two ways off the practice list (rule 9)."""

CONCERN_KINDS = Vocabulary(
    "concern_kind",
    Term("amorous_advances", "Amorous advances"),
    Term("harassment", "Harassment"),
    Term("stalking", "Stalking"),
    Term("aggression", "Aggression"),
    Term("other", "Other"),
)
"""What kind of behaviour a concern is about (it changes as the behaviour escalates)."""

CHAPERONE_SCOPES = Vocabulary(
    "chaperone_scope",
    Term("none", "No chaperone"),
    Term("targets", "Chaperone with targeted staff only"),
    Term("all", "Chaperone for all consultations"),
)
"""When a consultation needs a chaperone (rule 3)."""

CONCERN_CHANGES = Vocabulary(
    "concern_change",
    Term("opened", "Concern opened"),
    Term("kind_changed", "Concern kind changed"),
    Term("targets_changed", "Do-not-book list changed"),
    Term("allowed_changed", "Book-only-with list changed"),
    Term("scope_changed", "Chaperone scope changed"),
    Term("review_date_changed", "Review date changed"),
    Term("summary_changed", "Concern summary changed"),
    Term("reviewed", "Concern reviewed"),
    Term("closed", "Concern closed"),
)
"""What happened to a concern, as its history on the timeline says."""

STAFF_CHANGES = Vocabulary(
    "staff_change",
    Term("added", "Account added"),
    Term("pin_set", "PIN set"),
    Term("pin_changed", "PIN changed by its owner"),
    Term("pin_reset", "PIN reset"),
    Term("role_changed", "Role changed"),
    Term("disabled", "Account disabled"),
    Term("diary_changed", "Diary added or changed"),
    Term("as_found", "Recorded as found when the record began"),
    Term("lock_lifted", "Lock-out lifted by a manager"),
)
"""What happened to a staff account (who may sign in, and as what: rule 6)."""

PATIENT_CHANGES = Vocabulary(
    "patient_change",
    Term("removed", "Removed from the list"),
    Term("as_found", "Recorded as found when the record began"),
)
"""Changes to a patient's place on the practice list (rule 4)."""

APPOINTMENT_CHANGES = Vocabulary(
    "appointment_change",
    Term("booked", "Appointment booked"),
    Term("cancelled", "Appointment cancelled"),
    Term("moved", "Appointment moved"),
    Term("as_found", "Recorded as found when the record began"),
)
"""What happened to an appointment. A move cancels the old appointment (recorded `moved`, with the reason)
and books a new one (recorded `booked`, pointing back at it with `moved_from`), in one transaction."""

CHECKPOINT_REASONS = Vocabulary(
    "checkpoint_reason",
    Term("export", "An export"),
    Term("bundle", "An evidence bundle"),
    Term("backup", "A backup"),
    Term("daily", "The daily checkpoint"),
    Term("by_hand", "Made by hand"),
)
"""Why a signed checkpoint of the chain was made."""

DISCLOSURES = Vocabulary(
    "disclosure",
    Term("timeline_viewed", "Timeline opened"),
    Term("details_viewed", "Concern details opened"),
    Term("entry_viewed", "Entry opened"),
    Term("exported", "Exported"),
    Term("bundled", "Evidence bundle made"),
)
"""What was done with a patient's record: each view and each disclosure is itself on the record."""

RECIPIENTS = Vocabulary(
    "recipient",
    Term("police", "Police"),
    Term("defence_body", "Defence body"),
    Term("regulator", "Regulator"),
    Term("patient_sar", "The patient (subject access request)"),
    Term("practice", "The practice's own use"),
    Term("other", "Other"),
)
"""For whom an export or a bundle was made."""

ATTACHMENT_SOURCES = Vocabulary(
    "attachment_source",
    Term("inbox", "From the evidence inbox"),
    Term("command_line", "From the server's command line"),
    Term("desk", "At the desk"),
)
"""How a copy of evidence reached the record."""

ALL: tuple[Vocabulary, ...] = (
    CONTACT_CHANNELS,
    SEVERITIES,
    GIFT_HANDLING,
    ACTION_KINDS,
    REMOVAL_ROUTES,
    CONCERN_KINDS,
    CHAPERONE_SCOPES,
    CONCERN_CHANGES,
    STAFF_CHANGES,
    PATIENT_CHANGES,
    APPOINTMENT_CHANGES,
    CHECKPOINT_REASONS,
    DISCLOSURES,
    RECIPIENTS,
    ATTACHMENT_SOURCES,
)
"""Every list the database checks values against."""
