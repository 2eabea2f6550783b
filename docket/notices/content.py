"""What a survivor's notice says, in their language: the words, not the layout.

Each builder returns plain strings, one sentence per entry, so the reading gates in the tests
measure exactly what is printed. Every string is a gettext message (see
``docket.notices.catalogs`` for how to extract and translate them); values such as names are
put in with ``%(name)s`` placeholders and escaped later by the template.
"""

import gettext
import re
from datetime import datetime

import msgspec

from docket.cases.choices import Language
from docket.courts.zones import zone_of
from docket.hearings.choices import HearingKind, HearingMode
from docket.notices.catalogs import N_, translations
from docket.notices.choices import NoticeVariant
from docket.notices.dates import date_in_words, time_in_words
from docket.notices.schemas import NoticeData, PrintOccasion
from docket.protection.choices import Measure

# What each language is called on the page, in that language (notices.md §3).
LANGUAGE_NAMES = {
    Language.CEBUANO: "Binisaya (Cebuano)",
    Language.FILIPINO: "Filipino",
    Language.ENGLISH: "English",
    Language.WARAY: "Winaray (Waray)",
}


class Section(msgspec.Struct, frozen=True, kw_only=True):
    """One panel (young child) or one question-headed part (child, adult)."""

    heading: str
    sentences: list[str]  # one sentence each; these are what the reading gates measure
    pictogram: str | None = None  # file stem under the pictograms folder
    as_list: bool = False  # print the sentences as a bulleted list
    key_facts: bool = False  # one sentence a line, boxed: date, place and times stand out
    tick_off_nights: bool = False  # young child: boxes ticked each night until court


#: A court's name that keeps the English abbreviation, explained on the page.
_RTC = re.compile(r"\bRTC\b")

#: The "nights until court" strip: a box a night, ticked off each evening, for up to two weeks
#: (notices.md §3); further ahead a young child cannot count it, so there is no strip.
MOST_NIGHTS_SHOWN = 14
#: "You go to court soon" is said only within a week.
SOON_NIGHTS = 7


def nights_until(starts_at: datetime, timezone: str, printed_at: datetime) -> int:
    """Nights between the day a notice is printed and the hearing's day, in the court's zone."""
    zone = zone_of(timezone)
    return (starts_at.astimezone(zone).date() - printed_at.astimezone(zone).date()).days


class SurvivorNotice(msgspec.Struct, frozen=True, kw_only=True):
    """All the words of one survivor's notice."""

    language: Language
    variant: NoticeVariant
    title: str
    #: At the top of a reprint after the hearing moved: "The day changed." and the new day.
    changed: list[str] = msgspec.field(default_factory=list)
    sections: list[Section]
    advocate_name: str
    advocate_photo_label: str
    break_card: str  # words on the card a young child points at
    nights_until_court: str  # label of the strip ticked off each night, with the number
    nights: int = 0  # boxes in the strip; 0: no strip (far away, past, or not known)
    questions_heading: str
    contact_heading: str
    advocate_phone: str
    #: Young child: a box for the grown-up who brings the child (when, where, what to bring);
    #: read by the carer, not to the child, so it is not in ``sentences()``.
    carer_heading: str = ""
    for_the_carer: list[str] = msgspec.field(default_factory=list)

    def sentences(self) -> list[str]:
        """Every sentence the survivor hears or reads, in order."""
        return self.changed + [
            sentence for section in self.sections for sentence in section.sentences
        ]


