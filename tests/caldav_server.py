"""A real CalDAV server for tests: Radicale (from PyPI, pinned in the test extra) on 127.0.0.1,
and vdirsyncer copying a feed into one of its calendars the way a subscribed account does
(http storage → caldav storage), so a test can read what the server holds.

    with RadicaleServer(tmp_path / "radicale") as server:
        calendar_url = server.make_calendar("hearings")
        copy = CalDavSubscriber(feed_url, calendar_url, tmp_path / "sync")
        copy.sync()
        held = server.calendar(calendar_url)

Radicale imports every event as its own item and refuses one without a UID or with a UID
already in the calendar, so a feed that reaches it whole has one well-formed item per event.
vdirsyncer's http storage replaces each event's UID with a hash of its content
(pimutils/vdirsyncer#1222): a changed event arrives as a delete plus a new item, so tests match
events by their URL property (the page in Docket), never by UID.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
from icalendar import Calendar

from tests.calendar_clients import SubscribingClientError, _tool
from tests.conftest import free_port

__all__ = ["CalDavSubscriber", "RadicaleServer"]

USER, PASSWORD = "tester", "tester"


class RadicaleServer:
    """`radicale` in its own process on a free port of 127.0.0.1."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> RadicaleServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            # Any user and password is accepted; each user may use only their own calendars.
            "[auth]\ntype = none\n"
            "[rights]\ntype = owner_only\n"
            f"[storage]\nfilesystem_folder = {self.workdir / 'collections'}\n"
            "[web]\ntype = none\n"
            "[logging]\nlevel = warning\n",
            encoding="utf-8",
        )
        self._log = (self.workdir / "radicale.log").open("wb")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(self.url + "/", timeout=1)
                break
            except httpx.TransportError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise RuntimeError("radicale did not start:\n" + self.log()) from None
                time.sleep(0.1)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()

    def log(self) -> str:
        return (self.workdir / "radicale.log").read_text(encoding="utf-8", errors="replace")

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(method, url, auth=(USER, PASSWORD), timeout=30, **kwargs)

    def make_calendar(self, name: str) -> str:
        """A new empty calendar; its URL."""
        url = f"{self.url}/{USER}/{name}/"
        made = self._request("MKCALENDAR", url)
        assert made.status_code == 201, made.text
        return url

    def calendar(self, url: str) -> Calendar:
        """The whole calendar as the server holds it (a GET of the collection)."""
        answer = self._request("GET", url)
        assert answer.status_code == 200, answer.text
        return Calendar.from_ical(answer.content)

    def item_count(self, url: str) -> int:
        """How many items the server stores in the calendar (one event each)."""
        answer = self._request("PROPFIND", url, headers={"Depth": "1"})
        assert answer.status_code == 207, answer.text
        # One response for the collection itself, one per item.
        return answer.text.count("response>") // 2 - 1


class CalDavSubscriber:
    """vdirsyncer copying one feed URL into the Radicale calendar, kept under `workdir`."""

    def __init__(self, feed_url: str, calendar_url: str, workdir: Path) -> None:
        self.workdir = workdir
        (workdir / "status").mkdir(parents=True, exist_ok=True)
        self._config = workdir / "vdirsyncer.conf"
        self._config.write_text(
            "[general]\n"
            f"status_path = {json.dumps(str(workdir / 'status') + '/')}\n"
            "\n[pair feed]\n"
            'a = "feed_remote"\n'
            'b = "caldav_server"\n'
            "collections = null\n"
            'conflict_resolution = "a wins"\n'
            "\n[storage feed_remote]\n"
            'type = "http"\n'
            f"url = {json.dumps(feed_url)}\n"
            "\n[storage caldav_server]\n"
            'type = "caldav"\n'
            f"url = {json.dumps(calendar_url)}\n"
            f"username = {json.dumps(USER)}\n"
            f"password = {json.dumps(PASSWORD)}\n",
            encoding="utf-8",
        )
        self._discovered = False

    def _run(self, *arguments: str) -> str:
        home = str(self.workdir / "home")
        completed = subprocess.run(
            [_tool("vdirsyncer"), "-c", str(self._config), *arguments],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env={
                "HOME": home,
                "XDG_CONFIG_HOME": f"{home}/.config",
                "XDG_DATA_HOME": f"{home}/.local/share",
                "XDG_CACHE_HOME": f"{home}/.cache",
                "PATH": "/usr/bin:/bin",
                "LC_ALL": "C.UTF-8",
                "LANG": "C.UTF-8",
                "NO_PROXY": "127.0.0.1,localhost",
                "no_proxy": "127.0.0.1,localhost",
            },
            timeout=120,
            check=False,
        )
        log = completed.stdout + completed.stderr
        if completed.returncode != 0 or any(
            line.lower().startswith(("error", "critical")) for line in log.splitlines()
        ):
            raise SubscribingClientError(f"vdirsyncer {' '.join(arguments)} failed:\n{log}")
        return log

    def sync(self) -> str:
        """Poll the feed once and apply it to the server; vdirsyncer's log."""
        log = ""
        if not self._discovered:
            log += self._run("discover", "feed")
            self._discovered = True
        return log + self._run("sync", "feed")
