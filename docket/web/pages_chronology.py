"""The case chronology, on screen and as a PDF to attach to a motion.

``/cases/{id}/chronology``: the chronology in the site's page, with a link to the PDF;
``/cases/{id}/chronology.pdf``: the same chronology as a tagged PDF. Who may see it is who may
see the case: anyone else gets the 404 page, as for the case itself.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, Response, get
from litestar.response import Template

from docket.chronology.render import chronology_day, render_chronology_pdf
from docket.chronology.services import case_chronology
from docket.params import FromPath, PathId
from docket.web.page import PAGE_HEADERS, render, signed_in


@get("/cases/{case_id:int}/chronology")
async def chronology_page(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    chronology = await case_chronology(actor, case_id)
    return render(request, "pages/chronology.html", c=chronology, day=chronology_day)


@get("/cases/{case_id:int}/chronology.pdf")
async def chronology_pdf(
    request: Request[Any, Any, Any], case_id: FromPath[PathId]
) -> Response[bytes]:
    actor = signed_in(request)
    chronology = await case_chronology(actor, case_id)
    # WeasyPrint takes about a second: off the event loop.
    pdf = await asyncio.to_thread(render_chronology_pdf, chronology)
    filename = f"chronology-{chronology.docket_number}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            **PAGE_HEADERS,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
