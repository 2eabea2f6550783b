"""Key files kept outside the database (the identity keys, the backup keys): one key a line,
"<key id> <base64 key>", the last line the one that encrypts, every line one that opens; made
owner-only on first use. One format and one reader, so both kinds are kept and checked alike.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from docket.private_files import OWNER_ONLY

#: AES-256: every key is 32 bytes.
KEY_BYTES = 32


def new_key_line() -> str:
    """A fresh key with a short random id, as a key file's line."""
    key_id = secrets.token_hex(4)
    return f"{key_id} {base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def make_key_file(path: Path) -> None:
    """A key file holding one new key, readable by its owner only; left alone if another
    process made it first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(new_key_line() + "\n")


def read_keys(path: Path, error: type[Exception], what: str) -> dict[str, bytes]:
    """The file's keys by id, in file order; ``error`` names the line that is not a key, or a
    file that holds none (``what``: "identity key", "backup key")."""
    keys: dict[str, bytes] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            key_id, encoded = line.split()
            key = base64.urlsafe_b64decode(encoded)
        except (ValueError, binascii.Error) as problem:
            raise error(f"{path}, line {number}: not '<key id> <base64 key>'") from problem
        if len(key) != KEY_BYTES or not key_id.isascii() or len(key_id) > 64:
            raise error(f"{path}, line {number}: not a {KEY_BYTES}-byte key with a short id")
        keys[key_id] = key
    if not keys:
        raise error(f"{path} holds no {what}")
    return keys