def names_joined(names: list[str], tr: gettext.GNUTranslations) -> str:
    """Two people's names: Filipino and Waray put an article before a person's name ("at si",
    "ngan hi") that a language's name must not have."""
    if len(names) == 1:
        return names[0]
    return tr.gettext("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}


def languages_joined(names: list[str], tr: gettext.GNUTranslations) -> str:
    """Two languages' names: "Binisaya (Cebuano) at Filipino", never "at si Filipino"."""
    if len(names) == 1:
        return names[0]
    return tr.pgettext("two language names", "%(first)s and %(second)s") % {
        "first": names[0],
        "second": names[1],
    }


class _Facts(msgspec.Struct, frozen=True, kw_only=True):
    """The notice's facts already written in the survivor's language."""

    name: str
    advocate: str
    phone: str
    date: str
    time: str
    meet_time: str
    leave_time: str
    place: str
    court: str
    support: str  # "" when nobody was chosen


def _facts(data: NoticeData, language: Language) -> _Facts:
    tr = translations(language)
    zone = data.court_timezone
    return _Facts(
        name=data.first_name,
        advocate=data.advocate_name,
        phone=data.advocate_phone,
        date=date_in_words(data.starts_at, zone, language),
        time=time_in_words(data.starts_at, zone, language),
        meet_time=time_in_words(data.meeting_at, zone, language),
        leave_time=time_in_words(data.leave_at, zone, language),
        place=data.meeting_place,
        court=data.court_name,
        support=names_joined(data.support_person_first_names, tr)
        if data.support_person_first_names
        else "",
    )


def _changed(
    data: NoticeData,
    occasion: PrintOccasion | None,
    facts: _Facts,
    tr: gettext.GNUTranslations,
    *,
    tell_new_day: bool,
) -> list[str]:
    """What a reprint says first when the hearing moved since the survivor's last notice.
    The child and adult pages open with the day and time right under it, so they say only
    that it changed (and keep within two pages); the young child's panels say the new day
    too, as the "When" panel comes later."""
    _ = tr.gettext
    earlier = occasion.earlier_starts_at if occasion else None
    if earlier is None:
        return []
    zone = zone_of(data.court_timezone)
    before, now = earlier.astimezone(zone), data.starts_at.astimezone(zone)
    if before.date() != now.date():
        said = [_("The day changed.")]
        if tell_new_day:
            said.append(_("Court is now on %(date)s.") % {"date": facts.date})
        return said
    if before != now:
        said = [_("The time changed.")]
        if tell_new_day:
            said.append(_("Court now starts at %(time)s.") % {"time": facts.time})
        return said
    return []


def survivor_notice(
    data: NoticeData,
    variant: NoticeVariant,
    language: Language,
    occasion: PrintOccasion | None = None,
) -> SurvivorNotice:
    """The words of a survivor's notice in one variant and language. ``occasion`` (when it is
    printed, and what the last notice said) gives the countdown and the "day changed" note;
    without it neither is printed."""
    tr = translations(language)
    _ = tr.gettext
    facts = _facts(data, language)
    nights = (
        nights_until(data.starts_at, data.court_timezone, occasion.printed_at) if occasion else -1
    )
    if variant is NoticeVariant.YOUNG_CHILD:
        sections = _young_child_panels(data, facts, tr, nights)
        title = _("%(name)s goes to court") % {"name": facts.name}
    elif variant is NoticeVariant.CHILD:
        sections = _child_sections(data, facts, tr)
        title = _("Getting ready for court, %(name)s") % {"name": facts.name}
    elif variant is NoticeVariant.ADULT:
        sections = _adult_sections(data, facts, tr)
        title = _("Your court hearing, %(name)s") % {"name": facts.name}
    else:
        raise ValueError(f"{variant} is not a survivor's notice")
    shown = nights if 1 <= nights <= MOST_NIGHTS_SHOWN else 0
    young = variant is NoticeVariant.YOUNG_CHILD
    return SurvivorNotice(
        language=language,
        variant=variant,
        title=title,
        changed=_changed(
            data, occasion, facts, tr, tell_new_day=variant is NoticeVariant.YOUNG_CHILD
        ),
        sections=sections,
        advocate_name=facts.advocate,
        advocate_photo_label=_("Photo of %(advocate)s") % {"advocate": facts.advocate},
        break_card=_("I need a break"),
        # No plural forms: their rules would come from the installed locale data.
        nights_until_court=_("One night until court. Tick the box tonight.")
        if shown == 1
        else _("%(nights)d nights until court. Tick a box each night.") % {"nights": shown},
        nights=shown,
        questions_heading=_("My questions"),
        contact_heading=_("Who to call"),
        advocate_phone=facts.phone,
        carer_heading=_("For the grown-up who brings %(name)s") % {"name": facts.name}
        if young
        else "",
        for_the_carer=_for_the_carer(data, facts, tr) if young else [],
    )


def _what_to_bring(tr: gettext.GNUTranslations) -> list[str]:
    """What to bring, said on every variant (notices.md §6.3; §1.1, Tasmania)."""
    _ = tr.gettext
    # A comfort item is said under "What can you ask for?" or "What has been arranged?".
    return [
        _("Bring your medicine, water, a snack, and a jacket."),
        _("Bring anything the piskal asked you to bring."),
    ]


def _for_the_carer(data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations) -> list[str]:
    """The young child's sheet is read aloud; the grown-up who brings the child needs the
    court, its address and the times written out, and what to bring (issue 20)."""
    _ = tr.gettext
    said = [
        _("Court: %(court)s.") % {"court": facts.court},
        _("Court starts on %(date)s, at %(time)s.") % {"date": facts.date, "time": facts.time},
        _("Meet %(advocate)s at %(place)s at %(time)s.")
        % {"advocate": facts.advocate, "place": facts.place, "time": facts.meet_time},
        _("Bring medicine, water, a snack, and a jacket for %(name)s.") % {"name": facts.name},
    ]
    if Measure.COMFORT_ITEM in data.accommodations:
        said.append(_("Bring %(name)s's favorite toy or blanket.") % {"name": facts.name})
    # The UK Young Witness Pack's carers' book: going over the evidence can harm the case.
    said.append(_("Please do not go over what happened with %(name)s.") % {"name": facts.name})
    return said


def _carer_sheet(data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations) -> list[str]:
    """The pack's sheet for the grown-up who brings the child: the box of the young child's
    notice, and what a sheet has room for (issue 20): when the child will be back, and how to
    help. Docket records no return time, so the sheet says whom to ask rather than guess."""
    _ = tr.gettext
    said = _for_the_carer(data, facts, tr)
    keep_last = said.pop()  # "Please do not go over what happened", said last, with its why
    said += [
        _("Ask %(advocate)s when %(name)s will be back: %(phone)s.")
        % {"advocate": facts.advocate, "name": facts.name, "phone": facts.phone},
        _("Sometimes the court changes the day. It is not because of %(name)s.")
        % {"name": facts.name},
        _("Tell %(name)s it is okay to feel scared, and that they are not in trouble.")
        % {"name": facts.name},
        keep_last,
        _("Going over it again can upset %(name)s and can harm the case.") % {"name": facts.name},
        _("If %(name)s talks about it, listen calmly, then tell %(advocate)s.")
        % {"name": facts.name, "advocate": facts.advocate},
    ]
    return said


class Room(msgspec.Struct, frozen=True, kw_only=True):
    """One room of the "who is in the room" map: its picture, who is there, what happens."""

    heading: str
    pictogram: str  # file stem under the pictograms folder
    picture_words: str  # what the picture shows, in the notice's language: its alternative text
    who: list[str]  # one sentence a person
    sentences: list[str]


class PreparationPack(msgspec.Struct, frozen=True, kw_only=True):
    """The pages printed after the notice (issue 20 item 4; notices.md §6.1 and §1.1): the
    rooms of the hearing's day, a calm-and-feelings page with cards to cut out, and for a
    child the grown-up's sheet."""

    language: Language
    rooms_heading: str
    rooms: list[Room]
    calm_heading: str
    breathing_heading: str
    breathing: list[str]
    feelings: list[str]
    cards_heading: str
    cards: list[tuple[str, str]]  # (pictogram, words) of each card
    carer_heading: str = ""
    for_the_carer: list[str] = msgspec.field(default_factory=list)

    def sentences(self) -> list[str]:
        """Every sentence the survivor hears or reads in the pack (not the grown-up's)."""
        return [
            *(s for room in self.rooms for s in [*room.who, *room.sentences]),
            *self.breathing,
            *self.feelings,
        ]


def _rooms(data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations) -> list[Room]:
    """Where the survivor will be, and who is in each room. The person on trial is said to be
    out of the survivor's room only when a live link is ordered or arranged: a promise the
    notice can keep (SAMHSA, notices.md §1.4). Otherwise the advocate is the one to ask."""
    _ = tr.gettext
    measures = set(data.accommodations)
    live_link = Measure.LIVE_LINK_TV in measures and data.expected_to_testify
    helpers = [_("%(advocate)s is with you.") % {"advocate": facts.advocate}]
    if facts.support:
        helpers.append(_("%(support)s can be with you too.") % {"support": facts.support})
    waiting = Room(
        heading=_("The waiting room"),
        pictogram="room_waiting",
        picture_words=_("A picture of a room with a bench, a glass of water and a plant."),
        who=helpers,
        sentences=[
            _("You wait in a room of your own, not in the court room.")
            if Measure.SEPARATE_WAITING_AREA in measures
            else _("You wait here until it is time."),
            _("You can ask for water or to go to the CR."),
        ],
    )
    court_people = [
        _("The judge sits at the high desk."),
        _("The piskal sits at a table."),
        _("Other lawyers sit at a table too."),
        _("A court worker writes down what is said."),
    ]
    if live_link:
        court_said = [_("You do not go into this room."), _("They see and hear you on the TV.")]
    elif data.expected_to_testify:
        court_said = [_("You sit on the chair in front when you answer.")]
        if Measure.SCREEN in measures:
            court_said.append(_("A screen will stand next to you, like a wall."))
    else:
        court_said = [_("You may not need to talk this time.")]
    if Measure.CLOSED_COURTROOM in measures:
        court_said.append(_("Only the people who need to be there can stay in the room."))
    if not live_link:
        # Nothing keeps the person on trial out of the room: say who can tell, promise nothing.
        court_said.append(
            _("Ask %(advocate)s who else will be in the room.") % {"advocate": facts.advocate}
        )
    court = Room(
        heading=_("The court room"),
        pictogram="room_courtroom",
        picture_words=_(
            "A picture of a court room: the judge's high desk, two tables, and a chair in front."
        ),
        who=court_people,
        sentences=court_said,
    )
    if not live_link:
        return [waiting, court]
    link_room = Room(
        heading=_("The small TV room"),
        pictogram="room_live_link",
        picture_words=_("A picture of a small room with a TV and a sofa."),
        who=[
            _("You sit here when you answer."),
            *helpers,
            *([_("A helper asks you the questions.")] if Measure.FACILITATOR in measures else []),
        ],
        sentences=[
            _("The judge sees and hears you on the TV."),
            _("The person on trial will not be in this room."),
        ],
    )
    return [waiting, link_room, court]


def preparation_pack(
    data: NoticeData, variant: NoticeVariant, language: Language
) -> PreparationPack:
    """The pack's words in one language, for a survivor's variant."""
    if variant not in (NoticeVariant.YOUNG_CHILD, NoticeVariant.CHILD, NoticeVariant.ADULT):
        raise ValueError(f"{variant} has no preparation pack")
    tr = translations(language)
    _ = tr.gettext
    facts = _facts(data, language)
    child = variant is not NoticeVariant.ADULT
    return PreparationPack(
        language=language,
        rooms_heading=_("Who is in each room?"),
        rooms=_rooms(data, facts, tr),
        calm_heading=_("Feeling calm"),
        breathing_heading=_("Smell the flower, blow out the candle"),
        breathing=[
            _("Breathe in slowly, as if you smell a flower."),
            _("Breathe out slowly, as if you blow out a candle."),
            _("Do it three times."),
            _("You can do this while you wait."),
        ],
        feelings=[
            _("It is okay to feel scared."),
            _("You are not in trouble."),
            _("This is not your fault."),
        ],
        cards_heading=_("Cut out a card. Show it when you want to."),
        cards=[
            ("card_dont_understand", _("I don't understand")),
            ("card_say_again", _("Say it again")),
            ("break_card", _("I need a break")),
        ],
        carer_heading=_("For the grown-up who brings %(name)s") % {"name": facts.name}
        if child
        else "",
        for_the_carer=_carer_sheet(data, facts, tr) if child else [],
    )


def _young_child_panels(
    data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations, nights: int
) -> list[Section]:
    # notices.md §6.1: one picture and one or two short sentences per panel, read aloud.
    _ = tr.gettext
    measures = set(data.accommodations)
    with_you = [_("%(advocate)s will go with you.") % {"advocate": facts.advocate}]
    if facts.support:
        with_you.append(_("%(support)s will go with you too.") % {"support": facts.support})
    panels = [
        Section(
            heading=_("Going to court"),
            pictogram="court_building",
            sentences=[
                (
                    _("Hi, %(name)s! You go to court soon.")
                    if 0 <= nights <= SOON_NIGHTS
                    else _("Hi, %(name)s! You are going to court.")
                )
                % {"name": facts.name},
                _("If the day changes, it is not because of you."),
            ],
        ),
        Section(
            heading=_("When"),
            pictogram="sun",
            tick_off_nights=1 <= nights <= MOST_NIGHTS_SHOWN,
            sentences=[
                _("Court is on %(date)s.") % {"date": facts.date},
                _("You meet %(advocate)s at %(time)s.")
                % {"advocate": facts.advocate, "time": facts.meet_time},
            ],
        ),
        Section(heading=_("Who goes with me"), pictogram="support_person", sentences=with_you),
        Section(
            heading=_("The judge"),
            pictogram="judge",
            sentences=[
                _("At court, you meet the judge."),
                _("The judge listens to all."),
            ],
        ),
        Section(
            heading=_("Where I sit"),
            pictogram="tv_link_room" if Measure.LIVE_LINK_TV in measures else "chair",
            sentences=_young_child_seat(data, tr),
        ),
    ]
    if Measure.COMFORT_ITEM in measures:
        panels.append(
            Section(
                heading=_("My comfort toy"),
                pictogram="comfort_toy",
                sentences=[
                    _("Bring your best toy or blanket."),
                    _("Hold it when you want."),
                ],
            )
        )
    panels += [
        Section(
            heading=_("My words"),
            pictogram="break_card",
            sentences=[
                _("You can say, “I don't know.”"),
                _("You can say, “I don't understand.”"),
            ],
        ),
        Section(
            heading=_("My feelings"),
            pictogram="feelings",
            sentences=[_("It is okay to feel scared."), _("This is not your fault.")],
        ),
        Section(
            heading=_("After court"),
            pictogram="going_home",
            sentences=[
                _("After court, you go back with %(advocate)s.") % {"advocate": facts.advocate},
                _("You can have a snack."),
            ],
        ),
    ]
    return panels


def cancelled_note(data: NoticeData, language: Language) -> SurvivorNotice:
    """The short note for a survivor whose notice showed a hearing that was then cancelled:
    the day it is not, who will tell them the new one, and that it is not their doing. Nothing
    about why (the reason may name the accused or the case)."""
    tr = translations(language)
    _ = tr.gettext
    facts = _facts(data, language)
    return SurvivorNotice(
        language=language,
        variant=NoticeVariant.CANCELLED_NOTE,
        title=_("Hi, %(name)s.") % {"name": facts.name},
        sections=[
            Section(
                heading=_("Court is not on %(date)s.") % {"date": facts.date},
                pictogram="sun",
                sentences=[
                    _("Court is not on %(date)s.") % {"date": facts.date},
                    _("%(advocate)s will tell you the new day.") % {"advocate": facts.advocate},
                    _("Sometimes the court changes the day."),
                    _("That is not because of you."),
                ],
            )
        ],
        advocate_name=facts.advocate,
        advocate_photo_label=_("Photo of %(advocate)s") % {"advocate": facts.advocate},
        break_card=_("I need a break"),
        nights_until_court="",
        questions_heading=_("My questions"),
        contact_heading=_("Who to call"),
        advocate_phone=facts.phone,
    )


def _young_child_seat(data: NoticeData, tr: gettext.GNUTranslations) -> list[str]:
    _ = tr.gettext
    measures = set(data.accommodations)
    if not data.expected_to_testify:
        return [_("You may not need to talk this time."), _("You can sit and wait with us.")]
    if Measure.LIVE_LINK_TV in measures:
        return [_("You talk in a small room with a TV."), _("The judge can hear you there.")]
    if Measure.SCREEN in measures:
        return [_("You will sit behind a screen, like a wall."), _("The judge can hear you there.")]
    if data.mode is HearingMode.VIDEOCONFERENCE:
        return [_("You will see the judge on a TV."), _("The judge can hear you there.")]
    return [_("You will sit on a chair near the judge."), _("The judge will listen to you.")]


def _when_and_where(facts: _Facts, tr: gettext.GNUTranslations) -> list[str]:
    _ = tr.gettext
    return [
        # The hard word first, explained in the next sentence (UK Easy Read).
        _("Your hearing is on %(date)s, at %(time)s.") % {"date": facts.date, "time": facts.time},
        _("A hearing is a meeting at court with the judge."),
        _("It is at %(court)s.") % {"court": facts.court},
        *(
            [_("“RTC” is the court's name in English: Regional Trial Court.")]
            if _RTC.search(facts.court)
            else []
        ),
        _("Meet %(advocate)s at %(place)s at %(time)s.")
        % {"advocate": facts.advocate, "place": facts.place, "time": facts.meet_time},
        _("You will leave at %(time)s.") % {"time": facts.leave_time},
        _("Sometimes the court changes the day."),
        _("That is not because of you."),
    ]


def _what_happens(data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations) -> list[str]:
    _ = tr.gettext
    kind = data.hearing_kind
    # Each kind in plain words; never its legal name (arraignment, pre-trial... are jargon).
    if kind is HearingKind.ARRAIGNMENT:
        said = [_("This is a short hearing."), _("The judge talks with the lawyers.")]
    elif kind is HearingKind.PRE_TRIAL:
        said = [_("At this hearing, the judge and the lawyers plan the next steps.")]
    elif kind is HearingKind.TRIAL:
        said = [
            _("At this hearing, the judge listens to witnesses."),
            _("A witness tells the court what they know."),
        ]
    elif kind is HearingKind.BAIL_HEARING:
        said = [_("At this hearing, the judge listens to the lawyers and to some witnesses.")]
    elif kind is HearingKind.MOTION:
        said = [_("At this hearing, the lawyers ask the judge to decide something.")]
    elif kind is HearingKind.PROMULGATION:
        said = [
            _("At this hearing, the judge reads a decision."),
            _("%(advocate)s will explain it to you after.") % {"advocate": facts.advocate},
        ]
    else:
        said = [_("%(advocate)s will tell you what to expect.") % {"advocate": facts.advocate}]
    if data.expected_to_testify:
        said += [_("You will answer some questions."), _("Take your time.")]
    else:
        said.append(_("You may not need to answer questions this time."))
    return said


def _how_you_answer(data: NoticeData, tr: gettext.GNUTranslations) -> list[str]:
    _ = tr.gettext
    measures = set(data.accommodations)
    said: list[str] = []
    if Measure.LIVE_LINK_TV in measures:
        said += [
            _("You will sit in a small room with a TV."),
            _("The judge and the lawyers can see and hear you on the TV."),
        ]
    elif data.mode is HearingMode.VIDEOCONFERENCE:
        said.append(_("You will see the judge on a TV, and the judge will hear you."))
    else:
        said.append(_("You will sit near the judge when you answer."))
    if Measure.SCREEN in measures:
        said.append(_("A screen will stand next to you, like a wall."))
    if Measure.CLOSED_COURTROOM in measures:
        said.append(_("Only the people who need to be there can stay in the room."))
    if Measure.INTERPRETER in measures:
        said.append(_("An interpreter will say each question in your language."))
    if Measure.FACILITATOR in measures:
        said += [
            _("A facilitator is a helper."),
            _("The facilitator asks you the questions in easy words."),
        ]
    if Measure.GUARDIAN_AD_LITEM in measures:
        said.append(_("A guardian chosen by the court will look out for you."))
    if Measure.VIDEOTAPED_DEPOSITION in measures:
        said.append(_("Your answers may be recorded, so you only tell them once."))
    return said


def _what_you_may_ask(data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations) -> list[str]:
    _ = tr.gettext
    measures = set(data.accommodations)
    said = [
        _("You can ask to hear a question again."),
        _("You can ask for a break or to go to the CR."),
        _("You can ask for water."),
    ]
    if Measure.BREAKS in measures:
        said.append(_("The judge already said you can have breaks."))
    if Measure.SEPARATE_WAITING_AREA in measures:
        said.append(_("You will wait in a separate room."))
    if Measure.COMFORT_ITEM in measures:
        said.append(_("You may bring a toy, a blanket, or something that calms you."))
    if not facts.support:
        said.append(_("You can choose up to two people you trust to be near you."))
    return said


def _child_sections(data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations) -> list[Section]:
    # notices.md §6.2: two pages, headings as questions.
    _ = tr.gettext
    with_you = [_("%(advocate)s will stay with you.") % {"advocate": facts.advocate}]
    if facts.support:
        with_you.append(_("%(support)s will go with you too.") % {"support": facts.support})
    with_you += [
        _("The judge is in charge of the court."),
        _("The judge makes sure it is fair."),
        _("The piskal is a lawyer for the government."),
    ]
    sections = [
        Section(
            heading=_("When and where?"),
            pictogram="court_building",
            # What to bring goes with the times (issue 20), which keeps two pages at 16 pt.
            sentences=_when_and_where(facts, tr)[:5]
            + _what_to_bring(tr)[:1]
            + _when_and_where(facts, tr)[5:],
            key_facts=True,
        ),
        Section(heading=_("Who will be with you?"), pictogram="support_person", sentences=with_you),
        Section(
            heading=_("What happens at this hearing?"),
            pictogram="judge",
            sentences=_what_happens(data, facts, tr),
        ),
    ]
    if data.expected_to_testify:
        sections.append(
            Section(
                heading=_("How will you answer?"),
                pictogram="tv_link_room"
                if Measure.LIVE_LINK_TV in data.accommodations
                else "chair",
                sentences=_how_you_answer(data, tr),
            )
        )
    sections += [
        Section(
            heading=_("What can you ask for?"),
            pictogram="break_card",
            sentences=_what_you_may_ask(data, facts, tr),
            as_list=True,
        ),
        Section(
            heading=_("What if you don't know or don't remember?"),
            sentences=[
                _("It is fine to say, “I don't know.”"),
                _("It is fine to say, “I don't understand.”"),
                _("You can also say, “I don't remember.”"),
            ],
        ),
        Section(
            heading=_("How might you feel?"),
            pictogram="feelings",
            sentences=[
                _("Many people feel scared before court."),
                _("That is normal."),
                _("You are not in trouble."),
                _("This is not your fault."),
            ],
        ),
        Section(
            heading=_("What if someone asks you to sign or offers money?"),
            sentences=[
                _("If anyone asks you to sign a paper, tell %(advocate)s.")
                % {"advocate": facts.advocate},
                _("If anyone offers money to stop the case, tell %(advocate)s.")
                % {"advocate": facts.advocate},
                _("You do not have to sign anything."),
            ],
        ),
        Section(
            heading=_("What happens after?"),
            pictogram="going_home",
            sentences=[
                _("After the hearing, you go back with %(advocate)s.")
                % {"advocate": facts.advocate},
                _("%(advocate)s will tell you what happens next.") % {"advocate": facts.advocate},
                _("You can talk about how you feel."),
            ],
        ),
    ]
    return sections


def _adult_sections(data: NoticeData, facts: _Facts, tr: gettext.GNUTranslations) -> list[Section]:
    # notices.md §6.3: respectful, not childish; rights, what to bring, pressure to settle.
    _ = tr.gettext
    helpers = [
        _("%(advocate)s, your social worker, will be with you.") % {"advocate": facts.advocate}
    ]
    if facts.support:
        helpers.append(_("%(support)s will go with you too.") % {"support": facts.support})
    helpers.append(_("The piskal is the government lawyer who handles the case."))
    ordered = [_(_MEASURE_FOR_SURVIVOR[m]) for m in data.accommodations]
    sections = [
        Section(
            heading=_("When and where?"),
            pictogram="court_building",
            sentences=_when_and_where(facts, tr),
            key_facts=True,
        ),
        Section(heading=_("Who will help you?"), pictogram="support_person", sentences=helpers),
        Section(
            heading=_("What happens at this hearing?"),
            pictogram="judge",
            sentences=_what_happens(data, facts, tr)
            + (_how_you_answer(data, tr) if data.expected_to_testify else []),
        ),
    ]
    if ordered:
        sections.append(
            Section(heading=_("What has been arranged for you?"), sentences=ordered, as_list=True)
        )
    sections += [
        Section(
            heading=_("What are your rights?"),
            pictogram="break_card",
            sentences=[
                _("You can have an interpreter if you need one."),
                _("You can have a support person near you."),
                # The terms that stay English, explained in the reader's words (issue 20).
                _("A support person is someone you trust who stays near you."),
                _("You can ask to wait in a separate room."),
                _("You can ask for a break at any time."),
                _("It is fine to say, “I don't know” or “I don't understand.”"),
                _("The law keeps your name private."),
                _("If you feel unsafe, ask %(advocate)s about witness protection.")
                % {"advocate": facts.advocate},
                _("Witness protection means the government keeps you safe."),
            ],
            as_list=True,
        ),
        Section(heading=_("What should you bring?"), sentences=_what_to_bring(tr)),
        Section(
            heading=_("What if someone pressures you?"),
            sentences=[
                _("If anyone asks you to sign a paper, tell %(advocate)s.")
                % {"advocate": facts.advocate},
                _("If anyone offers money or asks you to drop the case, tell %(advocate)s.")
                % {"advocate": facts.advocate},
                _("You do not have to sign anything."),
                _("This is not your fault."),
            ],
        ),
        Section(
            heading=_("What happens after?"),
            pictogram="going_home",
            sentences=[
                _("%(advocate)s will tell you what happens next.") % {"advocate": facts.advocate},
                _("You can talk about how you feel."),
            ],
        ),
    ]
    return sections


_MEASURE_FOR_SURVIVOR = {
    Measure.LIVE_LINK_TV: N_("A small room with a TV link to the court."),
    Measure.SCREEN: N_("A screen beside you in the court room."),
    Measure.SUPPORT_PERSON: N_("A support person you chose, near you."),
    Measure.INTERPRETER: N_("An interpreter for your language."),
    Measure.FACILITATOR: N_("A facilitator, who asks you the questions in simple words."),
    Measure.GUARDIAN_AD_LITEM: N_("A guardian who looks out for you."),
    Measure.SEPARATE_WAITING_AREA: N_("A separate waiting room."),
    Measure.CLOSED_COURTROOM: N_("A closed court room, where only the people needed may stay."),
    Measure.VIDEOTAPED_DEPOSITION: N_("A recording of your answers, so you only tell them once."),
    Measure.BREAKS: N_("Breaks when you need them."),
    Measure.COMFORT_ITEM: N_("Something that comforts you, like a blanket."),
    Measure.SECURITY_ESCORT: N_("A security escort to and from court."),
    Measure.WITNESS_PROTECTION_PROGRAMME: N_("Witness protection."),
}
