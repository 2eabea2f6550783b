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
