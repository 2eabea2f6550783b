"""Static files of the pages (stylesheet, the copy-button script), served by Litestar itself:
no CDN, so pages work on a closed office network."""

from pathlib import Path

from litestar.static_files import create_static_files_router

STATIC_DIRECTORY = Path(__file__).parent / "static"

static_files = create_static_files_router(
    path="/static",
    directories=[STATIC_DIRECTORY],
    opt={"public": True},
    include_in_schema=False,
)
