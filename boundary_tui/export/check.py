"""Checking an export with nothing but the export: what a police officer or a defence body runs.

`check(data)` takes a JSON export (as `json_` writes it) and re-does every
proof it carries, without the practice's database: each entry's SHA-256 over
its canonical content, the patient's own chain link by link (`store.chain`),
the list of entries saved before those links began, and the signed checkpoint
against the public key printed in the export (and, if the recipient has it
from the practice's letterhead, against that). It says in plain words what
that proves and what it cannot.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boundary_tui.core import signing
from boundary_tui.core.times import from_db, show

GENESIS = "0" * 64
CHECKPOINT_FORMAT = "boundary-tui checkpoint"
EXPORT_FORMAT = "boundary-tui timeline export"


@dataclass
class ExportCheck:
    """What was checked, what failed, and what the export cannot prove."""

    proven: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    not_proven: list[str] = field(default_factory=list)
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        lines = ["VERIFIED." if self.ok else f"NOT VERIFIED: {len(self.problems)} problem(s)."]
        if self.problems:
            lines += [f"  - {p}" for p in self.problems[:30]]
            if len(self.problems) > 30:
                lines.append(f"  … and {len(self.problems) - 30} more.")
        if self.proven:
            lines.append("What this export proves:" if self.ok else "What still holds:")
            lines += [f"  - {p}" for p in self.proven]
        lines.append("What it cannot prove:")
        lines += [f"  - {p}" for p in self.not_proven]
        return "\n".join(lines)


def check_bundle(path: Path, *, expected_key: str | None = None) -> ExportCheck:
    """An evidence bundle (ZIP): its SHA256SUMS, its report.json as `check`, each copy against the record's hash."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        result = ExportCheck()
        result.problems.append(f"The bundle cannot be opened as a ZIP archive ({error}).")
        return result
    with archive:
        names = set(archive.namelist())
        if "report.json" not in names:
            result = ExportCheck()
            result.problems.append("The bundle has no report.json: it is not a boundary-tui evidence bundle.")
            return result
        data = json.loads(archive.read("report.json").decode("utf-8"))
        result = check(data, expected_key=expected_key)
        listed = _sums(archive, names, result)
        _copies(archive, data, listed, result)
        if "checkpoint.json" in names and json.loads(archive.read("checkpoint.json")) != data.get("checkpoint"):
            result.problems.append("checkpoint.json is not the checkpoint report.json carries.")
    return result


