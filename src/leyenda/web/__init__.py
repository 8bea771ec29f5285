"""The local web UI: `create_app` (an ASGI app, testable in-process) and `serve` (runs it).

`serve` binds 127.0.0.1 unless told otherwise: the UI can change the case file (merge and
split corrections), so it is not offered to the network by default.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from ..errors import LeyendaError
from .app import LOOPBACK_HOSTS, canonical_host, create_app

#: Addresses that mean "every interface": the UI then answers to any Host name.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


def allowed_hosts_for(host: str) -> tuple[str, ...]:
    """The Host names the app accepts when bound to `host`: "*" (any) only for every
    interface, which the user asked for; otherwise that address and the loopback names
    (an IPv6 address too: its Host header is bracketed, "[::1]:8765", and `HostCheck`
    reads it)."""
    bound = canonical_host(host)
    if bound in WILDCARD_HOSTS:
        return ("*",)
    if bound in LOOPBACK_HOSTS:
        return LOOPBACK_HOSTS
    return (bound, *LOOPBACK_HOSTS)


def listen(host: str, port: int) -> socket.socket:
    """A bound socket, so a port in use is a clear `LeyendaError` instead of a traceback."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, IndexError) as err:
        raise LeyendaError(f"cannot serve on {host}:{port}: {err}") from err
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as err:
        sock.close()
        reason = err.strerror or str(err)
        raise LeyendaError(f"cannot serve on {host}:{port}: {reason}") from err
    sock.set_inheritable(True)
    return sock


def serve(
    casefile: str | Path, *, host: str = "127.0.0.1", port: int = 8765, quiet: bool = False
) -> None:
    """Serve the web UI of `casefile` on host:port until interrupted.

    Prints the address to stderr (unless `quiet`): unlike the rest of the library, this is
    an interactive command and the user needs to know where to point the browser.
    """
    import uvicorn

    app = create_app(casefile, allowed_hosts=allowed_hosts_for(host))
    sock = listen(host, port)
    port = int(sock.getsockname()[1])  # the real one when asked for port 0
    config = uvicorn.Config(
        app, log_level="warning" if quiet else "info", access_log=not quiet, lifespan="off"
    )
    shown = f"[{host}]" if ":" in host else host
    if not quiet:
        print(
            f"leyenda: serving {casefile} at http://{shown}:{port}/ (Ctrl+C to stop)",
            file=sys.stderr,
        )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


__all__ = ["allowed_hosts_for", "create_app", "listen", "serve"]
