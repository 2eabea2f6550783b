"""API tokens and two-step login: a stolen token cannot take the account over; tokens have a
name and an expiry, are listed without their secret, revoked one by one and marked when used;
an admin resets a lost second factor and the person is told; the password rules."""

from __future__ import annotations

import httpx
import pytest

from docket.accounts.choices import Role

pytestmark = pytest.mark.anyio


# --- password rules --------------------------------------------------------------------------


async def test_a_long_weak_password_is_refused_and_a_long_strong_one_accepted(
    client: httpx.AsyncClient,
) -> None:
    """The strength check once skipped anything over 100 characters, and failed outright
    (an error, no account) between 73 and 100."""
    from docket.accounts.services import MAX_PASSWORD_LENGTH, create_user
    from docket.errors import InvalidInput

    for weak in ("a" * 101, "password" * 13, "1234567890" * 12):
        with pytest.raises(InvalidInput) as refused:
            await create_user(
                None, email="a@docket.test", name="A", role=Role.LAWYER, password=weak
            )
        assert refused.value.errors[0].field == "password"
        assert "guess" in refused.value.errors[0].message
    with pytest.raises(InvalidInput) as too_long:
        await create_user(
            None,
            email="a@docket.test",
            name="A",
            role=Role.LAWYER,
            password="tarsier mango ferry lighthouse " * 5,
        )
    assert too_long.value.errors[0].field == "password"
    assert f"at most {MAX_PASSWORD_LENGTH}" in too_long.value.errors[0].message
    passphrase = (
        "tarsier mango ferry lighthouse at the Carbon market after the long morning hearing"
    )
    assert 72 < len(passphrase) <= MAX_PASSWORD_LENGTH
    row = await create_user(
        None, email="a@docket.test", name="A", role=Role.LAWYER, password=passphrase
    )
    assert row["email"] == "a@docket.test"


async def test_the_published_demo_password_is_refused_for_real_accounts(
    client: httpx.AsyncClient,
) -> None:
    from docket.accounts.services import create_user
    from docket.demo import DEFAULT_PASSWORD
    from docket.errors import InvalidInput

    for password in (DEFAULT_PASSWORD, DEFAULT_PASSWORD.upper()):
        with pytest.raises(InvalidInput) as refused:
            await create_user(
                None,
                email="maria.santos@doj.gov.ph",
                name="Maria Santos",
                role=Role.PROSECUTOR,
                password=password,
            )
        assert refused.value.errors[0].field == "password"
        assert "demo" in refused.value.errors[0].message
