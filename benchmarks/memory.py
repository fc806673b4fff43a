"""A process's own memory, from `/proc/self/status` (Linux).

`VmRSS` now and `VmHWM`, its high-water mark. Not `getrusage().ru_maxrss`: Linux
carries that across `fork` and `execve`, so a desk started from a big benchmark
process reported the parent's 175 MB as its own peak.
"""

from __future__ import annotations


def _status(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"/proc/self/status has no {field}")


def rss_mb() -> float:
    """Resident memory now, in MB (2**20 bytes)."""
    return _status("VmRSS")


def peak_mb() -> float:
    """The most resident memory this process has had, in MB."""
    return _status("VmHWM")
