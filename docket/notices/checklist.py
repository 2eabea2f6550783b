"""What the advocate's preparation checklist says (notices.md §6.4), in one language.

Never given to the survivor: it names the case number, the prosecutor and the advocate's safety
notes, and the survivor only by pseudonym.
"""

import gettext

import msgspec

from docket.cases.choices import Language
from docket.hearings.choices import HearingKind, HearingMode
from docket.notices.catalogs import N_, review_status, reviewed_by_native_speaker, translations
from docket.notices.content import LANGUAGE_NAMES, languages_joined
from docket.notices.dates import date_in_words, time_in_words
from docket.notices.schemas import Accommodation, ChecklistData
from docket.protection.choices import Measure, MeasureStatus


class ChecklistRow(msgspec.Struct, frozen=True):
    label: str
    value: str
    #: Parts (split at " / ") printed whole: a case number broken at its hyphen no longer
    #: reads as itself, nor can it be found in the PDF's text.
    whole_parts: bool = False


class ChecklistSection(msgspec.Struct, frozen=True, kw_only=True):
    heading: str
    rows: list[ChecklistRow] = msgspec.field(default_factory=list)
    ticks: list[str] = msgspec.field(default_factory=list)  # boxes the advocate ticks


class AccommodationLine(msgspec.Struct, frozen=True, kw_only=True):
    measure: str
    requested: bool
    ordered: bool
    arranged: bool
    declined: bool


class AdvocateChecklist(msgspec.Struct, frozen=True, kw_only=True):
    """All the words of the advocate's one-page preparation sheet."""

    language: Language
    title: str
    not_for_survivor: str
    #: A warning while the notice's or the sheet's language is unreviewed; once both are
    #: reviewed, who reviewed them and when, as each catalog's header records it.
    review_warning: str
    review_done: bool
    hearing: ChecklistSection
    accommodations_heading: str
    accommodation_columns: list[str]
    accommodations: list[AccommodationLine]
    declined_word: str
    #: The measures nobody has asked for yet, listed all the same so that the advocate sees
    #: every protection the Rule allows and can ask for it (issue 20).
    not_asked_label: str
    not_asked: list[str]
    sections: list[ChecklistSection]


_MEASURE_FOR_ADVOCATE = {
    Measure.LIVE_LINK_TV: N_("Live-link TV"),
    Measure.SCREEN: N_("Screen or one-way mirror"),
    Measure.SUPPORT_PERSON: N_("Support persons (at most 2)"),
    Measure.INTERPRETER: N_("Interpreter"),
    Measure.FACILITATOR: N_("Facilitator"),
    Measure.GUARDIAN_AD_LITEM: N_("Guardian ad litem"),
    Measure.SEPARATE_WAITING_AREA: N_("Separate waiting area"),
    Measure.CLOSED_COURTROOM: N_("Closed courtroom"),
    Measure.VIDEOTAPED_DEPOSITION: N_("Videotaped deposition"),
    Measure.BREAKS: N_("Suitable hours and recesses"),
    Measure.COMFORT_ITEM: N_("Comfort item"),
    Measure.SECURITY_ESCORT: N_("Security escort"),
    Measure.WITNESS_PROTECTION_PROGRAMME: N_("Witness protection programme"),
}


def _measure_words(
    measure: Measure, detail: str, tr: gettext.GNUTranslations, survivor_language: Language
) -> str:
    words = tr.gettext(_MEASURE_FOR_ADVOCATE[measure])
    if measure is Measure.INTERPRETER:
        # Which language the interpreter must speak: as recorded, else the survivor's.
        language = detail.strip() or LANGUAGE_NAMES[survivor_language]
        words = f"{words} ({language})"
    return words


def _not_asked(
    recorded: list[Accommodation], tr: gettext.GNUTranslations, survivor_language: Language
) -> list[str]:
    """Every measure with no record for this survivor, in the order of the Rule."""
    asked = {each.measure for each in recorded}
    return [
        _measure_words(measure, "", tr, survivor_language)
        for measure in Measure
        if measure not in asked
    ]


def _accommodation_line(
    accommodation: Accommodation, tr: gettext.GNUTranslations, survivor_language: Language
) -> AccommodationLine:
    status = accommodation.status
    measure = _measure_words(accommodation.measure, accommodation.detail, tr, survivor_language)
    return AccommodationLine(
        measure=measure,
        requested=status is not MeasureStatus.DECLINED,
        # "Ordered" means the court ordered it; an arranged measure may never have been, so
        # arranging it does not tick the court's column.
        ordered=status is MeasureStatus.ORDERED,
        arranged=status is MeasureStatus.ARRANGED,
        declined=status is MeasureStatus.DECLINED,
    )


