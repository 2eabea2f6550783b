"""A court's time zone, read safely: the zone a stored name means, or the Philippines' own.

Courts are checked when they are entered (docket.courts.services), but a row stored before that
check, or edited by hand, can name a folder of the tz database ("Asia") or nothing at all;
opening it raised IsADirectoryError deep inside a page, a feed or the deadline engine, and one
court took every list that showed its hearings down. Readers ask here instead.
"""

from __future__ import annotations

import functools
import logging
import zoneinfo

#: Where Docket's courts sit, and the zone a court whose stored zone is unusable is shown in:
#: the one place the name is written (Philippine Standard Time, UTC+8, no daylight saving).
PHILIPPINES = "Asia/Manila"
PHILIPPINE_TIME = zoneinfo.ZoneInfo(PHILIPPINES)

log = logging.getLogger(__name__)


@functools.cache
def known_zones() -> frozenset[str]:
    """The zones the tz database lists (read once: the scan reads every file of it)."""
    return frozenset(zoneinfo.available_timezones())


def is_zone(name: str | None) -> bool:
    return bool(name) and name in known_zones()


@functools.cache
def zone_of(name: str | None) -> zoneinfo.ZoneInfo:
    """The stored zone, or Asia/Manila when it is not one (logged once per name)."""
    if name and is_zone(name):
        return zoneinfo.ZoneInfo(name)
    if name:
        log.warning("a court's stored time zone is not a zone; shown in %s", PHILIPPINES)
    return zoneinfo.ZoneInfo(PHILIPPINES)
