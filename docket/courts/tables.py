"""Courts where hearings take place."""

from piccolo.columns import Boolean, Integer, Serial, Text, Varchar
from piccolo.table import Table


class Court(Table, tablename="court"):
    """A court branch, e.g. "RTC Branch 16, Cebu City"."""

    id: Serial
    #: The branch's name as it is written on a subpoena.
    name = Varchar(length=200, unique=True)
    #: A Regional Trial Court branch designated as a family court (RA 8369; RA 9208 s8).
    family_court = Boolean(default=False)
    #: The street address, for the people who must go there.
    address = Text(default="")
    #: IANA time zone: every hearing time is shown in the court's zone.
    timezone = Varchar(length=64, default="Asia/Manila")
    #: Increases on every change; a stale edit is refused.
    version = Integer(default=1)
