"""Rule 8: what to do next, from what is (and is not) on the timeline.

The defence bodies' advice (PRODUCT.md, `ADVICE` below) is turned into a
table of rules, one situation each: `RULES`. Each rule says when it applies,
what it suggests and which point of the advice it comes from, so a practice
manager can check the table (`docs/hints.md`, written from `RULES`) against the
advice, and a test checks the table against this code.

Two principles shape the table:

* proportion: a single low-severity contact (a thank-you card) suggests only
  keeping the log and telling the line manager, not the whole escalation;
* no silence while it goes on: a step taken (a warning letter, a police report)
  answers one suggestion and opens the next; while the patient is on the list
  and contacts are logged, something is always suggested (at least: keep
  logging), and after a police report removal (and, for stalking, a Stalking
  Protection Order) stays suggested until it is recorded.

Pure: the timeline, the export and the tests all ask here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from boundary_tui.core.actions import Action
from boundary_tui.core.contacts import Contact
from boundary_tui.core.list_status import ListStatus
from boundary_tui.core.models import Concern
from boundary_tui.core.times import london_today, show_date

REMOVAL_KINDS = frozenset({"removal_requested", "removal_effective"})

ADVICE: dict[int, str] = {
    1: "Make clear early that the relationship must stay professional and the behaviour must stop.",
    2: "Stop booking the patient with the targeted doctor (transfer care to colleagues).",
    3: "Use a chaperone for any consultation that does go ahead (emergencies included).",
    4: "Keep a log of every inappropriate contact, and copies of letters, cards and messages.",
    5: "Think carefully before accepting any gift.",
    6: "Tell the line manager / practice manager, and get advice from the defence body early.",
    7: "The practice manager or a senior partner writes to the patient: the behaviour must stop, and what follows.",
    8: "Report to the police when anyone feels threatened; a Stalking Protection Order may follow.",
    9: "Remove the patient from the practice list when the relationship has broken down.",
}
"""The defence bodies' advice as PRODUCT.md numbers it: each rule names the points it follows."""


@dataclass(frozen=True)
class Hint:
    """One suggested next step."""

    code: str
    """Stable name (tests and exports refer to it)."""
    text: str
    urgent: bool = False


@dataclass(frozen=True)
class Record:
    """What the rules look at: one patient's current contacts and actions, concerns and list status."""

    contacts: tuple[Contact, ...]
    """Oldest first."""
    actions: tuple[Action, ...]
    """Oldest first."""
    concerns: tuple[Concern, ...]
    status: ListStatus

    @property
    def kinds(self) -> set[str]:
        return {a.kind for a in self.actions}

    @property
    def on_list(self) -> bool:
        return self.status.removed_on is None

    @property
    def beyond_a_single_note(self) -> bool:
        """More than one contact, or one that was more than a note: past the "thank-you card" stage."""
        return len(self.contacts) >= 2 or any(c.severity != "note" for c in self.contacts)

    def last(self, kind: str) -> Action | None:
        return next((a for a in reversed(self.actions) if a.kind == kind), None)

    def contacts_after(self, moment: datetime) -> list[Contact]:
        return [c for c in self.contacts if c.occurred_at > moment]

    @property
    def live(self) -> bool:
        """The matter is going on: a concern is open, or contacts came after every concern was closed."""
        if any(c.is_open for c in self.concerns):
            return True
        closed = [c.closed_at for c in self.concerns if c.closed_at is not None]
        return not closed or any(c.occurred_at > max(closed) for c in self.contacts)

    @property
    def removal_under_way(self) -> bool:
        return bool(self.kinds & REMOVAL_KINDS) or not self.on_list


def _count(contacts: Sequence[Contact]) -> str:
    return "1 contact" if len(contacts) == 1 else f"{len(contacts)} contacts"


def _day(moment: datetime) -> str:
    return show_date(london_today(moment))


# -- the rules, one situation each -----------------------------------------------------------


def _confirm_removal(r: Record) -> str | None:
    due = r.status.confirmation_due_on
    if due is None:
        return None
    late = due < r.status.today
    when = f"was due by {show_date(due)}: it is overdue" if late else f"is due by {show_date(due)}"
    return (
        f"Written confirmation of the immediate removal {when}. Send it, then record "
        "'Removal confirmed in writing' (F6)."
    )