def advocate_checklist(data: ChecklistData, language: Language) -> AdvocateChecklist:
    """The words of the advocate's checklist (notices.md §6.4) in one language."""
    tr = translations(language)
    _ = tr.gettext
    notice = data.notice
    zone = notice.court_timezone
    role = _("Testify") if notice.expected_to_testify else _("Attend; not expected to testify")
    if data.role_note:
        role = f"{role} ({data.role_note})"
    support = ", ".join(notice.support_person_first_names) or "—"
    unreviewed = [
        LANGUAGE_NAMES[each]
        for each in dict.fromkeys((notice.language, language))
        if not reviewed_by_native_speaker(each)
    ]
    # Each catalog's review status, always shown: a warning while one is unreviewed.
    review_warning = (
        _(
            "The wording in %(languages)s has not yet been reviewed by a native speaker. "
            "Read the notice with the survivor and correct what sounds wrong."
        )
        % {"languages": languages_joined(unreviewed, tr)}
        if unreviewed
        else _("Wording checked by a native speaker: %(statuses)s")
        % {
            "statuses": "; ".join(
                f"{LANGUAGE_NAMES[each]}: {review_status(each)}"
                for each in dict.fromkeys((notice.language, language))
            )
        }
    )
    hearing = ChecklistSection(
        heading=_("Hearing"),
        rows=[
            ChecklistRow(_("Survivor (pseudonym)"), data.pseudonym),
            ChecklistRow(_("Case number"), data.docket_number, whole_parts=True),
            ChecklistRow(
                _("Court and room"),
                ", ".join(part for part in (notice.court_name, data.courtroom) if part),
            ),
            ChecklistRow(
                _("Date and time"),
                _("%(date)s, at %(time)s")
                % {
                    "date": date_in_words(notice.starts_at, zone, language),
                    "time": time_in_words(notice.starts_at, zone, language),
                },
            ),
            ChecklistRow(_("Hearing"), _(_HEARING_KIND_FOR_ADVOCATE[notice.hearing_kind])),
            ChecklistRow(_("Mode"), _(_MODE_FOR_ADVOCATE[notice.mode])),
            ChecklistRow(_("Role expected"), role),
            ChecklistRow(_("Prosecutor"), f"{data.prosecutor_name}, {data.prosecutor_phone}"),
            ChecklistRow(
                _("Notice printed in"),
                ", ".join(LANGUAGE_NAMES[each] for each in data.notice_languages)
                if data.notice_languages
                else _("Not yet; the survivor reads %(language)s")
                % {"language": LANGUAGE_NAMES[notice.language]},
            ),
        ],
    )
    logistics = ChecklistSection(
        heading=_("Logistics"),
        rows=[
            ChecklistRow(
                _("Meet"),
                _("%(place)s, at %(time)s")
                % {
                    "place": notice.meeting_place,
                    "time": time_in_words(notice.meeting_at, zone, language),
                },
            ),
            ChecklistRow(_("Leave by"), time_in_words(notice.leave_at, zone, language)),
            ChecklistRow(_("Support persons"), support),
            ChecklistRow(_("Vehicle and escort"), data.vehicle_and_escort or "—"),
            ChecklistRow(_("Route and entrance"), data.route_and_entrance or "—"),
            ChecklistRow(_("Return plan"), data.return_plan or "—"),
        ],
        ticks=[
            _("Food, water, medicine"),
            _("Spare clothes"),
            _("Allowance"),
        ],
    )
    preparation = ChecklistSection(
        heading=_("Preparation"),
        ticks=[
            _("Court visit done"),
            _("Coping skills practised (breathing, asking for a break)"),
            _("Notice read together: date ____ by ____; the survivor's questions noted"),
            _("No rehearsal of evidence: never go over what to say"),
        ],
    )
    safety = ChecklistSection(
        heading=_("Safety"),
        rows=[ChecklistRow(_("Notes"), data.safety_notes or "—")],
        ticks=[
            _("Plan if the survivor sees the accused or their family"),
            _("Watch for pressure to sign an affidavit of desistance or to settle"),
        ],
    )
    after = ChecklistSection(
        heading=_("After"),
        rows=[ChecklistRow(_("Notes"), data.after_notes or "—")],
        ticks=[
            _("Debrief with the survivor"),
            _("Agree who tells the survivor about the outcome or a new date"),
            _("Copies of this sheet kept locked; destroy after the case"),
        ],
    )
    return AdvocateChecklist(
        language=language,
        title=_("Advocate checklist"),
        not_for_survivor=_("For the advocate only. Never give this sheet to the survivor."),
        review_warning=review_warning,
        review_done=not unreviewed,
        hearing=hearing,
        accommodations_heading=_("Accommodations"),
        accommodation_columns=[
            _("Measure"),
            _("Requested"),
            _("Ordered"),
            _("Arranged"),
            _("Confirmed on the day"),
        ],
        accommodations=[_accommodation_line(a, tr, notice.language) for a in data.accommodations],
        declined_word=_("declined"),
        not_asked_label=_("Nobody has asked for these yet"),
        not_asked=_not_asked(data.accommodations, tr, notice.language),
        sections=[logistics, preparation, safety, after],
    )


_HEARING_KIND_FOR_ADVOCATE = {
    HearingKind.ARRAIGNMENT: N_("Arraignment"),
    HearingKind.PRE_TRIAL: N_("Pre-trial"),
    HearingKind.TRIAL: N_("Trial"),
    HearingKind.BAIL_HEARING: N_("Bail hearing"),
    HearingKind.MOTION: N_("Motion"),
    HearingKind.PROMULGATION: N_("Promulgation"),
    HearingKind.OTHER: N_("Other"),
}

_MODE_FOR_ADVOCATE = {
    HearingMode.IN_PERSON: N_("In person"),
    HearingMode.VIDEOCONFERENCE: N_("Videoconference"),
    HearingMode.HYBRID: N_("Hybrid"),
}