def _sums(archive: zipfile.ZipFile, names: set[str], result: ExportCheck) -> dict[str, str]:
    """Every file against SHA256SUMS; returns name → hash for those that hold."""
    if "SHA256SUMS" not in names:
        result.problems.append("The bundle has no SHA256SUMS: its files cannot be checked.")
        return {}
    listed: dict[str, str] = {}
    for line in archive.read("SHA256SUMS").decode("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    held = names - {"SHA256SUMS"}
    if missing := sorted(set(listed) - held):
        result.problems.append(f"Listed in SHA256SUMS but not in the bundle: {', '.join(missing)}.")
    if extra := sorted(held - set(listed)):
        result.problems.append(f"In the bundle but not in SHA256SUMS: {', '.join(extra)}.")
    changed = []
    for name in sorted(set(listed) & held):
        hasher = hashlib.sha256()
        with archive.open(name) as member:
            while chunk := member.read(1024 * 1024):
                hasher.update(chunk)
        if hasher.hexdigest() != listed[name]:
            changed.append(name)
    if changed:
        result.problems.append(
            f"Changed since the bundle was made (their SHA-256 no longer holds): {', '.join(changed)}."
        )
    elif listed:
        result.proven.append(f"every file in the bundle is what was put in it ({len(listed)} files, SHA256SUMS);")
    return {name: digest for name, digest in listed.items() if name not in changed}


def _copies(archive: zipfile.ZipFile, data: Mapping[str, Any], listed: Mapping[str, str], result: ExportCheck) -> None:
    """Each copy in attachments/ is the one the record names: same SHA-256 as its chained attachment row."""
    record = data.get("record") if isinstance(data, Mapping) else None
    recorded: dict[int, str] = {}
    for link in (record or {}).get("entries", []) if isinstance(record, Mapping) else []:
        if isinstance(link, dict) and link.get("table") == "attachments" and isinstance(link.get("canonical"), str):
            try:
                row = json.loads(link["canonical"])["row"]
                recorded[int(row["id"])] = str(row["sha256"])
            except (ValueError, KeyError, TypeError):
                continue
    copies = {name: digest for name, digest in listed.items() if name.startswith("attachments/")}
    held: dict[int, str] = {}
    for name, digest in copies.items():
        number = name.removeprefix("attachments/").split("-", 1)[0]
        if number.isdigit():
            held[int(number)] = digest
    wrong = [i for i, digest in recorded.items() if held.get(i) != digest]
    if wrong:
        result.problems.append(
            f"Copies of evidence missing or not the ones recorded: attachment(s) {', '.join(map(str, sorted(wrong)))}."
        )
    elif recorded:
        result.proven.append(
            f"each of the {len(recorded)} copies of evidence is exactly the file recorded with its contact "
            "(same SHA-256 as in the record);"
        )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _links(items: Any, what: str, result: ExportCheck) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        result.problems.append(f"The export's {what} cannot be read.")
        return []
    return items


def check(data: Any, *, expected_key: str | None = None) -> ExportCheck:
    """Every proof an export carries, checked with the export alone."""
    result = ExportCheck()
    result.not_proven += [
        "that what staff wrote is true: only that it is exactly what they recorded, when and under whose name;",
        "the order of this patient's entries among other patients' (that needs the practice's database: "
        "`boundary-tui verify`);",
    ]
    if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
        result.problems.append("This is not a boundary-tui JSON export (its 'format' is missing or different).")
        return result
    record = data.get("record")
    if not isinstance(record, Mapping):
        result.problems.append(
            "The export has no record of the patient's own chain (made by a boundary-tui before schema 7): "
            "its completeness cannot be checked from the file."
        )
        return result
    entries = _links(record.get("entries"), "record", result)
    earlier = _links(record.get("earlier", []), "earlier entries", result)
    hashes = _check_links(entries, earlier, result)
    _check_timeline(data.get("entries"), hashes, result)
    _check_checkpoint(data, entries, expected_key, result)
    return result


def _content_ok(link: Mapping[str, Any], result: ExportCheck) -> dict[str, Any] | None:
    canonical = link.get("canonical")
    where = f"chain entry {link.get('position')}"
    if not isinstance(canonical, str):
        result.problems.append(f"{where}: its content is missing, so its hash cannot be checked.")
        return None
    if _sha(canonical) != link.get("hash"):
        result.problems.append(f"{where}: its content does not hash to {link.get('hash')}: it was changed.")
        return None
    try:
        content = json.loads(canonical)
    except ValueError:
        result.problems.append(f"{where}: its content is not JSON.")
        return None
    return content if isinstance(content, dict) else None


def _check_links(entries: list[dict[str, Any]], earlier: list[dict[str, Any]], result: ExportCheck) -> dict[str, str]:
    """The patient's chain, link by link; returns hash → canonical of every entry whose hash holds."""
    hashes: dict[str, str] = {}
    previous = GENESIS
    broken = False
    for link in entries:
        content = _content_ok(link, result)
        if content is None:
            broken = True
            previous = str(link.get("hash"))
            continue
        if content.get("patient_prev") != previous:
            result.problems.append(
                f"Chain entry {link.get('position')} does not follow the patient's previous entry in this export: "
                "an entry of theirs is missing or out of order."
            )
            broken = True
        hashes[str(link["hash"])] = str(link["canonical"])
        previous = str(link["hash"])
    listed: list[Any] = []
    if entries:
        first = entries[0]
        if first.get("table") == "patient_chain_starts" and isinstance(first.get("canonical"), str):
            try:
                listed = json.loads(json.loads(first["canonical"])["row"]["entries"])
            except (ValueError, KeyError, TypeError):
                result.problems.append("The start of the patient's record cannot be read.")
    given = [[link.get("position"), link.get("hash")] for link in earlier]
    if listed != given:
        result.problems.append(
            "The entries saved before patient links began are not exactly those the start of the record lists: "
            "some are missing or were added."
        )
        broken = True
    for link in earlier:
        if _content_ok(link, result) is not None:
            hashes[str(link["hash"])] = str(link["canonical"])
        else:
            broken = True
    if entries and not broken:
        result.proven.append(
            f"all {len(entries) + len(earlier)} entries of this patient's record are exactly what was recorded "
            f"(each one's SHA-256 holds), in order, with none missing from the first up to chain entry "
            f"{entries[-1].get('position')} (each names the one before it inside what was hashed);"
        )
    return hashes


def _check_timeline(items: Any, hashes: Mapping[str, str], result: ExportCheck) -> None:
    """Every entry shown on the timeline must be proven by the record (same hash, same content)."""
    if not isinstance(items, list):
        result.problems.append("The export's timeline cannot be read.")
        return
    unproven = 0
    for item in items:
        for proof in item.get("chain", []) if isinstance(item, dict) else []:
            if not isinstance(proof, dict) or hashes.get(str(proof.get("hash"))) != proof.get("canonical"):
                unproven += 1
    if unproven:
        result.problems.append(f"{unproven} timeline entr{'y is' if unproven == 1 else 'ies are'} not in the record.")
    else:
        result.proven.append(f"each of the {len(items)} timeline entries shown is one of those recorded entries;")


def _check_checkpoint(
    data: Mapping[str, Any], entries: list[dict[str, Any]], expected_key: str | None, result: ExportCheck
) -> None:
    checkpoint = data.get("checkpoint")
    if not isinstance(checkpoint, Mapping) or checkpoint.get("format") != CHECKPOINT_FORMAT:
        result.problems.append(
            "The export carries no signed checkpoint: nothing shows that the practice vouched for where its record "
            "ended (re-export it with boundary-tui that signs)."
        )
        return
    text, signature, key = checkpoint.get("body"), checkpoint.get("signature"), checkpoint.get("public_key")
    if not isinstance(text, str):
        result.problems.append("The checkpoint cannot be read.")
        return
    if not isinstance(signature, str) or not isinstance(key, str):
        result.problems.append(
            "The checkpoint is NOT SIGNED: the practice had no signing key when it exported this. Its links still "
            "prove the record whole as far as it goes, but not that it goes as far as the practice's."
        )
        return
    if not signing.verifies(key, text.encode("utf-8"), signature):
        result.problems.append("The checkpoint's signature does not match what it says: it was altered.")
        return
    result.fingerprint = signing.fingerprint(key)
    if expected_key and expected_key.lower().replace(" ", "") not in (key, result.fingerprint.replace(" ", "")):
        result.problems.append(
            f"The checkpoint was signed with key {result.fingerprint}, not with the key given ({expected_key})."
        )
        return
    body = json.loads(text)
    nhs = (data.get("patient") or {}).get("nhs_number") if isinstance(data.get("patient"), Mapping) else None
    mine = [p for p in body.get("patients", []) if isinstance(p, dict) and p.get("nhs_number") == nhs]
    head = mine[0].get("head") if mine else None
    positions = {link.get("position"): link.get("hash") for link in entries}
    if not isinstance(head, dict) or positions.get(head.get("entry")) != head.get("hash"):
        result.problems.append(
            "The signed checkpoint does not name this record's head, or names one this export does not hold: "
            "entries of this patient may be missing from the export."
        )
        return
    later = sum(1 for link in entries if isinstance(link.get("position"), int) and link["position"] > head["entry"])
    try:
        made = show(from_db(str(body.get("made_at"))))
    except ValueError:
        made = str(body.get("made_at"))
    result.proven.append(
        f"the practice's key (fingerprint {result.fingerprint}) signed, on {made}, that this "
        f"patient's record ended at chain entry {head['entry']}: nothing of theirs up to that point is left out"
        + (f" ({later} later entr{'y is' if later == 1 else 'ies are'} proven by their links only);" if later else ";")
    )
    result.not_proven.append(
        f"that the key is the practice's: compare its fingerprint, {result.fingerprint}, with the one the practice "
        "publishes (its letterhead, or ask its manager), or run with --key;"
        if not expected_key
        else "anything the practice did not record: a checkpoint states where the record ended when it was made;"
    )