def _police_threat(r: Record) -> str | None:
    reports = [a.occurred_at for a in r.actions if a.kind == "police_reported"]
    unreported = [
        c
        for c in r.contacts
        if c.severity == "threatening" and not c.police_called and not any(t >= c.occurred_at for t in reports)
    ]
    if not unreported:
        return None
    last = unreported[-1]
    more = f" ({len(unreported)} threatening contacts not reported)" if len(unreported) > 1 else ""
    return (
        f"A threatening contact on {_day(last.occurred_at)}{more}: report it to the police (999 if anyone is in "
        "danger now) and record the crime reference (F6)."
    )


def _open_concern(r: Record) -> str | None:
    if not r.contacts or not r.on_list or any(c.is_open for c in r.concerns) or not r.beyond_a_single_note:
        return None
    closed = [c.closed_at for c in r.concerns if c.closed_at is not None]
    since_closed = [c for c in r.contacts if not closed or c.occurred_at > max(closed)]
    if not since_closed:
        return None
    names = sorted({t.name for c in since_closed for t in c.aimed_at})
    whom = f" with {', '.join(names)}" if names else ""
    return (
        f"Contacts are logged but no concern is open: the practice manager should open one (F5) so the desk stops "
        f"booking them{whom} and a chaperone is arranged where needed."
    )


def _defence_body(r: Record) -> str | None:
    if not r.contacts or "defence_body_contacted" in r.kinds:
        return None
    if not r.beyond_a_single_note and not any(c.is_open for c in r.concerns):
        return None
    return (
        "Contacts are logged but no defence-body advice is recorded: get advice early (MDU, MPS, MDDUS…) and "
        "record it (F6)."
    )


def _line_manager(r: Record) -> str | None:
    if not r.contacts or "line_manager_informed" in r.kinds:
        return None
    return "Tell the line manager or practice manager, and record that they were told (F6)."


def _warning_letter(r: Record) -> str | None:
    if not r.on_list or r.last("warning_letter_sent") or not r.beyond_a_single_note:
        return None
    return (
        "Consider a warning letter from the practice manager or a senior partner: the behaviour is inappropriate "
        "and must stop, or removal from the list and the police will follow (W writes a draft; record it with F6 "
        "once sent)."
    )


def _police_after_warning(r: Record) -> str | None:
    warning = r.last("warning_letter_sent")
    if not r.on_list or warning is None or _police_threat(r):
        return None
    after = r.contacts_after(warning.occurred_at)
    reported = any(a.kind == "police_reported" and a.occurred_at >= warning.occurred_at for a in r.actions)
    if not after or reported:
        return None
    return (
        f"{_count(after)} since the warning letter of {_day(warning.occurred_at)}: consider reporting to the "
        "police (harassment and stalking are offences) and record the crime reference (F6)."
    )


def _removal(r: Record) -> str | None:
    if r.removal_under_way:
        return None
    warning = r.last("warning_letter_sent")
    report = r.last("police_reported")
    after_warning = r.contacts_after(warning.occurred_at) if warning else []
    if not after_warning and report is None:
        return None
    routes: list[str] = []
    if r.status.warning_current and r.status.warning_lapses_on:
        routes.append(f"ordinary (the warning supports it until {show_date(r.status.warning_lapses_on)})")
    if report is not None:
        routes.append(f"immediate (police report of {_day(report.occurred_at)} on record)")
    why = (
        f"{_count(after_warning)} since the warning letter of {_day(warning.occurred_at)}"
        if warning and after_warning
        else "Reported to the police"
    )
    if report is not None and (after_report := r.contacts_after(report.occurred_at)):
        why = f"{_count(after_report)} since the police report"
    open_routes = f": {'; '.join(routes)}" if routes else ""
    return f"{why}: consider removal from the practice list{open_routes}. Record it with F6."


