"""Files that hold case data or keys are readable by their owner only: the SQLite database and
its WAL, backups and their manifests, the keys under var/ (DESIGN.md, privacy rule 1).

A copy of the database is a copy of every case: on a shared office machine, a file readable by
every account is a file every account can take home.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

#: Read and write for the owner, nothing for anyone else.
OWNER_ONLY = 0o600


def private_file(path: Path, *, emptied: bool = False) -> Path:
    """Create ``path`` (empty) or, if it exists, tighten it (and empty it, with ``emptied``),
    before anything is written into it: there is no moment when its contents are readable by
    others. Returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if emptied else 0)
    os.close(os.open(path, flags, OWNER_ONLY))
    os.chmod(path, OWNER_ONLY)
    return path


def tighten(path: Path) -> None:
    """Make an existing file readable by its owner only (nothing happens if it is missing)."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, OWNER_ONLY)
