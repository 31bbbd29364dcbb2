"""The web UI (网页端) in Chinese: server-rendered Jinja2 pages under ``/ui`` in the API's app.

``install(app)`` mounts the static files (hand-written CSS/JS, vendored htmx), includes the page
routers and answers errors on ``/ui`` with pages (``web.errors``: "not signed in" redirects to
the sign-in page, everything else a Chinese error page). Pages are thin: they
parse a form, call a service function and render its result. See ``docs/web-ui.md``.
"""

from __future__ import annotations

from fastapi import FastAPI

from yidi.entrypoints.web import admin_pages as admin_pages
from yidi.entrypoints.web import audit_case_pages as audit_case_pages
from yidi.entrypoints.web import audit_log_pages as audit_log_pages
from yidi.entrypoints.web import audit_pages as audit_pages
from yidi.entrypoints.web import auth, errors, security
from yidi.entrypoints.web import claim_desk_pages as claim_desk_pages
from yidi.entrypoints.web import claim_pages as claim_pages
from yidi.entrypoints.web import clearing_pages as clearing_pages
from yidi.entrypoints.web import counter_pages as counter_pages
from yidi.entrypoints.web import dashboard_pages as dashboard_pages
from yidi.entrypoints.web import declaration_print as declaration_print
from yidi.entrypoints.web import desk_pages as desk_pages
from yidi.entrypoints.web import filing_actions as filing_actions
from yidi.entrypoints.web import fund_pages as fund_pages
from yidi.entrypoints.web import help_pages as help_pages
from yidi.entrypoints.web import hospital_admin_pages as hospital_admin_pages
from yidi.entrypoints.web import insured_pages as insured_pages
from yidi.entrypoints.web import lookup_pages as lookup_pages
from yidi.entrypoints.web import ops_pages as ops_pages
from yidi.entrypoints.web import outbox_pages as outbox_pages
from yidi.entrypoints.web import places as places
from yidi.entrypoints.web import print_pages as print_pages
from yidi.entrypoints.web import projection_pages as projection_pages
from yidi.entrypoints.web import public_pages as public_pages
from yidi.entrypoints.web import settlement_pages as settlement_pages
from yidi.entrypoints.web import staff_pages as staff_pages
from yidi.entrypoints.web import static_files as static_files
from yidi.entrypoints.web.common import HERE, templates
from yidi.service_layer import contacts


def install(app: FastAPI) -> None:
    """Add the web UI to ``app`` (which already has ``state.uow_factory`` and ``state.settings``)."""
    app.state.web_key = security.server_key(app.state.settings)
    app.mount("/ui/static", static_files.CachedStatic(directory=str(HERE / "static")), name="ui-static")
    app.add_middleware(static_files.PageCompression)  # /ui pages and static text gzip-compressed
    app.include_router(static_files.router)
    for module in (
        auth,
        desk_pages,
        insured_pages,
        filing_actions,
        claim_pages,
        claim_desk_pages,
        lookup_pages,
        counter_pages,
        staff_pages,
        outbox_pages,
        print_pages,
        declaration_print,
        settlement_pages,
        admin_pages,
        hospital_admin_pages,
        audit_log_pages,
        places,
        clearing_pages,
        help_pages,
        public_pages,
        audit_pages,
        audit_case_pages,
        fund_pages,
        ops_pages,
        projection_pages,
        dashboard_pages,
    ):
        app.include_router(module.router)

    templates.env.globals.update(HOTLINE=contacts.hotline(), agency_contact=help_pages.agency_contact)
    errors.install(app)  # refusals, 404s and failures on /ui as pages (web.errors)
