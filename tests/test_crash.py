"""Crash safety on SQLite: a writing server killed with SIGKILL at random moments leaves a
database that passes integrity_check and holds every write it acknowledged."""

from __future__ import annotations

import random
import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import IS_POSTGRES, live_server, run_docket

ROUNDS = 3


@pytest.mark.skipif(IS_POSTGRES, reason="SQLite's durability on process death is what is tested")
def test_sigkill_while_writing_loses_no_acknowledged_write(
    fresh_database_url: str, tmp_path: Path
) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    created = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "admin@docket.test",
        "--name",
        "A",
        "--role",
        "admin",
        "--password-stdin",
        stdin="tarsier mango ferry lighthouse\n",
    )
    assert created.returncode == 0
    token = run_docket(fresh_database_url, "users", "token", "admin@docket.test", "--name", "tests")
    headers = {"Authorization": f"Bearer {token.stdout.strip().splitlines()[-1]}"}
    acknowledged: list[str] = []
    chance = random.Random(20261124)  # when to kill: not a secret

    for round_number in range(ROUNDS):
        with live_server(fresh_database_url, tmp_path / f"server-{round_number}.log") as server:
            stop = threading.Event()

            def write(
                base_url: str = server.url,
                round_number: int = round_number,
                stop: threading.Event = stop,
            ) -> None:
                with httpx.Client(base_url=base_url, headers=headers, timeout=5) as http:
                    n = 0
                    while not stop.is_set():
                        name = f"RTC Branch {round_number}-{n}"
                        n += 1
                        try:
                            response = http.post("/api/courts", json={"name": name})
                        except httpx.TransportError:
                            return  # the server died mid-request: not acknowledged
                        if response.status_code == 201:
                            acknowledged.append(name)

            writer = threading.Thread(target=write)
            writer.start()
            time.sleep(0.5 + chance.random() * 1.5)
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(timeout=10)
            stop.set()
            writer.join(timeout=10)

        database = sqlite3.connect(fresh_database_url.removeprefix("sqlite:///"))
        try:
            assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in database.execute("SELECT name FROM court")}
        finally:
            database.close()
        lost = [name for name in acknowledged if name not in stored]
        assert lost == [], f"round {round_number}: acknowledged but lost: {lost[:5]}"
    assert len(acknowledged) > 20, "the writer got through some writes before each kill"
