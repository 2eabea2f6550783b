"""The words hearings are described in (stored as these values)."""

from enum import StrEnum


class HearingKind(StrEnum):
    ARRAIGNMENT = "arraignment"
    PRE_TRIAL = "pre_trial"
    TRIAL = "trial"
    BAIL_HEARING = "bail_hearing"
    MOTION = "motion"
    PROMULGATION = "promulgation"
    OTHER = "other"


class HearingMode(StrEnum):
    IN_PERSON = "in_person"
    VIDEOCONFERENCE = "videoconference"
    HYBRID = "hybrid"


class HearingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    RESET = "reset"
    CANCELLED = "cancelled"


#: Hearings still to happen (a reset hearing carries its new date): the one definition the
#: services, the deadline engine, the notices and the pages share.
PENDING = (HearingStatus.SCHEDULED, HearingStatus.RESET)