def _spo(r: Record) -> str | None:
    stalking = any(c.is_open and c.kind == "stalking" for c in r.concerns)
    report = r.last("police_reported")
    if not stalking or report is None or r.status.spo_in_force:
        return None
    after = r.contacts_after(report.occurred_at)
    since = f" {_count(after)} since the police report." if after else ""
    return (
        f"Stalking reported to the police on {_day(report.occurred_at)} and no Stalking Protection Order is "
        f"recorded:{since} ask the police about applying for one (at least 2 years); record it with F6 if granted."
    )


def _keep_logging(r: Record) -> str | None:
    if not r.contacts or not r.live:
        return None
    return "Keep logging every contact as it happens, and keep copies of letters, cards, gifts and messages."


@dataclass(frozen=True)
class Rule:
    """One situation of the advice and what it suggests: a row of the table in `docs/hints.md`."""

    code: str
    advice: tuple[int, ...]
    """The points of `ADVICE` it follows."""
    situation: str
    """When it applies, in plain words."""
    suggestion: str
    """What it suggests, in a few words (the hint itself gives dates and counts)."""
    hint: Callable[[Record], str | None]
    urgent: bool = False


RULES: tuple[Rule, ...] = (
    Rule(
        "confirm_removal",
        (9,),
        "An immediate removal is on record and its written confirmation is not.",
        "Send the written confirmation within 7 days of the removal, then record it.",
        _confirm_removal,
        urgent=True,
    ),
    Rule(
        "police_threat",
        (8,),
        "A threatening contact that no police report (on or after it) or call at the time covers. Always, "
        "whatever else is on record.",
        "Report it to the police (999 if anyone is in danger now) and record the crime reference.",
        _police_threat,
        urgent=True,
    ),
    Rule(
        "open_concern",
        (2, 3),
        "On the list, more than a single low-severity contact, and no concern open.",
        "The practice manager opens a concern: whom not to book, and the chaperone.",
        _open_concern,
    ),
    Rule(
        "defence_body",
        (6,),
        "More than a single low-severity contact (or a concern open), and no defence-body advice recorded.",
        "Get advice early from the defence body and record it.",
        _defence_body,
    ),
    Rule(
        "line_manager",
        (6,),
        "Any contact logged, and nobody recorded as told.",
        "Tell the line manager or practice manager, and record it.",
        _line_manager,
    ),
    Rule(
        "warning_letter",
        (1, 7),
        "On the list, no warning letter, and more than a single low-severity contact.",
        "A warning letter from the practice manager or a senior partner.",
        _warning_letter,
    ),
    Rule(
        "police_after_warning",
        (8,),
        "On the list, contacts since the warning letter, and no police report since it.",
        "Consider reporting to the police.",
        _police_after_warning,
    ),
    Rule(
        "removal",
        (9,),
        "On the list, no removal requested, and contacts since the warning letter or a police report on record "
        "(a police report does not end this: it opens the immediate route).",
        "Consider removal from the practice list, naming the routes open.",
        _removal,
    ),
    Rule(
        "spo",
        (8,),
        "A stalking concern is open, a police report is on record and no Stalking Protection Order is in force "
        "(on or off the list).",
        "Ask the police about a Stalking Protection Order.",
        _spo,
    ),
    Rule(
        "keep_logging",
        (4,),
        "Contacts logged and the matter going on: a concern open, or contacts since the last one was closed "
        "(so the advice never falls silent while it goes on).",
        "Keep logging every contact, and keep copies.",
        _keep_logging,
    ),
)
"""Every hint, most urgent first, then in the order a concern usually unfolds."""


IN_ORDER = attrgetter("occurred_at", "id")
"""The order things happened in (a C-level key: a long record sorts 5,000 of them)."""


def next_steps(
    contacts: Sequence[Contact],
    actions: Sequence[Action],
    concerns: Sequence[Concern],
    status: ListStatus,
) -> list[Hint]:
    """Hints for one patient, most urgent first.

    `contacts` and `actions` are the current versions (amended entries
    replaced), in any order.
    """
    record = Record(
        contacts=tuple(sorted(contacts, key=IN_ORDER)),
        actions=tuple(sorted(actions, key=IN_ORDER)),
        concerns=tuple(concerns),
        status=status,
    )
    hints: list[Hint] = []
    for rule in RULES:
        if (text := rule.hint(record)) is not None:
            hints.append(Hint(rule.code, text, urgent=rule.urgent))
    return hints
