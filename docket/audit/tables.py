"""The audit trail: one append-only row per change, written in the change's own transaction."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from docket.accounts.tables import User


class AuditEvent(Table, tablename="audit_event"):
    """Who did what, when, from where, and the record before and after (identity redacted)."""

    id: Serial
    #: When (UTC).
    at = Timestamptz(index=True)
    #: Who; null for the system (migrations, the demo loader).
    actor = ForeignKey(references=User, null=True, index=True)
    #: The client's address, if the change came over HTTP.
    remote_addr = Varchar(length=64, default="")
    #: What, in the form "<entity>.<verb>", e.g. "hearing.reset", "survivor.create".
    action = Varchar(length=60)
    #: The kind of record and its id.
    entity = Varchar(length=40)
    entity_id = Integer(null=True, default=None)
    #: The case it concerns, so the trail can be read per case.
    case_id = Integer(null=True, default=None, index=True)
    #: "ok", or "denied" for refused attempts worth keeping.
    outcome = Varchar(length=20, default="ok")
    #: JSON of the changed fields before and after; identity fields show "[redacted]".
    before = Text(default="{}")
    after = Text(default="{}")
    #: The previous row's hash: deleting or reordering rows breaks the chain.
    prev_hash = Varchar(length=64, default="")
    #: HMAC-SHA256 of this row and prev_hash, keyed outside the database (docket/audit/chain.py).
    hash = Varchar(length=64, default="")


class AuditHead(Table, tablename="audit_head"):
    """The end of the chain (one row), MAC'd like the rows, so that cutting rows off the end
    is detected; every head is also appended to the head log outside the database
    (docket/audit/headlog.py), which catches a replayed older head."""

    id: Serial
    #: How many rows the trail has.
    row_count = Integer(default=0)
    #: The id and hash of the last row.
    last_id = Integer(default=0)
    last_hash = Varchar(length=64, default="")
    #: Which trail this is: the hash of its first record (audit.trail_started), named in each
    #: line of the head log; "" if that record was never written or the head was lost.
    trail = Varchar(length=64, default="")
    #: HMAC of (count, last_id, last_hash, trail).
    mac = Varchar(length=64, default="")


class ChangeMark(Table, tablename="change_mark"):
    """The last audited change of each case, and of what all cases share, so that a reader can
    tell whether what it showed may have changed without reading it again (a calendar feed's
    304). Written by the audit record of every change, in the change's own transaction; a
    login, a session or another person's settings move none of them."""

    id: Serial
    #: The case the changes concern (the audit rows' case_id), or SHARED_CHANGES (0) for the
    #: changes about no one case that a case's calendar may show: courts, court closures,
    #: holidays, teams (docket.audit.services.NOT_SHOWN_WITH_CASES lists the others).
    case_id = Integer(unique=True)
    #: The id of the last audit row about it (ids grow in commit order: the audit lock).
    last_id = Integer(default=0)


#: ChangeMark.case_id of the changes about no one case.
SHARED_CHANGES = 0
