"""The words notices are described in: which variant, which sheet of paper."""

from enum import StrEnum

from docket.cases.choices import AgeBand


class NoticeVariant(StrEnum):
    """Who a printed notice is for (notices.md §6)."""

    YOUNG_CHILD = "young_child"  # about 3-7, read aloud, one picture per panel
    CHILD = "child"  # 8-17, read together
    ADULT = "adult"  # read together, then kept
    ADVOCATE_CHECKLIST = "advocate_checklist"  # never given to the survivor
    #: A short note for a survivor whose notice showed a hearing that was then cancelled:
    #: "Court is not on <day>". Printed only for a cancelled hearing.
    CANCELLED_NOTE = "cancelled_note"


SURVIVOR_VARIANTS = (NoticeVariant.YOUNG_CHILD, NoticeVariant.CHILD, NoticeVariant.ADULT)
#: What is printed to prepare for a hearing still to come: all but the cancelled-hearing note.
PREPARATION_VARIANTS = (*SURVIVOR_VARIANTS, NoticeVariant.ADVOCATE_CHECKLIST)


class Paper(StrEnum):
    """Sheets offices in Cebu print on (notices.md §4)."""

    LETTER = "letter"  # short bond, 8.5 x 11 in
    A4 = "a4"
    LONG = "long"  # long bond / folio, 8.5 x 13 in


def suggested_variant(age_band: AgeBand) -> NoticeVariant:
    """The survivor variant written for this age band; the advocate may choose another.

    Children of 7 fall in the 7-11 band and get the child variant: at 7 most have started
    reading, and the advocate can still print the young-child pages for one who has not.
    """
    if age_band is AgeBand.UNDER_7:
        return NoticeVariant.YOUNG_CHILD
    if age_band is AgeBand.ADULT:
        return NoticeVariant.ADULT
    return NoticeVariant.CHILD
