"""Protection measures for a witness at a hearing, and their states.

Sources: A.M. 004-07-SC ss5-31 (child witnesses); RA 6981 (witness protection).
"""

from enum import StrEnum


class Measure(StrEnum):
    LIVE_LINK_TV = "live_link_tv"  # A.M. 004-07-SC s25
    SCREEN = "screen"  # s26
    SUPPORT_PERSON = "support_person"  # s11
    INTERPRETER = "interpreter"  # s9
    FACILITATOR = "facilitator"  # s10
    GUARDIAN_AD_LITEM = "guardian_ad_litem"  # s5
    SEPARATE_WAITING_AREA = "separate_waiting_area"  # s12
    CLOSED_COURTROOM = "closed_courtroom"  # s23
    VIDEOTAPED_DEPOSITION = "videotaped_deposition"  # s27
    BREAKS = "breaks"  # s14 (testify when rested; recesses)
    COMFORT_ITEM = "comfort_item"  # s16
    SECURITY_ESCORT = "security_escort"  # RA 6981 s8, in practice
    WITNESS_PROTECTION_PROGRAMME = "witness_protection_programme"  # RA 6981


class MeasureStatus(StrEnum):
    REQUESTED = "requested"
    ORDERED = "ordered"
    ARRANGED = "arranged"
    DECLINED = "declined"
