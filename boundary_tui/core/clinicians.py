"""Clinicians: what a bookable member of staff's name and job title must be.

One check for `boundary-tui import clinicians` (every row, before anything is
written) and for a clinician added one at a time.
"""

from __future__ import annotations

from boundary_tui.core.text import broken_unicode, name_problem

MAX_JOB_TITLE_LENGTH = 100
"""Longest job title ("GP", "Practice nurse", "Advanced nurse practitioner (minor illness)")."""


def problems(name: str, job_title: str) -> dict[str, str]:
    """What is wrong with a clinician's name and job title (empty when both can be saved)."""
    found: dict[str, str] = {}
    if reason := name_problem(name, "Name"):
        found["name"] = reason
    title = job_title.strip()
    if not title:
        found["job_title"] = "Enter a job title (GP, Practice nurse, HCA…)."
    elif len(title) > MAX_JOB_TITLE_LENGTH:
        found["job_title"] = f"The job title is longer than {MAX_JOB_TITLE_LENGTH} characters."
    elif any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in title):
        found["job_title"] = "The job title contains characters that cannot be stored (control characters)."
    elif broken := broken_unicode(title, "The job title"):
        found["job_title"] = broken
    return found
