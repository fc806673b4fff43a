"""The README's key tables, written from `boundary_tui/ui/keys.py` (the one place a key is described).

Each table sits between `<!-- keys: NAME -->` and `<!-- /keys -->` in README.md;
`tests/project/test_readme.py` checks that each says exactly what `table(NAME)`
writes. After changing a key's description:

    .venv/bin/python -m tests.helpers.readme_keys          # print the tables
    .venv/bin/python -m tests.helpers.readme_keys --write  # rewrite them in README.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from boundary_tui.ui.keys import BY_ID, Key, key_name

README = Path(__file__).resolve().parents[2] / "README.md"

SECTIONS: dict[str, tuple[str, ...]] = {
    "desk": (
        "desk.search",
        "desk.matches",
        "desk.choose",
        "desk.book",
        "desk.appointments",
        "desk.contact",
        "desk.log_another",
        "desk.timeline",
        "desk.concern",
        "desk.action",
        "desk.concern_details",
        "desk.queue",
        "queue.mark_reviewed",
        "desk.change_pin",
        "desk.back",
    ),
    "everywhere": ("app.help", "app.lock", "textual.command_palette", "textual.quit"),
    "form": (
        "form.save",
        "form.cancel",
        "form.next",
        "form.previous",
        "form.list",
        "form.find",
        "form.tick",
        "contact.when",
    ),
    "appointments": ("appointments.move", "appointments.cancel", "appointments.close"),
    "timeline": (
        "timeline.move",
        "timeline.details",
        "timeline.amend",
        "timeline.letter",
        "timeline.export",
        "timeline.filter",
        "timeline.contact",
        "timeline.log_another",
        "timeline.action",
        "timeline.back",
    ),
    "entry": ("entry.amend", "entry.attach", "entry.preview", "entry.close"),
    "sign-in": ("sign_in.name", "sign_in.enter", "sign_in.clear"),
    "lock": ("lock.unlock", "lock.clear", "lock.someone_else"),
    "someone-else": ("someone_else.name", "someone_else.enter", "someone_else.back"),
}
"""README table name → the keys it lists, in order."""

NOT_IN_README = (
    "desk.help",
    "help.close",
    "concern_details.close",
    "concern_choice.back",
    "preview.close",
    "preview.next",
    "preview.previous",
    "confirm.keep_editing",
)
"""Keys no README table lists: the desk's F1 does what the app's F1 does (under "Everywhere");
a dialog's own keys (Esc closes) are said by its footer and its help."""

BLOCK = re.compile(r"<!-- keys: (?P<name>[\w-]+) -->\n(?P<table>.*?)<!-- /keys -->", re.DOTALL)


def keys_cell(key: Key) -> str:
    return " / ".join(f"`{key_name(name)}`" for name in key.key_list)


def table(name: str) -> str:
    """The Markdown table `name`, one row per key: the keys, and what the README says they do."""
    rows = ["| Key | Does |", "| --- | --- |"]
    rows += [f"| {keys_cell(BY_ID[key_id])} | {BY_ID[key_id].manual} |" for key_id in SECTIONS[name]]
    return "\n".join(rows)


def tables_in(readme: str) -> dict[str, str]:
    """The key tables the README holds now, by name."""
    return {match["name"]: match["table"].removesuffix("\n") for match in BLOCK.finditer(readme)}


def rewritten(readme: str) -> str:
    """The README with every key table written afresh."""
    return BLOCK.sub(lambda match: f"<!-- keys: {match['name']} -->\n{table(match['name'])}\n<!-- /keys -->", readme)


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        README.write_text(rewritten(README.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"Rewrote the key tables in {README}")
        return 0
    for name in SECTIONS:
        print(f"<!-- keys: {name} -->\n{table(name)}\n<!-- /keys -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
