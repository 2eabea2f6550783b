"""Protection needs: what each witness needs at each hearing, and how far it has got."""

from piccolo.columns import Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from docket.accounts.tables import User
from docket.cases.tables import Witness
from docket.hearings.tables import Hearing
from docket.protection.choices import Measure, MeasureStatus


class ProtectionNeed(Table, tablename="protection_need"):
    """One measure for one witness at one hearing (A.M. 004-07-SC ss5-31; RA 6981)."""

    id: Serial
    hearing = ForeignKey(references=Hearing, index=True)
    witness = ForeignKey(references=Witness, index=True)
    measure = Varchar(length=40, choices=Measure)
    #: requested, ordered (by the court), arranged (done) or declined.
    status = Varchar(length=20, choices=MeasureStatus, default=MeasureStatus.REQUESTED)
    #: Particulars, e.g. the interpreter's language. Never a name or address of a survivor.
    detail = Varchar(length=200, default="")
    #: The day it was asked for: for live-link TV, the application that A.M. 004-07-SC s25
    #: wants at least 5 days before the child testifies.
    requested_on = Date(null=True, default=None)
    #: Who last changed the status, and when (UTC).
    updated_by = ForeignKey(references=User, null=True)
    updated_at = Timestamptz()
    version = Integer(default=1)
