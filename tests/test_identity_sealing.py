"""Who a survivor is, sealed at rest: a stolen copy of the database, or of a backup, names no
child; the key lives outside both, can be rotated, and an identity entered before sealing
existed is sealed, not lost."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import msgspec
import pytest

from docket.cases.sealing import IdentityFields, SealError, key_ring, seal, unseal
from tests.conftest import IS_POSTGRES, identities_in, read_rows, run_docket

PASSWORD = "demo password 2026"


def raw_copies(database_url: str, backup: Path) -> dict[str, bytes]:
    """Every byte a thief would take: the database's own files (or, on PostgreSQL, a plain
    dump of it) and the backup (read back to plain SQL when it is pg_dump's compressed format)."""
    if database_url.startswith("sqlite:///"):
        database = Path(database_url.removeprefix("sqlite:///"))
        files = [database, *database.parent.glob(database.name + "-*"), backup]
        return {str(path): path.read_bytes() for path in files}
    tool = shutil.which("pg_dump")
    restore = shutil.which("pg_restore")
    assert tool is not None
    assert restore is not None
    dump = subprocess.run([tool, f"--dbname={database_url}"], capture_output=True, check=True)
    plain = subprocess.run([restore, "--file=-", str(backup)], capture_output=True, check=True)
    return {"the database": dump.stdout, "the backup": plain.stdout}


def test_a_copy_of_the_database_or_a_backup_names_no_survivor(
    fresh_database_url: str, tmp_path: Path
) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    assert run_docket(fresh_database_url, "demo", "--password", PASSWORD).returncode == 0
    backup = tmp_path / "docket.backup"
    assert run_docket(fresh_database_url, "backup", str(backup)).returncode == 0

    identities = identities_in(fresh_database_url)
    assert len(identities) > 10, "the demo seeds identities, and they open with the key"
    secrets = set()
    for identity in identities:
        secrets |= {identity["legal_name"], identity["address"], identity["school"]}
        secrets.add(identity["notice_name"] + " " + identity["legal_name"].split()[1])
    secrets = {s for s in secrets if len(s) > 5}
    assert any(" " in s for s in secrets)
    for where, content in raw_copies(fresh_database_url, backup).items():
        assert content, where
        found = sorted(s for s in secrets if s.encode() in content)
        assert not found, f"{where} holds {len(found)} identity details in plain text"
    # What is there instead: a sealed identity and the key's id, never the key.
    row = read_rows(fresh_database_url, "SELECT sealed, key_id FROM survivor_identity")[0]
    assert len(row["sealed"]) > 40
    columns = {
        r["name"]
        for r in read_rows(
            fresh_database_url,
            "SELECT column_name AS name FROM information_schema.columns"
            " WHERE table_name = 'survivor_identity'"
            if IS_POSTGRES
            else "SELECT name FROM pragma_table_info('survivor_identity')",
        )
    }
    assert columns == {"id", "survivor", "sealed", "key_id"}


def test_rotating_the_identity_key_keeps_every_identity(
    fresh_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "identity_keys"
    env = {"DOCKET_IDENTITY_KEYS": str(keys)}
    monkeypatch.setenv("DOCKET_IDENTITY_KEYS", str(keys))
    assert run_docket(fresh_database_url, "migrate", env=env).returncode == 0
    assert run_docket(fresh_database_url, "demo", "--password", PASSWORD, env=env).returncode == 0
    assert keys.stat().st_mode & 0o777 == 0o600, "the key file is its owner's only"
    before = identities_in(fresh_database_url)
    old_key = keys.read_text()

    for _ in range(2):
        rotated = run_docket(fresh_database_url, "identity", "rotate-key", "--yes", env=env)
        assert rotated.returncode == 0, rotated.stderr
        assert f"Sealed {len(before)} identities" in rotated.stdout
        assert identities_in(fresh_database_url) == before
    lines = keys.read_text().splitlines()
    assert len(lines) == 1, "the old keys are dropped"
    assert lines[0] not in old_key
    key_id = lines[0].split()[0]
    stored = read_rows(fresh_database_url, "SELECT DISTINCT key_id FROM survivor_identity")
    assert [r["key_id"] for r in stored] == [key_id]
    assert run_docket(fresh_database_url, "audit", "verify", env=env).returncode == 0

    # Without the key, the identities are unreadable, and Docket says why (no traceback).
    keys.write_text("not a key\n")
    broken = run_docket(fresh_database_url, "identity", "rotate-key", "--yes", env=env)
    assert broken.returncode != 0
    assert str(keys) in broken.stderr
    assert "Traceback" not in broken.stderr


def test_a_sealed_identity_opens_only_unchanged_and_for_its_own_survivor() -> None:
    fields = IdentityFields(
        legal_name="Rhea Mae Belarmino",
        notice_name="Rhea",
        birth_date=dt.date(2014, 3, 9),
        shelter="Balay Dalangpanan",
    )
    sealed, key_id = seal(7, fields)
    assert key_id == key_ring().sealing_key_id
    assert "Rhea" not in sealed
    assert unseal(7, sealed, key_id) == fields
    assert seal(7, fields)[0] != sealed, "a fresh nonce every time"
    with pytest.raises(SealError):
        unseal(8, sealed, key_id)  # copied onto another survivor's row
    changed = sealed[:30] + ("A" if sealed[30] != "A" else "B") + sealed[31:]
    with pytest.raises(SealError):
        unseal(7, changed, key_id)
    with pytest.raises(SealError):
        unseal(7, sealed, "gone")


#: Run in a `python` of its own: the database at the state of the release before sealing, with
#: an identity stored in plain text as that release stored it.
BEFORE_SEALING = textwrap.dedent(
    """
    import asyncio, sys
    from piccolo.apps.migrations.commands.forwards import run_forwards
    from piccolo.engine.finder import engine_finder
    from piccolo.querystring import QueryString

    async def main():
        for app in ("accounts", "courts"):
            assert (await run_forwards(app)).success
        done = await run_forwards("cases", migration_id="2026-11-24T09:05:00:000000")
        assert done.success, done.message
        db = engine_finder()
        await db.run_querystring(QueryString(
            "INSERT INTO court_case (id, docket_number, caption, stage, sealed, created_at,"
            " updated_at, version) VALUES (1, 'CEB-2025-0001', 'People v. X', 'case_build_up',"
            " false, '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 1)"))
        await db.run_querystring(QueryString(
            "INSERT INTO survivor (id, \\"case\\", pseudonym, sex, age_band, preferred_language,"
            " version) VALUES (1, 1, 'AAA', 'female', '7_to_11', 'ceb', 1)"))
        await db.run_querystring(QueryString(
            "INSERT INTO survivor_identity (survivor, legal_name, notice_name, birth_date,"
            " guardian, shelter, contact, address, school) VALUES (1, 'Rhea Mae Belarmino',"
            " 'Rhea', '2014-03-09', 'Lola Nena', 'Balay Dalangpanan', '0917 000 0000',"
            " 'Sitio Kamanggahan', 'Pasil Elementary')"))

    asyncio.run(main())
    """
)


def test_identities_stored_before_sealing_are_sealed_by_the_migration(
    fresh_database_url: str,
) -> None:
    import os

    env = os.environ | {"DOCKET_DATABASE_URL": fresh_database_url}
    before = subprocess.run(
        [sys.executable, "-c", BEFORE_SEALING], capture_output=True, text=True, env=env
    )
    assert before.returncode == 0, before.stderr
    migrated = run_docket(fresh_database_url, "migrate")
    assert migrated.returncode == 0, migrated.stderr + migrated.stdout
    [identity] = identities_in(fresh_database_url)
    assert identity == {
        "survivor": 1,
        "legal_name": "Rhea Mae Belarmino",
        "notice_name": "Rhea",
        "birth_date": dt.date(2014, 3, 9),
        "guardian": "Lola Nena",
        "shelter": "Balay Dalangpanan",
        "contact": "0917 000 0000",
        "address": "Sitio Kamanggahan",
        "school": "Pasil Elementary",
    }
    raw = msgspec.json.encode(read_rows(fresh_database_url, "SELECT * FROM survivor_identity"))
    assert b"Belarmino" not in raw
