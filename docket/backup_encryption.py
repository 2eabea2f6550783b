"""Encrypted backups (`docket backup --encrypt`): a stolen backup names no one and reads as noise.

A backup is every case of the office (RA 10173 s3(l)); copied to a USB disk or another site it
leaves the room the database is kept in. Encrypted, it is AES-256-GCM (``cryptography``'s
AESGCM) in chunks of 1 MiB, so neither writing nor reading needs the whole database in memory:

- the header is a magic line, the key's id and 16 random bytes; the key for this one file is
  derived from the backup key and those bytes (HKDF-SHA256), so GCM's 96-bit nonces can simply
  count chunks without ever repeating under one key;
- each chunk's nonce is its number and a flag set only on the last chunk, and the header is
  authenticated with every chunk: a changed, reordered, dropped or cut-off chunk, or a changed
  header, fails to open instead of restoring something else (the STREAM construction, Hoang,
  Reyhanitabar, Rogaway and Vizar, "Online authenticated-encryption", CRYPTO 2015).

The keys are never in the database or its backups. ``DOCKET_BACKUP_KEYS`` names a file (default
``var/backup_keys``, made by the first encrypted backup with mode 0600) of lines
``<key id> <url-safe base64 key>``: the last line encrypts, every line opens. Keep a copy of it
apart from the backups: without it nobody can restore them, Docket included.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from docket.key_files import KEY_BYTES, make_key_file, read_keys
from docket.settings import DATA_DIR

#: The first bytes of every encrypted backup (and what tells one from a plain backup).
MAGIC = b"DOCKET ENCRYPTED BACKUP 1\n"
SALT_BYTES = 16
#: Plain bytes per chunk; each chunk is stored with GCM's 16-byte tag after it.
CHUNK_BYTES = 1 << 20
TAG_BYTES = 16


class BackupKeyError(Exception):
    """The backup key is missing or wrong, or the encrypted backup was changed or cut short."""


def keys_path() -> Path:
    configured = os.environ.get("DOCKET_BACKUP_KEYS")
    return Path(configured) if configured else DATA_DIR / "backup_keys"


def backup_keys(*, make: bool = False) -> dict[str, bytes]:
    """Key id -> key, oldest first (the last encrypts). ``make``: create the file with one new
    key if it is missing (a backup may; a restore never does: a new key opens no old backup)."""
    path = keys_path()
    if not path.exists():
        if not make:
            raise BackupKeyError(
                f"This backup is encrypted: it needs the backup key file it was made with, and "
                f"{path} does not exist (set DOCKET_BACKUP_KEYS to where you keep it)"
            )
        make_key_file(path)
    return read_keys(path, BackupKeyError, "backup key")


def _file_cipher(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=MAGIC).derive(key)
    return AESGCM(derived)


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """Writes what it is given to ``out`` encrypted with the newest backup key; ``close()``
    seals the last chunk (without it the file does not open)."""

    def __init__(self, out: BinaryIO, key_id: str, key: bytes) -> None:
        salt = secrets.token_bytes(SALT_BYTES)
        encoded_id = key_id.encode()
        self.header = MAGIC + len(encoded_id).to_bytes(1, "big") + encoded_id + salt
        self.key_id = key_id
        self._out = out
        self._cipher = _file_cipher(key, salt)
        self._pending = bytearray()
        self._number = 0
        out.write(self.header)

    def write(self, data: bytes) -> None:
        self._pending += data
        # A full chunk is sealed only once a byte after it is known: the last chunk is marked.
        while len(self._pending) > CHUNK_BYTES:
            self._seal(bytes(self._pending[:CHUNK_BYTES]), last=False)
            del self._pending[:CHUNK_BYTES]

    def close(self) -> None:
        self._seal(bytes(self._pending), last=True)
        self._pending.clear()

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        self._out.write(self._cipher.encrypt(_nonce(self._number, last), chunk, self.header))
        self._number += 1


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def encrypted_with(path: Path) -> str:
    """The id of the key an encrypted backup needs."""
    with path.open("rb") as handle:
        return _read_header(handle)[1]


def _read_header(handle: BinaryIO) -> tuple[bytes, str, bytes]:
    magic = handle.read(len(MAGIC))
    length = handle.read(1)
    if magic != MAGIC or not length:
        raise BackupKeyError("The backup is not an encrypted Docket backup (changed or damaged)")
    encoded_id = handle.read(length[0])
    salt = handle.read(SALT_BYTES)
    if len(encoded_id) != length[0] or len(salt) != SALT_BYTES:
        raise BackupKeyError("The encrypted backup is cut short (damaged)")
    return magic + length + encoded_id + salt, encoded_id.decode(errors="replace"), salt


def decrypted_chunks(path: Path) -> Iterator[bytes]:
    """The plain bytes of an encrypted backup, chunk by chunk, each opened (authenticated)
    before it is given out; BackupKeyError at the first chunk that does not open."""
    with path.open("rb") as handle:
        header, key_id, salt = _read_header(handle)
        keys = backup_keys()
        key = keys.get(key_id)
        if key is None:
            raise BackupKeyError(
                f"This backup was encrypted with backup key {key_id!r}, which is not in "
                f"{keys_path()}: use the key file kept with the backups (DOCKET_BACKUP_KEYS)"
            )
        cipher = _file_cipher(key, salt)
        number = 0
        sealed = handle.read(CHUNK_BYTES + TAG_BYTES)
        while True:
            following = handle.read(CHUNK_BYTES + TAG_BYTES)
            last = not following
            try:
                yield cipher.decrypt(_nonce(number, last), sealed, header)
            except InvalidTag:
                raise BackupKeyError(
                    f"The encrypted backup does not open with backup key {key_id!r}: the key "
                    f"in {keys_path()} is not the one it was made with, or the file was changed "
                    f"or cut short"
                ) from None
            if last:
                return
            sealed = following
            number += 1
