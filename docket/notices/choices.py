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


#: Sheets of paper each document may take (notices.md §4: a survivor's notice two sheets, the
#: checklist one), held by the render matrix test.
NOTICE_PAGES = {
    NoticeVariant.YOUNG_CHILD: 2,
    NoticeVariant.CHILD: 2,
    NoticeVariant.ADULT: 2,
    NoticeVariant.ADVOCATE_CHECKLIST: 1,
    NoticeVariant.CANCELLED_NOTE: 1,
}
#: The preparation pack's sheets: who is in each room, calm and feelings, and for a child the
#: grown-up's sheet (an adult brings themself). The young child's rooms, at 20 pt with a
#: picture each, take two sheets in Cebuano and Waray when a live link adds a third room.
PACK_PAGES = {NoticeVariant.YOUNG_CHILD: 4, NoticeVariant.CHILD: 3, NoticeVariant.ADULT: 2}
#: Type sizes in points, ordinary and large print. Ordinary: notices.md §4 (young child
#: 20-24 pt, read aloud; child and teen 16 pt; adult at least 14 pt). Large print: the top of
#: the young child's range, and 18 pt or more for readers, the usual floor of large print
#: (RNIB and APH guidance; notices.md gives no large-print size).
TYPE_SIZES = {
    NoticeVariant.YOUNG_CHILD: (20, 24),
    NoticeVariant.CHILD: (16, 20),
    NoticeVariant.ADULT: (14, 18),
}


def page_budget(variant: NoticeVariant, *, pack: bool, large_print: bool, bilingual: bool) -> int:
    """The most sheets a print may take. Large print may take half as many again (rounded
    up); a bilingual print, two columns each half as wide, twice as many."""
    pages = NOTICE_PAGES[variant] + (PACK_PAGES.get(variant, 0) if pack else 0)
    if large_print:
        pages = -(-pages * 3 // 2)
    return pages * (2 if bilingual else 1)
