"""The words cases, survivors and witnesses are described in (stored as these values)."""

from enum import StrEnum


class CaseStage(StrEnum):
    """Where a case stands; transitions are ruled by ``docket.cases.stages``."""

    CASE_BUILD_UP = "case_build_up"
    INQUEST = "inquest"
    PRELIMINARY_INVESTIGATION = "preliminary_investigation"
    RESOLUTION = "resolution"
    INFORMATION_FILED = "information_filed"
    ARRAIGNMENT_AND_PRE_TRIAL = "arraignment_and_pre_trial"
    TRIAL_PROSECUTION_EVIDENCE = "trial_prosecution_evidence"
    TRIAL_DEFENCE_EVIDENCE = "trial_defence_evidence"
    TRIAL_REBUTTAL = "trial_rebuttal"
    SUBMITTED_FOR_DECISION = "submitted_for_decision"
    DECIDED = "decided"
    ON_APPEAL = "on_appeal"
    ARCHIVED = "archived"
    PROVISIONALLY_DISMISSED = "provisionally_dismissed"


class CustodyStatus(StrEnum):
    DETAINED = "detained"
    AT_LARGE = "at_large"
    ON_BAIL = "on_bail"
    RELEASED = "released"


class CustodyChange(StrEnum):
    """A dated change in an accused's custody; the latest one is the accused's custody now.

    The arraignment clock depends on it (A.M. 15-06-10-SC III.8: 10 days for a detained
    accused, 30 for the others), so each change is kept with its date, not as one flag.
    """

    #: Taken into custody (by warrant, or in flagrante before an inquest).
    ARRESTED = "arrested"
    #: Held by order of the court (a commitment order), e.g. after a voluntary surrender.
    DETAINED = "detained"
    BAIL_POSTED = "bail_posted"
    #: Let go without bail (recognizance, a dismissal for this accused, an order of release).
    RELEASED = "released"
    #: Back in detention after bail or release (bail cancelled, a new warrant).
    RECOMMITTED = "recommitted"


#: The custody each change leaves the accused in.
CUSTODY_AFTER: dict[CustodyChange, CustodyStatus] = {
    CustodyChange.ARRESTED: CustodyStatus.DETAINED,
    CustodyChange.DETAINED: CustodyStatus.DETAINED,
    CustodyChange.BAIL_POSTED: CustodyStatus.ON_BAIL,
    CustodyChange.RELEASED: CustodyStatus.RELEASED,
    CustodyChange.RECOMMITTED: CustodyStatus.DETAINED,
}


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNRECORDED = "unrecorded"


class AgeBand(StrEnum):
    """Age at the time of testimony, in the bands the notices are written for (notices.md §2)."""

    UNDER_7 = "under_7"
    AGE_7_TO_11 = "7_to_11"
    AGE_12_TO_17 = "12_to_17"
    ADULT = "adult"


class Language(StrEnum):
    """Languages a survivor may prefer; notices exist in each."""

    CEBUANO = "ceb"
    FILIPINO = "fil"
    ENGLISH = "en"
    WARAY = "war"


class WitnessKind(StrEnum):
    SURVIVOR = "survivor"
    POLICE_OFFICER = "police_officer"
    FORENSIC_EXAMINER = "forensic_examiner"
    SOCIAL_WORKER = "social_worker"
    FOREIGN_LAW_ENFORCEMENT = "foreign_law_enforcement"
    OTHER = "other"


class Plea(StrEnum):
    """What an accused answered at arraignment (Rules of Court R116 ss1-2)."""

    NOT_GUILTY = "not_guilty"
    GUILTY = "guilty"
    #: Plea bargaining: only to an offence necessarily included in the charge, with the consent
    #: of the offended party and the prosecutor (R116 s2).
    GUILTY_TO_LESSER_OFFENCE = "guilty_to_lesser_offence"


class Disposition(StrEnum):
    """How the case ended for one accused."""

    PENDING = "pending"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISMISSED = "dismissed"
