"""An installed Docket is the whole application: the wheel built from this checkout, installed
into an empty environment and started from a directory that is not the checkout, migrates its
database and serves its pages (templates, styles and the notices' words travel in the wheel).

The environment is empty of Docket; its dependencies are the locked ones of the test set-up,
reached through a path file (nothing is downloaded at test time), and the wheel is installed
without them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import httpx
import pytest

from docket.settings import PROJECT_ROOT
from tests.conftest import free_port, wait_until_serving

pytestmark = pytest.mark.real_clock

UV = PROJECT_ROOT / ".tools" / "bin" / "uv"


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _wheel(out: Path) -> Path:
    """The wheel of this checkout, built by the project's own build backend (hatchling)."""
    built = _run(
        sys.executable,
        "-c",
        "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))",
        out,
        cwd=PROJECT_ROOT,
    )
    return out / built.strip().splitlines()[-1]


def _empty_environment(where: Path) -> Path:
    """A new virtual environment whose only link to the checkout's is its locked dependencies:
    a path line is followed, but the .pth files in that directory (the editable install of
    this checkout among them) are not."""
    _run(sys.executable, "-m", "venv", "--without-pip", where, cwd=where.parent)
    python = where / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = _run(python, "-c", purelib, cwd=where)
    locked = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site.strip()) / "docket-locked-dependencies.pth").write_text("\n".join(sorted(locked)))
    return python


def test_the_wheel_carries_the_pages_templates_styles_and_words(tmp_path: Path) -> None:
    names = zipfile.ZipFile(_wheel(tmp_path)).namelist()
    assert "docket/templates/base.html" in names
    assert any(n.startswith("docket/templates/notices/") for n in names)
    assert any(n.startswith("docket/web/static/") and n.endswith(".css") for n in names)
    assert "docket/notices/locale/ceb/LC_MESSAGES/notices.po" in names
    assert "docket/deadlines/rules.toml" in names
    assert any(n.startswith("docket/cases/migrations/") for n in names)
    # The tools stay out of the application.
    assert not [n for n in names if n.startswith("benchmarks/") or "bench" in n], names


def test_an_installed_docket_serves_its_login_page_from_anywhere(tmp_path: Path) -> None:
    python = _empty_environment(tmp_path / "env")
    wheel = _wheel(tmp_path / "dist")
    _run(UV, "pip", "install", "--offline", "--no-deps", "--python", python, wheel, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Nothing of the checkout or of the test session: the installed Docket's own defaults.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "DOCKET_SECRET_KEY": "an installed docket's secret key",
    }
    where = _run(python, "-c", "import docket; print(docket.__file__)", cwd=elsewhere, env=env)
    assert Path(where.strip()).is_relative_to(tmp_path / "env"), where
    docket = tmp_path / "env" / "bin" / "docket"
    migrated = _run(docket, "migrate", cwd=elsewhere, env=env)
    # Installed, the data lives in the user's data directory, not beside the package.
    assert str(tmp_path / "home" / ".local" / "share" / "docket") in migrated, migrated
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(docket), "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server, tmp_path / "serve.log", seconds=60)
        login = httpx.get(f"{base}/login")
        assert login.status_code == 200, login.text
        assert "<form" in login.text
        assert 'name="password"' in login.text
        styles = re.findall(r'href="(/static/[^"]+\.css)"', login.text)
        assert styles, login.text
        for style in styles:
            assert httpx.get(base + style).status_code == 200, style
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
