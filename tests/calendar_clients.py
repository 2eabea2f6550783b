"""A real subscribing calendar client for tests: vdirsyncer polls a feed URL, khal shows it.

vdirsyncer's ``http`` storage is what a subscription is: it fetches the whole feed, splits it
into events and mirrors them into a local folder, deleting what vanished from the feed; khal
then reads that folder the way a user's terminal calendar would. Use it against a feed served
on 127.0.0.1:

    client = SubscribingClient(feed_url, tmp_path / "client")
    client.sync()
    events = client.events(date(2026, 12, 1), date(2026, 12, 31))

Needs the test tools `vdirsyncer` (0.21) and `khal` (0.14) installed in the same virtualenv.

What this client does that a test must expect (measured with vdirsyncer 0.21.0, khal 0.14.1):

- vdirsyncer's http storage *replaces each event's UID with a hash of its content*
  (``item.with_uid(item.hash)``, pimutils/vdirsyncer#1222), so the feed's UID and SEQUENCE
  do not identify an event on this client: a rescheduled hearing arrives as a delete plus a new
  event. Events are therefore matched by their URL property (the hearing's page in Docket).
- khal's own ``uid`` field is that hash (the file name), not the feed's UID.
- A STATUS:CANCELLED event is still listed, with status "CANCELLED".
- A feed that became empty (what a revoked link serves) is refused: "Storage … was completely
  emptied", exit 1, cached events kept, until the sync is run with ``--force-delete``.
- khal prints times in its configured zone (here the court's), whatever the machine's TZ.
"""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = ["ClientEvent", "SubscribingClient", "SubscribingClientError"]

INSTALL_HINT = "install the test tools: .venv/bin/pip install vdirsyncer==0.21.0 khal==0.14.1"
KHAL_FIELDS = ("start", "end", "title", "status", "location", "description", "url", "uid")
# One fixed format so tests compare plain strings, independent of the machine's locale.
KHAL_DATETIME = "%Y-%m-%d %H:%M"


class SubscribingClientError(RuntimeError):
    """vdirsyncer or khal failed, or is not installed; the message carries their output."""


@dataclass(frozen=True, slots=True)
class ClientEvent:
    """One event as khal shows it, in the client's time zone."""

    start: str  # "2026-12-03 09:30", or "2026-12-10" for an all-day event
    end: str
    title: str
    status: str  # "CONFIRMED", "CANCELLED", or "" when the feed gives none
    location: str
    description: str
    url: str
    client_uid: str  # khal's id: vdirsyncer's content hash, not the feed's UID


def _tool(name: str) -> str:
    # Prefer the tool beside the running interpreter, so the test uses the pinned versions.
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SubscribingClientError(f"{name} not found; {INSTALL_HINT}")
    return found


