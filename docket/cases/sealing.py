"""Who a survivor is, sealed at rest: a stolen database file or backup names no child.

A survivor's identity fields (legal name, notice name, birth date, guardian, shelter, contact,
address, school) are stored as one AES-256-GCM ciphertext (``cryptography``'s AESGCM): it is
authenticated, so a changed byte fails to open instead of reading as another name, and the
survivor's id is bound into it, so a sealed identity copied onto another survivor's row does
not open either.

The same keys seal the words of each survivor's trip plans (where they are met, who goes with
them, the route, the return and safety notes: docket.notices.preparation), bound to the hearing
and survivor, with :func:`seal_bytes` and :func:`open_bytes`.

The keys are never in the database or its backups. ``DOCKET_IDENTITY_KEYS`` names a file
(default ``var/identity_keys``, made on first use with mode 0600) of lines
``<key id> <url-safe base64 key>``: the last line seals, every line opens.
``docket identity rotate-key`` (:func:`docket.cases.identity.rotate_identity_key`) adds a key,
re-seals every identity and trip plan with it and then drops the older keys. Keep a copy of the
file apart from the backups: without it, the identities in a backup cannot be read by anyone,
Docket included.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docket.key_files import make_key_file, read_keys
from docket.private_files import private_file
from docket.settings import DATA_DIR

#: GCM's standard nonce, random for every seal (NIST SP 800-38D s8.2.2).
NONCE_BYTES = 12


class IdentityFields(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the ciphertext holds: who the survivor is."""

    legal_name: str
    notice_name: str = ""
    birth_date: dt.date | None = None
    guardian: str = ""
    shelter: str = ""
    contact: str = ""
    address: str = ""
    school: str = ""


class SealError(Exception):
    """An identity that cannot be opened: its key is missing, or the ciphertext was changed."""


@dataclass(frozen=True)
class KeyRing:
    #: Key id -> key, oldest first; the last seals.
    keys: dict[str, bytes]

    @property
    def sealing_key_id(self) -> str:
        return next(reversed(self.keys))


def keys_path() -> Path:
    configured = os.environ.get("DOCKET_IDENTITY_KEYS")
    return Path(configured) if configured else DATA_DIR / "identity_keys"


def key_lines() -> list[str]:
    """The key file's lines (made on first use)."""
    key_ring()
    return [line for line in keys_path().read_text().splitlines() if line.strip()]


def write_key_ring(lines: list[str]) -> None:
    """Replace the key file (owner-only, written whole then moved into place)."""
    path = keys_path()
    partial = private_file(path.with_name(path.name + ".new"), emptied=True)
    partial.write_text("".join(f"{line}\n" for line in lines))
    os.replace(partial, path)


def key_ring() -> KeyRing:
    """The identity keys; made on first use. Read again whenever the file changes (a key
    rotation), so a running server never seals with a key that was dropped."""
    path = keys_path()
    if not path.exists():
        make_key_file(path)
    found = path.stat()
    return _read_key_ring(str(path), found.st_mtime_ns, found.st_size)


@functools.lru_cache(maxsize=4)
def _read_key_ring(path_name: str, mtime_ns: int, size: int) -> KeyRing:
    return KeyRing(read_keys(Path(path_name), SealError, "identity key"))


def _bound_to(survivor_id: int) -> str:
    return f"survivor_identity:{survivor_id}"


def seal_bytes(bound_to: str, plain: bytes) -> tuple[str, str]:
    """Seal ``plain`` for the record named by ``bound_to`` (e.g. "survivor_identity:7"): the
    sealed text and the id of the key that sealed it. Opened for another record, it fails."""
    ring = key_ring()
    key_id = ring.sealing_key_id
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.keys[key_id]).encrypt(nonce, plain, bound_to.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode(), key_id


def open_bytes(bound_to: str, sealed: str, key_id: str) -> bytes:
    """Open what :func:`seal_bytes` sealed; SealError if its key is gone or it was tampered
    with or moved to another record."""
    key = key_ring().keys.get(key_id)
    if key is None:
        raise SealError(f"The identity key {key_id!r} is not in {keys_path()}")
    try:
        raw = base64.urlsafe_b64decode(sealed)
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], bound_to.encode())
    except (binascii.Error, ValueError, InvalidTag) as error:
        what = bound_to.split(":")[0].replace("_", " ")
        raise SealError(f"A sealed {what} does not open: it was changed or moved") from error


def seal(survivor_id: int, fields: IdentityFields) -> tuple[str, str]:
    """The sealed identity and the id of the key that sealed it."""
    return seal_bytes(_bound_to(survivor_id), msgspec.json.encode(fields))


def unseal(survivor_id: int, sealed: str, key_id: str) -> IdentityFields:
    """Open a sealed identity; SealError if its key is gone or it was tampered with."""
    opened = open_bytes(_bound_to(survivor_id), sealed, key_id)
    return msgspec.json.decode(opened, type=IdentityFields)
