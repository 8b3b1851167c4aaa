"""The witness over HTTP (c2sp.org/tlog-witness): ``POST /add-checkpoint``, on Litestar.

The body is read raw (the spec's text format, not JSON) and answered with the status, content
type and body the witness service decides. Served by uvicorn (``assembly witness serve``),
keep-alive on, as the spec asks clients and witnesses to use.
"""

from __future__ import annotations

import socket

from litestar import Litestar, Request, Response, post
from litestar.datastructures import State

from services.application.witness.service import Witness

MAX_BODY = 64 * 1024  # an old line, 63 proof lines and a note with its signatures


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket for uvicorn. Made from getaddrinfo, so its protocol is TCP: asyncio
    sets TCP_NODELAY only on connections of such a socket (a ``socket.create_server`` one has
    protocol 0, and each answer, written as headers then body, then waits ~40 ms for the
    client's delayed ACK)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except BaseException:
        sock.close()
        raise
    return sock


def witness_app(witness: Witness) -> Litestar:
    @post("/add-checkpoint", status_code=200)
    async def add_checkpoint(request: Request[object, object, State]) -> Response[str]:
        reply = await witness.add_checkpoint(await request.body())
        # exactly the spec's type (Litestar would add a charset to text/x.tlog.size)
        return Response(
            reply.body,
            status_code=reply.status,
            media_type=reply.content_type,
            headers={"content-type": reply.content_type},
        )

    return Litestar(
        [add_checkpoint],
        on_startup=[witness.start],
        on_shutdown=[witness.stop],
        request_max_body_size=MAX_BODY,
        openapi_config=None,
    )
