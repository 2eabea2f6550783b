"""The pages' router: every page handler, with the page guards and error pages.

The API's guards let these handlers through (``public``, ``csrf_exempt``) because pages answer
in their own way: a missing login goes to /login, and forms carry their CSRF token as a field
(checked by ``require_form_csrf`` before any handler runs). Role and case checks are the API's:
``enforce_page_policy`` reads the same policy table (every page has its row), and the services,
told who is acting, answer 404 for cases the person does not work on.
"""

from __future__ import annotations

from litestar import Router

from docket.web import (
    pages_account,
    pages_admin,
    pages_advocate,
    pages_cases,
    pages_closures,
    pages_hearing,
    pages_hearings,
    pages_home,
)
from docket.web.forms import require_form_csrf
from docket.web.page import PAGE_EXCEPTION_HANDLERS, enforce_page_policy

pages = Router(
    path="/",
    route_handlers=[
        pages_home.home,
        pages_home.search,
        pages_home.logout,
        pages_cases.case_page,
        pages_cases.stage_form,
        pages_cases.stage_submit,
        pages_cases.new_charge_form,
        pages_cases.new_charge_submit,
        pages_cases.edit_charge_form,
        pages_cases.edit_charge_submit,
        pages_cases.new_hearing_form,
        pages_cases.new_hearing_submit,
        pages_hearings.outcome_form,
        pages_hearings.outcome_submit,
        pages_advocate.my_survivors,
        pages_advocate.survivor_page,
        pages_advocate.need_submit,
        pages_advocate.add_need_submit,
        pages_advocate.print_form,
        pages_advocate.print_submit,
        pages_advocate.reprint_list,
        pages_advocate.survivor_told_submit,
        pages_advocate.notice_name_submit,
        pages_hearing.hearing_page,
        pages_hearing.trip_plan_page,
        pages_hearing.trip_plan_submit,
        pages_closures.court_calendar_page,
        pages_closures.add_closure_submit,
        pages_closures.move_closure_submit,
        pages_closures.lift_closure_submit,
        pages_closures.declare_holiday_submit,
        pages_closures.move_holiday_submit,
        pages_closures.lift_holiday_submit,
        pages_closures.confirm_holiday_submit,
        pages_closures.declare_working_day_submit,
        pages_closures.lift_working_day_submit,
        pages_account.tokens_page,
        pages_account.issue_token_submit,
        pages_account.revoke_token_submit,
        pages_account.two_step_page,
        pages_account.two_step_setup_submit,
        pages_account.two_step_confirm_submit,
        pages_account.two_step_disable_submit,
        pages_account.account_page,
        pages_account.change_password_submit,
        pages_account.end_session_submit,
        pages_admin.admin_home,
        pages_admin.users_page,
        pages_admin.create_user_submit,
        pages_admin.user_page,
        pages_admin.disable_user_submit,
        pages_admin.reset_password_submit,
        pages_admin.unlock_user_submit,
        pages_admin.reset_two_step_submit,
        pages_admin.revoke_user_token_submit,
        pages_admin.teams_page,
        pages_admin.create_team_submit,
        pages_admin.rename_team_submit,
        pages_admin.add_team_member_submit,
        pages_admin.remove_team_member_submit,
        pages_admin.courts_page,
        pages_admin.create_court_submit,
        pages_admin.court_edit_form,
        pages_admin.court_edit_submit,
        pages_admin.audit_page,
        pages_admin.case_people_page,
        pages_admin.change_lead_submit,
        pages_admin.add_case_member_submit,
        pages_admin.remove_case_member_submit,
    ],
    guards=[enforce_page_policy, require_form_csrf],
    exception_handlers=PAGE_EXCEPTION_HANDLERS,
    opt={"public": True, "csrf_exempt": True},
    include_in_schema=False,
)