class SubscribingClient:
    """A vdirsyncer + khal pair subscribed to one feed URL, kept entirely under `workdir`."""

    def __init__(self, feed_url: str, workdir: Path, *, timezone: str = "Asia/Manila") -> None:
        self.feed_url = feed_url
        self.workdir = workdir
        self.timezone = timezone
        self.collection = workdir / "calendars" / "feed"
        self._vdirsyncer_config = workdir / "vdirsyncer.conf"
        self._khal_config = workdir / "khal.conf"
        self._discovered = False
        self._write_configs()

    def _write_configs(self) -> None:
        (self.workdir / "status").mkdir(parents=True, exist_ok=True)
        # Created up front: otherwise `discover` asks on the terminal whether to create it.
        self.collection.mkdir(parents=True, exist_ok=True)
        # json.dumps gives the double-quoted strings vdirsyncer's config format expects.
        self._vdirsyncer_config.write_text(
            "[general]\n"
            f"status_path = {json.dumps(str(self.workdir / 'status') + '/')}\n"
            "\n[pair feed]\n"
            'a = "feed_remote"\n'
            'b = "feed_local"\n'
            "collections = null\n"
            # The http side is read-only; should the copy ever differ, the feed is the truth.
            'conflict_resolution = "a wins"\n'
            "\n[storage feed_remote]\n"
            'type = "http"\n'
            f"url = {json.dumps(self.feed_url)}\n"
            "\n[storage feed_local]\n"
            'type = "filesystem"\n'
            f"path = {json.dumps(str(self.collection) + '/')}\n"
            'fileext = ".ics"\n',
            encoding="utf-8",
        )
        self._khal_config.write_text(
            "[calendars]\n"
            "[[feed]]\n"
            f"path = {self.collection}/\n"
            "type = calendar\n"
            "readonly = True\n"
            "\n[locale]\n"
            "timeformat = %H:%M\n"
            "dateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\n"
            f"datetimeformat = {KHAL_DATETIME}\n"
            f"longdatetimeformat = {KHAL_DATETIME}\n"
            f"local_timezone = {self.timezone}\n"
            f"default_timezone = {self.timezone}\n"
            "\n[sqlite]\n"
            f"path = {self.workdir / 'khal.db'}\n",
            encoding="utf-8",
        )

    def _environment(self) -> dict[str, str]:
        environment = dict(os.environ)
        home = str(self.workdir / "home")
        environment.update(
            # Keep the tools away from the developer's own configs and caches.
            HOME=home,
            XDG_CONFIG_HOME=f"{home}/.config",
            XDG_DATA_HOME=f"{home}/.local/share",
            XDG_CACHE_HOME=f"{home}/.cache",
            # A UTC machine zone proves khal converts to its configured zone itself.
            TZ="UTC",
            LC_ALL="C.UTF-8",
            LANG="C.UTF-8",
            # vdirsyncer's aiohttp session trusts proxy variables; the feed is local.
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        return environment

    def _run(self, *arguments: str) -> str:
        completed = subprocess.run(
            arguments,
            stdin=subprocess.DEVNULL,  # any prompt fails at once instead of hanging the test
            capture_output=True,
            text=True,
            env=self._environment(),
            timeout=120,
            check=False,
        )
        if completed.returncode != 0:
            raise SubscribingClientError(
                f"{' '.join(arguments)} exited {completed.returncode}\n"
                f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
            )
        return completed.stdout + completed.stderr

    def sync(self, *, force_delete: bool = False) -> str:
        """Poll the feed once, as a subscribed calendar does; returns vdirsyncer's log.

        vdirsyncer refuses to apply a feed that became empty (it guards against a broken
        server wiping a calendar) and fails; `force_delete=True` is the user saying "yes".
        """
        vdirsyncer = _tool("vdirsyncer")
        config = str(self._vdirsyncer_config)
        log = ""
        if not self._discovered:
            log += self._run(vdirsyncer, "-c", config, "discover", "feed")
            self._discovered = True
        force = ["--force-delete"] if force_delete else []
        log += self._run(vdirsyncer, "-c", config, "sync", *force, "feed")
        if any(line.lower().startswith(("error", "critical")) for line in log.splitlines()):
            # vdirsyncer can log a failed item yet exit 0; a test must not pass on half a sync.
            raise SubscribingClientError(f"vdirsyncer reported an error:\n{log}")
        return log

    def events(self, start: date, end: date) -> list[ClientEvent]:
        """The events khal lists from `start` to `end` (inclusive), each once."""
        command = [_tool("khal"), "-c", str(self._khal_config), "list", "--once"]
        for field in KHAL_FIELDS:
            command += ["--json", field]
        # khal prints one JSON array per day of the range.
        output = self._run(*command, start.isoformat(), end.isoformat())
        events: list[ClientEvent] = []
        for line in output.splitlines():
            if not line.startswith("["):
                continue
            for item in json.loads(line):
                events.append(
                    ClientEvent(
                        start=item["start"],
                        end=item["end"],
                        title=item["title"],
                        status=item["status"],
                        location=item["location"],
                        description=item["description"],
                        url=item["url"],
                        client_uid=item["uid"],
                    )
                )
        return events

    def synced_files(self) -> list[Path]:
        """The .ics files vdirsyncer keeps for the subscription, one per event."""
        return sorted(self.collection.glob("*.ics"))
