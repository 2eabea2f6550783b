"""Who the client is behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto, believed only
from the proxies named in DOCKET_TRUSTED_PROXIES (none by default).

Anyone can send these headers. Believed from any peer, they let a client pick the address the
audit trail records and the login throttle counts (docket.accounts.services), and claim https
for a cookie sent over http. uvicorn's own --proxy-headers trusts 127.0.0.1 by default, i.e.
every process on the machine, and reads only for uvicorn; so `docket serve` turns it off and
this middleware, which serves any ASGI server and the tests alike, decides instead.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

#: The schemes a proxy may report; anything else is ignored.
_SCHEMES = frozenset({"http", "https"})


def _address(text: str) -> Address | None:
    """An address as a proxy writes it: bare, IPv4 with a port, or [IPv6] with a port."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # A dual-stack listener reports an IPv4 peer as ::ffff:a.b.c.d.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address in network for network in networks)


def real_client(peer: str, forwarded_for: str, networks: Sequence[Network]) -> str | None:
    """The client's address when the peer is a trusted proxy (else None): walking back from
    the peer through X-Forwarded-For, the first hop that is not a trusted proxy. Entries to
    the left of it were written by the client itself and are never believed; an entry that is
    not an address ends the walk at the last hop a trusted proxy vouched for."""
    client = _address(peer)
    if client is None or not _trusted(client, networks):
        return None
    for entry in reversed(forwarded_for.split(",") if forwarded_for.strip() else []):
        hop = _address(entry)
        if hop is None:
            break
        client = hop
        if not _trusted(hop, networks):
            break
    return client.compressed


def forwarded_headers(networks: Sequence[Network]) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware: rewrites the request's client and scheme from the forwarded headers of
    a trusted proxy; from any other peer the headers change nothing."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            peer = scope.get("client") if scope["type"] == ScopeType.HTTP else None
            if networks and peer:
                forwarded_for: list[str] = []
                proto = None
                for name, value in scope.get("headers", []):
                    if name == b"x-forwarded-for":
                        forwarded_for.append(value.decode("latin-1"))
                    elif name == b"x-forwarded-proto":
                        proto = value.decode("latin-1").strip().lower()
                client = real_client(peer[0], ",".join(forwarded_for), networks)
                if client is not None:
                    scope["client"] = (client, 0)
                    if proto in _SCHEMES:
                        scope["scheme"] = proto
            await app(scope, receive, send)

        return middleware

    return wrap
