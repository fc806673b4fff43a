"""Times and dates: UTC in the database, Europe/London on screen (rule 7).

Stored timestamps are fixed-width ISO strings (`2026-11-23T19:17:00.000000Z`) so
that sorting the text sorts the moments. People type dates the British way
(`23/11/2026`) or the ISO way (`2026-11-23`); both are accepted, impossible
dates (`31/02/2020`) are refused with a message, never a traceback.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo

# arrow is imported inside the functions that parse or humanize: it (with
# dateutil's parser) costs ~25 ms at start-up, before the desk needs it.

LONDON = "Europe/London"


def _london_zone() -> tzinfo:
    """Europe/London from the IANA data (zoneinfo: C, ~10x faster than dateutil's, and ~10 ms less at start-up)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(LONDON)
    except (ZoneInfoNotFoundError, ValueError):  # no system tz data and no tzdata package: dateutil's own copy
        from dateutil import tz as dateutil_tz

        return dateutil_tz.gettz(LONDON) or UTC


_zone: tzinfo | None = None


def london_zone() -> tzinfo:
    """Europe/London, loaded on first use: zoneinfo (with sysconfig) is ~4 ms the sign-in screen does not need."""
    global _zone
    if _zone is None:
        _zone = _london_zone()
    return _zone


def __getattr__(name: str) -> tzinfo:
    """`LONDON_ZONE`, as modules that state times in bulk import it (loaded with the first of them)."""
    if name == "LONDON_ZONE":
        return london_zone()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_DB_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

DATE_FORMATS = [
    "DD/MM/YYYY",
    "D/M/YYYY",
    "DD-MM-YYYY",
    "D-M-YYYY",
    "DD.MM.YYYY",
    "D.M.YYYY",
    "YYYY-MM-DD",
    "YYYY-M-D",
]
"""What a person may type as a date."""

DATETIME_FORMATS = [f"{d} {t}" for d in DATE_FORMATS for t in ("HH:mm", "H:mm")]
"""What a person may type as a date with a time."""

_DATE_SHAPE = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})$")


class DateProblem(ValueError):
    """A typed date or time that cannot be used; the message says why."""


def to_db(moment: datetime) -> str:
    """An aware datetime as the text stored in the database (UTC)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    return moment.astimezone(UTC).strftime(_DB_FORMAT)


def from_db(text: str) -> datetime:
    """The stored UTC text back as an aware datetime."""
    return datetime.strptime(text, _DB_FORMAT).replace(tzinfo=UTC)


def london(moment: datetime) -> datetime:
    """The same moment on the practice's wall clock."""
    return moment.astimezone(_zone or london_zone())


def exists_in_london(wall: datetime) -> bool:
    """False for a wall-clock time the clocks skipped when they went forward (01:30 on that night)."""
    zone = london_zone()
    local = wall.replace(tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None)


def happens_twice(local: datetime) -> bool:
    """True for a wall-clock time in the hour the clocks went back (01:30 GMT and 01:30 BST)."""
    local = local.replace(tzinfo=london_zone())
    return exists_in_london(local) and local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def london_today(now: datetime) -> date:
    """Today's date at the practice (not in UTC: just after midnight in summer differs)."""
    return london(now).date()


def show(moment: datetime) -> str:
    """`Mon 23 Nov 2026 19:17` in Europe/London."""
    return london(moment).strftime("%a %d %b %Y %H:%M")


def show_ago(moment: datetime, now: datetime) -> str:
    """`Mon 23 Nov 2026 19:17 (3 days ago)`: the exact time and how long since."""
    return f"{show(moment)} ({humanize(moment, now)})"


def humanize(moment: datetime, now: datetime) -> str:
    """`3 days ago`, `in 2 hours`, `just now`."""
    import arrow

    return arrow.get(moment).humanize(arrow.get(now))


def show_date(day: date) -> str:
    """`23 Nov 2026`: unambiguous for a British reader and for anyone else."""
    return day.strftime("%d %b %Y")


def looks_like_date(text: str) -> bool:
    """Whether a search word is meant as a date (so it is parsed, not name-matched)."""
    return bool(_DATE_SHAPE.match(text.strip()))


def parse_date(text: str) -> date:
    """A date typed by a person. Raises `DateProblem` with a readable reason."""
    text = text.strip()
    if not text:
        raise DateProblem("Enter a date, e.g. 23/11/2026.")
    if not looks_like_date(text):
        raise DateProblem(f"{text!r} is not a date: use DD/MM/YYYY, e.g. 23/11/2026.")
    import arrow

    try:
        return arrow.get(text, DATE_FORMATS).date()
    except ValueError:
        # arrow raises plain ValueError (not ParserError) for 31/02.
        raise DateProblem(f"{text} is not a real date.") from None


def parse_london_datetime(text: str) -> datetime:
    """A wall-clock date and time typed at the practice, as an aware UTC datetime.

    A time that does not exist in London (the hour skipped when the clocks go
    forward) is refused with an explanation rather than silently shifted.
    """
    text = " ".join(text.split())
    if not text:
        raise DateProblem("Enter a date and time, e.g. 23/11/2026 14:30.")
    import arrow

    try:
        parsed = arrow.get(text, DATETIME_FORMATS, tzinfo=LONDON)
    except ValueError:
        raise DateProblem(f"{text!r} is not a date and time: use DD/MM/YYYY HH:MM, e.g. 23/11/2026 14:30.") from None
    local = parsed.datetime
    if not exists_in_london(local):
        raise DateProblem(
            f"{text} does not exist in the UK: the clocks went forward that night "
            "(01:00 became 02:00). Check the time and enter it again."
        )
    return local.astimezone(UTC)


def london_wall_time(day: date, hour: int, minute: int) -> datetime:
    """A wall-clock time at the practice on a given day, as aware UTC."""
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=london_zone())
    return local.astimezone(UTC)


def age_on(born: date, today: date) -> int:
    """Age in whole years, as the NHS counts it."""
    years = today.year - born.year
    if (today.month, today.day) < (born.month, born.day):
        years -= 1
    return years
