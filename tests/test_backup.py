"""Backup and restore round trip: what was saved comes back, checked table by table."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.conftest import run_docket


def test_backup_and_restore_round_trip(fresh_database_url: str, tmp_path: Path) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    assert (
        run_docket(fresh_database_url, "demo", "--password", "demo password 2026").returncode == 0
    )
    target = tmp_path / "backups" / "docket-2026-11-24.backup"
    saved = run_docket(fresh_database_url, "backup", str(target))
    assert saved.returncode == 0, saved.stderr
    manifest = json.loads(target.with_name(target.name + ".manifest.json").read_text())
    assert manifest["row_counts"]["court_case"] == 15
    assert manifest["row_counts"]["survivor_identity"] > 0

    # Life goes on after the backup: a new user is added...
    added = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "late@docket.test",
        "--name",
        "Late",
        "--role",
        "lawyer",
        "--password-stdin",
        stdin="tarsier mango ferry lighthouse\n",
    )
    assert added.returncode == 0, added.stderr
    # ...then the database is restored: the user is gone, everything saved is back.
    restored = run_docket(fresh_database_url, "restore", "--yes", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "every table's count matches" in restored.stdout
    users = run_docket(fresh_database_url, "users", "list").stdout
    assert "late@docket.test" not in users
    assert "maria.santos@docket.example" in users
    verify = run_docket(fresh_database_url, "audit", "verify")
    assert verify.returncode == 0, "the restored audit trail still verifies"


def test_restore_refuses_a_damaged_or_unmatched_backup(
    fresh_database_url: str, tmp_path: Path
) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    target = tmp_path / "docket.backup"
    assert run_docket(fresh_database_url, "backup", str(target)).returncode == 0
    with target.open("ab") as damaged:
        damaged.write(b"\0garbage")
    refused = run_docket(fresh_database_url, "restore", "--yes", str(target))
    assert refused.returncode != 0
    assert "does not match its manifest" in refused.stderr
    target.with_name(target.name + ".manifest.json").unlink()
    no_manifest = run_docket(fresh_database_url, "restore", "--yes", str(target))
    assert no_manifest.returncode != 0
    missing = run_docket(fresh_database_url, "restore", "--yes", str(tmp_path / "nothing"))
    assert missing.returncode != 0


def test_the_database_and_its_backups_are_readable_by_their_owner_only(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """A copy of the database is a copy of every survivor's identity: on a shared machine no
    other account may read the database, its WAL, a backup or a manifest."""
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    assert (
        run_docket(fresh_database_url, "demo", "--password", "demo password 2026").returncode == 0
    )
    files = []
    if fresh_database_url.startswith("sqlite:///"):
        database = Path(fresh_database_url.removeprefix("sqlite:///"))
        files += [database, *database.parent.glob(database.name + "-*")]
    target = tmp_path / "backups" / "docket.backup"
    target.parent.mkdir()
    # A backup written over an old, world-readable one is tightened too.
    target.write_bytes(b"an older backup")
    target.chmod(0o644)
    assert run_docket(fresh_database_url, "backup", str(target)).returncode == 0
    files += [target, target.with_name(target.name + ".manifest.json")]
    restored = run_docket(fresh_database_url, "restore", "--yes", str(target))
    assert restored.returncode == 0, restored.stderr
    for path in files:
        assert path.exists(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
