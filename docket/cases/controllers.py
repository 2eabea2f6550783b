"""JSON routes for cases, accused, survivors, witnesses and charges. Thin: services do the work."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post, put

from docket.accounts.services import Actor
from docket.api import IfMatch, Limit, Offset, errors
from docket.cases import assignments, build_up, custody, progress, services
from docket.cases.choices import CaseStage
from docket.cases.identity import (
    IdentityReadRequest,
    SurvivorIdentityRead,
    read_survivor_identity,
)
from docket.cases.schemas import (
    AccusedCreate,
    AccusedPage,
    AccusedRead,
    AccusedUpdate,
    BuildUpCertification,
    BuildUpChecklist,
    BuildUpRead,
    CaseCreate,
    CasePage,
    CaseRead,
    CaseTransfer,
    CaseUpdate,
    ChargeCreate,
    ChargePage,
    ChargeRead,
    ChargeUpdate,
    CustodyEventCreate,
    CustodyHistory,
    DispositionEntry,
    LeadChange,
    MemberAdd,
    PleaEntry,
    StageChange,
    StageHistory,
    Strike,
    SurvivorCreate,
    SurvivorIdentityWrite,
    SurvivorPage,
    SurvivorRead,
    SurvivorUpdate,
    WitnessCreate,
    WitnessPage,
    WitnessRead,
    WitnessUpdate,
)
from docket.editing import expected_version
from docket.params import CaseQuery, JSONBody, NamedDependency, PathId, Query, QueryId
from docket.statutes.checks import ADVICE_CAVEAT
from docket.statutes.schemas import ChargeAdvice
from docket.statutes.services import advice_for_charge


class CaseController(Controller):
    path = "/api/cases"
    tags = ["cases"]

    @get("/", responses=errors(), summary="List cases")
    async def list_cases(
        self,
        actor: NamedDependency[Actor],
        q: CaseQuery = None,
        stage: Query[CaseStage | None] = None,
        court_id: QueryId = None,
        team_id: QueryId = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> CasePage:
        """Cases by docket or court number or caption, stage, court and team."""
        items, total = await services.list_cases(
            actor,
            q=q,
            stage=stage,
            court_id=court_id,
            team_id=team_id,
            limit=limit,
            offset=offset,
        )
        return CasePage(items=items, total=total, limit=limit, offset=offset)

    @post("/", responses=errors(409), summary="Open a case")
    async def create_case(
        self, actor: NamedDependency[Actor], data: JSONBody[CaseCreate]
    ) -> CaseRead:
        return await services.create_case(actor, data)

    @get("/{case_id:int}", responses=errors(404), summary="Read a case")
    async def get_case(self, actor: NamedDependency[Actor], case_id: PathId) -> CaseRead:
        return await services.get_case(actor, case_id)

    @patch("/{case_id:int}", responses=errors(403, 404, 409, 412), summary="Change a case")
    async def update_case(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[CaseUpdate],
        if_match: IfMatch = None,
    ) -> CaseRead:
        version = expected_version(data.version, if_match)
        return await services.update_case(actor, case_id, data, version)

    @put(
        "/{case_id:int}/lead",
        responses=errors(403, 404, 409, 412),
        summary="Hand a case to another lead prosecutor",
    )
    async def change_lead(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[LeadChange],
        if_match: IfMatch = None,
    ) -> CaseRead:
        """The lead prosecutor's or an admin's decision; the lead before stays on the case."""
        version = expected_version(data.version, if_match)
        return await assignments.change_lead(actor, case_id, data, version)

    @post(
        "/{case_id:int}/members",
        responses=errors(403, 404, 409),
        summary="Put someone on a case",
    )
    async def add_member(
        self, actor: NamedDependency[Actor], case_id: PathId, data: JSONBody[MemberAdd]
    ) -> CaseRead:
        """The lead prosecutor's or an admin's decision: nobody puts themselves on a case."""
        return await assignments.add_member(actor, case_id, data)

    @delete(
        "/{case_id:int}/members/{user_id:int}",
        status_code=200,
        responses=errors(403, 404, 409),
        summary="Take someone off a case",
    )
    async def remove_member(
        self, actor: NamedDependency[Actor], case_id: PathId, user_id: PathId
    ) -> CaseRead:
        """Not the lead prosecutor (change the lead instead), nor a survivor's advocate who
        would lose the case (name the survivor's new advocate first): 409."""
        return await assignments.remove_member(actor, case_id, user_id)

    @post(
        "/{case_id:int}/transfer",
        status_code=200,
        responses=errors(403, 404, 409, 412),
        summary="Move a case to another team",
    )
    async def transfer_case(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[CaseTransfer],
        if_match: IfMatch = None,
    ) -> CaseRead:
        """The new team sees the case, its hearings, deadlines and notices at once; the old
        team's members who are not on the case lose it. A survivor whose advocate would lose
        the case is handed to another advocate in the same step (``advocates``)."""
        version = expected_version(data.version, if_match)
        return await assignments.transfer_case(actor, case_id, data, version)

    @post(
        "/{case_id:int}/stage",
        status_code=200,
        responses=errors(404, 409, 412),
        summary="Move a case to its next stage",
    )
    async def change_stage(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[StageChange],
        if_match: IfMatch = None,
    ) -> StageHistory:
        """Only a move the stages allow passes; otherwise 409 lists the stages that may follow.
        Archived and provisionally dismissed cases return to the stage they left."""
        version = expected_version(data.version, if_match)
        return await progress.change_stage(actor, case_id, data, version)

    @get(
        "/{case_id:int}/build-up",
        responses=errors(404),
        summary="A case's build-up: the evidence checklist and the prosecutor's certification",
    )
    async def get_build_up(self, actor: NamedDependency[Actor], case_id: PathId) -> BuildUpRead:
        """DOJ DC 020 (2023), amended by DC 007 (2024): each checklist item with its source, the
        certification, and what is missing before preliminary investigation."""
        return await build_up.get_build_up(actor, case_id)

    @put(
        "/{case_id:int}/build-up/checklist",
        responses=errors(404, 409, 412),
        summary="Tick the build-up checklist items done",
    )
    async def tick_build_up(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[BuildUpChecklist],
        if_match: IfMatch = None,
    ) -> BuildUpRead:
        """Send every item now done; version 0 before the first save."""
        version = expected_version(data.version, if_match)
        return await build_up.tick_build_up(actor, case_id, data, version)

    @post(
        "/{case_id:int}/build-up/certification",
        status_code=200,
        responses=errors(404, 409, 412),
        summary="The prosecutor certifies the evidence sufficient (DOJ DC 020 (2023))",
    )
    async def certify_build_up(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[BuildUpCertification],
        if_match: IfMatch = None,
    ) -> BuildUpRead:
        """Without it, the case cannot move to preliminary investigation (409)."""
        version = expected_version(data.version, if_match)
        return await build_up.certify_build_up(actor, case_id, data, version)

    @get("/{case_id:int}/stages", responses=errors(404), summary="A case's stage history")
    async def stage_history(self, actor: NamedDependency[Actor], case_id: PathId) -> StageHistory:
        """Each move with who, when, why and the stage before; and the stages allowed now."""
        return await progress.stage_history(actor, case_id)

    @get("/{case_id:int}/accused", responses=errors(404), summary="List a case's accused")
    async def list_accused(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AccusedPage:
        items, total = await services.list_accused(actor, case_id, limit=limit, offset=offset)
        return AccusedPage(items=items, total=total, limit=limit, offset=offset)

    @post("/{case_id:int}/accused", responses=errors(404), summary="Add an accused")
    async def add_accused(
        self, actor: NamedDependency[Actor], case_id: PathId, data: JSONBody[AccusedCreate]
    ) -> AccusedRead:
        return await services.add_accused(actor, case_id, data)

    @get("/{case_id:int}/survivors", responses=errors(404), summary="List a case's survivors")
    async def list_survivors(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> SurvivorPage:
        """Survivors by pseudonym only; who they are is never returned here."""
        items, total = await services.list_survivors(actor, case_id, limit=limit, offset=offset)
        return SurvivorPage(items=items, total=total, limit=limit, offset=offset)

    @post("/{case_id:int}/survivors", responses=errors(403, 404, 409), summary="Add a survivor")
    async def add_survivor(
        self, actor: NamedDependency[Actor], case_id: PathId, data: JSONBody[SurvivorCreate]
    ) -> SurvivorRead:
        return await services.add_survivor(actor, case_id, data)

    @get("/{case_id:int}/witnesses", responses=errors(404), summary="List a case's witnesses")
    async def list_witnesses(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> WitnessPage:
        items, total = await services.list_witnesses(actor, case_id, limit=limit, offset=offset)
        return WitnessPage(items=items, total=total, limit=limit, offset=offset)

    @post("/{case_id:int}/witnesses", responses=errors(404), summary="Add a witness")
    async def add_witness(
        self, actor: NamedDependency[Actor], case_id: PathId, data: JSONBody[WitnessCreate]
    ) -> WitnessRead:
        return await services.add_witness(actor, case_id, data)

    @get("/{case_id:int}/charges", responses=errors(404), summary="List a case's charges")
    async def list_charges(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> ChargePage:
        items, total = await services.list_charges(actor, case_id, limit=limit, offset=offset)
        return ChargePage(items=items, total=total, limit=limit, offset=offset)

    @post("/{case_id:int}/charges", responses=errors(404), summary="Add a charge")
    async def add_charge(
        self, actor: NamedDependency[Actor], case_id: PathId, data: JSONBody[ChargeCreate]
    ) -> ChargeRead:
        return await services.add_charge(actor, case_id, data)


class AccusedController(Controller):
    path = "/api/accused"
    tags = ["accused"]

    @get("/{accused_id:int}", responses=errors(404), summary="Read an accused")
    async def get_accused(self, actor: NamedDependency[Actor], accused_id: PathId) -> AccusedRead:
        return await services.get_accused(actor, accused_id)

    @patch("/{accused_id:int}", responses=errors(404, 412), summary="Change an accused")
    async def update_accused(
        self,
        actor: NamedDependency[Actor],
        accused_id: PathId,
        data: JSONBody[AccusedUpdate],
        if_match: IfMatch = None,
    ) -> AccusedRead:
        version = expected_version(data.version, if_match)
        return await services.update_accused(actor, accused_id, data, version)

    @post(
        "/{accused_id:int}/plea",
        status_code=200,
        responses=errors(404, 412),
        summary="Enter an accused's plea",
    )
    async def enter_plea(
        self,
        actor: NamedDependency[Actor],
        accused_id: PathId,
        data: JSONBody[PleaEntry],
        if_match: IfMatch = None,
    ) -> AccusedRead:
        version = expected_version(data.version, if_match)
        return await progress.enter_plea(actor, accused_id, data, version)

    @post(
        "/{accused_id:int}/disposition",
        status_code=200,
        responses=errors(404, 412),
        summary="Record how the case ended for an accused",
    )
    async def record_disposition(
        self,
        actor: NamedDependency[Actor],
        accused_id: PathId,
        data: JSONBody[DispositionEntry],
        if_match: IfMatch = None,
    ) -> AccusedRead:
        version = expected_version(data.version, if_match)
        return await progress.record_disposition(actor, accused_id, data, version)

    @get(
        "/{accused_id:int}/custody",
        responses=errors(404),
        summary="An accused's custody changes, oldest first",
    )
    async def get_custody(
        self, actor: NamedDependency[Actor], accused_id: PathId
    ) -> CustodyHistory:
        return await custody.custody_history(actor, accused_id)

    @post(
        "/{accused_id:int}/custody",
        status_code=201,
        responses=errors(404, 409, 412),
        summary="Record a change of custody (arrest, detention, bail, release, recommitment)",
        description=(
            "The arraignment clock of this accused follows the change (A.M. 15-06-10-SC III.8: "
            "10 days detained, 30 days otherwise). Changes are recorded in date order."
        ),
    )
    async def record_custody_change(
        self,
        actor: NamedDependency[Actor],
        accused_id: PathId,
        data: JSONBody[CustodyEventCreate],
        if_match: IfMatch = None,
    ) -> CustodyHistory:
        version = expected_version(data.version, if_match)
        return await custody.record_custody_change(actor, accused_id, data, version)


class CustodyEventController(Controller):
    path = "/api/custody-events"
    tags = ["accused"]

    @delete(
        "/{event_id:int}",
        status_code=200,
        responses=errors(404, 409, 412),
        summary="Withdraw the latest custody change of an accused (recorded by mistake)",
        description="Send the accused's version in an If-Match header.",
    )
    async def withdraw_custody_change(
        self, actor: NamedDependency[Actor], event_id: PathId, if_match: IfMatch = None
    ) -> CustodyHistory:
        return await custody.withdraw_custody_change(actor, event_id, if_match)


class SurvivorController(Controller):
    path = "/api/survivors"
    tags = ["survivors"]

    @get("/{survivor_id:int}", responses=errors(404), summary="Read a survivor (pseudonym side)")
    async def get_survivor(
        self, actor: NamedDependency[Actor], survivor_id: PathId
    ) -> SurvivorRead:
        return await services.get_survivor(actor, survivor_id)

    @patch("/{survivor_id:int}", responses=errors(403, 404, 409, 412), summary="Change a survivor")
    async def update_survivor(
        self,
        actor: NamedDependency[Actor],
        survivor_id: PathId,
        data: JSONBody[SurvivorUpdate],
        if_match: IfMatch = None,
    ) -> SurvivorRead:
        version = expected_version(data.version, if_match)
        return await services.update_survivor(actor, survivor_id, data, version)

    @put(
        "/{survivor_id:int}/identity",
        status_code=204,
        responses=errors(403, 404),
        summary="Store who the survivor is (write-only, restricted)",
    )
    async def set_identity(
        self,
        actor: NamedDependency[Actor],
        survivor_id: PathId,
        data: JSONBody[SurvivorIdentityWrite],
    ) -> None:
        """Kept in the restricted table; never echoed back by any general route. Only the
        survivor's advocate and the case's lead prosecutor may set it."""
        await services.set_survivor_identity(actor, survivor_id, data)

    @post(
        "/{survivor_id:int}/identity/read",
        status_code=200,
        responses=errors(403, 404),
        summary="Read who the survivor is (advocate or lead prosecutor, with a reason)",
    )
    async def read_identity(
        self,
        actor: NamedDependency[Actor],
        survivor_id: PathId,
        data: JSONBody[IdentityReadRequest],
    ) -> SurvivorIdentityRead:
        """Needs a login with a second factor; every read (and refusal) is audited with the
        reason given."""
        return await read_survivor_identity(actor, survivor_id, data.reason)


class WitnessController(Controller):
    path = "/api/witnesses"
    tags = ["witnesses"]

    @get("/{witness_id:int}", responses=errors(404), summary="Read a witness")
    async def get_witness(self, actor: NamedDependency[Actor], witness_id: PathId) -> WitnessRead:
        return await services.get_witness(actor, witness_id)

    @patch("/{witness_id:int}", responses=errors(404, 412), summary="Change a witness")
    async def update_witness(
        self,
        actor: NamedDependency[Actor],
        witness_id: PathId,
        data: JSONBody[WitnessUpdate],
        if_match: IfMatch = None,
    ) -> WitnessRead:
        version = expected_version(data.version, if_match)
        return await services.update_witness(actor, witness_id, data, version)


class ChargeController(Controller):
    path = "/api/charges"
    tags = ["charges"]

    @get("/{charge_id:int}", responses=errors(404), summary="Read a charge")
    async def get_charge(self, actor: NamedDependency[Actor], charge_id: PathId) -> ChargeRead:
        return await services.get_charge(actor, charge_id)

    @patch("/{charge_id:int}", responses=errors(404, 412), summary="Change a charge")
    async def update_charge(
        self,
        actor: NamedDependency[Actor],
        charge_id: PathId,
        data: JSONBody[ChargeUpdate],
        if_match: IfMatch = None,
    ) -> ChargeRead:
        version = expected_version(data.version, if_match)
        return await services.update_charge(actor, charge_id, data, version)

    @post(
        "/{charge_id:int}/strike",
        status_code=200,
        responses=errors(404, 409, 412),
        summary="Strike a charge entered by mistake (kept, with who and why)",
    )
    async def strike_charge(
        self,
        actor: NamedDependency[Actor],
        charge_id: PathId,
        data: JSONBody[Strike],
        if_match: IfMatch = None,
    ) -> ChargeRead:
        version = expected_version(data.version, if_match)
        return await services.strike_charge(actor, charge_id, data, version)

    @get("/{charge_id:int}/advice", responses=errors(404), summary="Checks on a charge")
    async def charge_advice(self, actor: NamedDependency[Actor], charge_id: PathId) -> ChargeAdvice:
        """Suggestions and warnings for the prosecutor to read; they never change the charge.
        Docket computes these to help: check them against the law and the case (``caveat``)."""
        advice = await advice_for_charge(actor, charge_id)
        return ChargeAdvice(charge_id=charge_id, caveat=ADVICE_CAVEAT, advice=advice)
