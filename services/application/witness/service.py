"""The witness's service: each ``add-checkpoint`` judged in order, stored, then cosigned.

Requests are judged one at a time by one task (``core.witness.judge``), against what the
witness holds plus what it accepted earlier in the same round, so checking ``old`` and
storing the new checkpoint are one atomic step (the race the spec warns of cannot happen).
Whatever was accepted while the previous commit was on its way is committed together, once:
the disk's sync is paid per round, not per request (group commit). Only once the commit is
on disk are the cosignatures signed and the answers given. A refusal of a checkpoint the
log's key did sign (409 on another root, 422) is kept as evidence: the log's key signed a
history inconsistent with one the witness cosigned.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from core.note import Signer, Verifier
from core.witness import (
    Accepted,
    Latest,
    Malformed,
    Refused,
    Request,
    judge,
    origin_of,
    parse_request,
)
from services.application.witness.state import WitnessState


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: str


def _refusal(r: Refused) -> Reply:
    return Reply(r.status, r.content_type, r.body)


class Witness:
    """Use from one event loop: ``await add_checkpoint(body)``; ``start`` first, ``stop`` last."""

    def __init__(
        self,
        signer: Signer,
        logs: Mapping[str, Sequence[Verifier]],
        state: WitnessState,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.signer = signer
        self.logs = dict(logs)
        self.state = state
        self.clock = clock
        self.latest = state.load()
        self._pending: list[tuple[Request, asyncio.Future[Reply]]] = []
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def add_checkpoint(self, body: bytes) -> Reply:
        try:
            request = parse_request(body)
        except Malformed as e:
            return Reply(400, "text/plain; charset=utf-8", f"malformed request: {e}\n")
        if self._wake is None:
            raise RuntimeError("the witness was not started")
        future: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._pending.append((request, future))
        self._wake.set()
        return await future

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._pending = self._pending, []
            try:
                await self._round(batch)
            except Exception as e:  # noqa: BLE001 - every waiting request gets an answer
                for _, future in batch:
                    if not future.done():
                        future.set_result(
                            Reply(500, "text/plain; charset=utf-8", f"not stored: {e}\n")
                        )

    async def _round(self, batch: list[tuple[Request, asyncio.Future[Reply]]]) -> None:
        changed: dict[str, Latest] = {}
        evidence: list[tuple[str, str, str]] = []
        outcomes: list[tuple[asyncio.Future[Reply], Accepted | Refused]] = []
        for request, future in batch:
            origin = origin_of(request) or ""
            latest = changed.get(origin) or self.latest.get(origin)
            outcome = judge(request, self.logs, latest)
            if isinstance(outcome, Accepted):
                c = outcome.checkpoint
                changed[c.origin] = Latest(size=c.size, root=c.root_hash, note=outcome.note)
            elif outcome.status == 422 or (outcome.status == 409 and outcome.size == request.old):
                # signed by the log's key, and inconsistent with what was cosigned
                evidence.append((origin, request.note, outcome.reason))
            outcomes.append((future, outcome))
        if changed or evidence:
            await asyncio.to_thread(self.state.save, changed.items(), evidence)
            self.latest.update(changed)
        timestamp = int(self.clock())
        for future, outcome in outcomes:
            if isinstance(outcome, Refused):
                future.set_result(_refusal(outcome))
            else:
                line = self.signer.signature_line(outcome.text.encode(), timestamp)
                future.set_result(Reply(200, "text/plain; charset=utf-8", line))
