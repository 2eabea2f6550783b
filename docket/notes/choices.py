"""Who may read a note."""

from enum import StrEnum


class NoteVisibility(StrEnum):
    #: Everyone who works on the case; shown in the case chronology.
    TEAM = "team"
    #: Only the survivor's advocate and the case's lead prosecutor (as a survivor's identity):
    #: sealed at rest, never in the chronology, the audit trail or a list others see.
    RESTRICTED = "restricted"
