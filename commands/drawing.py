"""The draw's commands: load, decide, save — the draw's record and the assembly's in one atomic
save whenever both change, so the assembly can never point at a draw that is not recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict, TypeVar
from uuid import UUID

import msgspec
from eventsourcing.application import AggregateNotFoundError

from commands.draw_messages import CommitDraw, RevealDraw
from core.assembly.membership.commands import ReceivePanel
from core.assembly.state import Assembly
from core.events import Event
from core.sortition.model import Quota
from core.sortition.progress import OnProgress

if TYPE_CHECKING:
    # The draw's rules, and its optimisation (numpy, HiGHS), are imported by the commands
    # of the draw: a command of the assembly's year starts without them.
    from core.draw.state import Draw
    from core.sortition import lottery
    from core.sortition.leximin import Distribution


class When(TypedDict):
    at: datetime
    by: str


ALGORITHMS = ("leximin", "maximin")


def _algorithm(name: str) -> Callable[..., Distribution]:
    from core.sortition import leximin  # noqa: PLC0415 - numpy and HiGHS, for a draw only

    found: Callable[..., Distribution] = getattr(leximin, name)
    return found


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - ~30 ms

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


class DrawCommands:
    """Mixed into the application (which supplies `repository`, `save` and `assembly`)."""

    def assembly(self, assembly_id: UUID) -> Assembly:  # pragma: no cover - the application's
        raise NotImplementedError

    def draw(self, draw_id: UUID) -> Draw:
        from core.draw.state import project  # noqa: PLC0415 - see TYPE_CHECKING above

        state: Draw = self.repository.get(  # type: ignore[attr-defined]
            draw_id, projector_func=project, deepcopy_from_cache=False
        )
        return state

    def draw_events(self, draw_id: UUID) -> list[Event]:
        """The draw's facts in order, as the auditor reads them."""
        return list(self.events.get(draw_id))  # type: ignore[attr-defined]

    def commit_draw(self, cmd: CommitDraw, progress: OnProgress | None = None) -> int:
        """Open the draw, enter and commit the pool, each sub-pool's quotas (refused if
        infeasible) and ticket list, declare the randomness source and bind the assembly to
        the draw: all in one save, or nothing."""
        from core.draw import randomness, rules  # noqa: PLC0415 - see TYPE_CHECKING above
        from core.draw.state import folded  # noqa: PLC0415
        from core.text.words import listed  # noqa: PLC0415

        if cmd.algorithm not in ALGORITHMS:
            raise rules.DrawRefused(f"algorithm {cmd.algorithm!r}: choose {', '.join(ALGORITHMS)}")
        assembly = self.assembly(cmd.assembly_id)
        when = When(at=cmd.at, by=cmd.by)
        opened = rules.open_draw(
            assembly, new_id=cmd.draw_id, reserves=cmd.reserves, tickets=cmd.tickets, **when
        )
        facts: list[Event] = [opened]
        draw = folded(None, facts)
        vocabulary = assembly.charter.vocabulary
        facts.extend(rules.enter_pool(draw, cmd.entries, vocabulary=vocabulary, **when))
        draw = folded(None, facts)
        missing = sorted(set(draw.seats) - set(cmd.quotas))
        if missing:
            raise rules.DrawRefused(
                f"no quotas for sub-pools {listed(missing)}: give quotas for each"
            )
        for name in sorted(draw.seats):  # every refusal before the long optimisation
            committed = rules.commit_quotas(draw, name, cmd.quotas[name], **when)
            facts.append(committed)
            draw = folded(draw, [committed])
        randomness.check_declared(cmd.beacon, cmd.ceremony, at=cmd.at)
        solved_by = lotteries(draw, cmd.algorithm, progress)
        for name in sorted(draw.seats):
            solved, rounded = solved_by[name]
            tickets = rules.commit_tickets(
                draw,
                name,
                rounded.tickets,
                algorithm=cmd.algorithm,
                version=f"assembly-record {_version('assembly-record')}, "
                f"highspy {_version('highspy')}",
                optimum=solved.bound,
                rounding=rounded.rounding,
                unrounded=solved.minimum,
                deviation=rounded.deviation,
                bound=rounded.bound,
                **when,
            )
            facts.append(tickets)
            draw = folded(draw, [tickets])
        declared = rules.declare(draw, beacon=cmd.beacon, ceremony=cmd.ceremony, **when)
        facts.append(declared)
        facts.append(rules.announce(assembly, declared, **when))
        return self.save(*facts)[-1].notification.id  # type: ignore[attr-defined, no-any-return]

    def reveal_draw(self, cmd: RevealDraw) -> int:
        """Reveal the declared randomness, draw every sub-pool's panel and hand it over to the
        assembly: one save."""
        from core.assembly.membership import rules as membership  # noqa: PLC0415
        from core.draw import rules  # noqa: PLC0415 - see TYPE_CHECKING above
        from core.draw.state import folded  # noqa: PLC0415

        assembly = self.assembly(cmd.assembly_id)
        if assembly.draw is None:
            raise rules.OutOfOrder(f"{assembly.charter.name!r} has no draw: run `draw commit`")
        draw = self.draw(assembly.draw)
        when = When(at=cmd.at, by=cmd.by)
        revealed = rules.reveal(draw, beacon=cmd.beacon, dice=cmd.dice, **when)
        draw = folded(draw, [revealed])
        drawn = rules.draw_panels(draw, **when)
        panel, reserves = rules.handed_over(draw, drawn)
        handover = ReceivePanel(
            assembly_id=assembly.id, panel=panel, reserves=reserves, draw=draw.id, **when
        )
        arrived = membership.receive_panel(assembly, handover, revealed_at=revealed.at)
        return self.save(revealed, *drawn, arrived)[-1].notification.id  # type: ignore[attr-defined, no-any-return]

    def quotas(self, assembly: Assembly, subpool: str) -> tuple[Quota, ...]:
        """The quotas a replacement must keep: those the assembly's draw committed."""
        if assembly.draw is None:
            return ()
        committed = self.draw(assembly.draw).quotas.get(subpool)
        return committed.quotas if committed else ()

    def revealed_at(self, draw_id: UUID) -> datetime | None:
        """When the draw's randomness was revealed (a panel from it arrives after)."""
        try:
            draw = self.draw(draw_id)
        except AggregateNotFoundError:
            return None
        return draw.revealed.at if draw.revealed else None


WORKERS = 2
"""Sub-pools optimised side by side: the machines this runs on have two cores or more."""
Solved = TypeVar("Solved")


def lotteries(
    draw: Draw, algorithm: str, progress: OnProgress | None = None, workers: int = WORKERS
) -> dict[str, tuple[Distribution, lottery.Lottery]]:
    """Every sub-pool's distribution and committed lottery, up to `workers` sub-pools at once.
    Each lottery depends on its pool and quotas alone, so the result is the same whatever the
    order or the number of workers."""
    from core.draw import rules  # noqa: PLC0415 - see TYPE_CHECKING above
    from core.sortition import lottery  # noqa: PLC0415

    pools = {name: rules.subpool(draw, name) for name in draw.seats}

    def solve(name: str) -> tuple[Distribution, lottery.Lottery]:
        quotas, pool = draw.quotas[name], pools[name]
        told = _of_subpool(progress, name)
        solved = _algorithm(algorithm)(pool, quotas.quotas, quotas.seats, told)
        return solved, lottery.lottery_of(pool, solved, draw.tickets, progress=told)

    return side_by_side({name: pool.size for name, pool in pools.items()}, solve, workers)


def side_by_side(
    sizes: dict[str, int], work: Callable[[str], Solved], workers: int = WORKERS
) -> dict[str, Solved]:
    """`work` of every name, the largest first, up to `workers` at once on threads (HiGHS and
    numpy leave the interpreter while they compute), each name's result its own."""
    names = sorted(sizes, key=lambda n: (-sizes[n], n))
    if workers <= 1 or len(names) <= 1:
        return {name: work(name) for name in names}
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 - only for a draw

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(names, pool.map(work, names), strict=True))


def _of_subpool(progress: OnProgress | None, name: str) -> OnProgress | None:
    """The solver's reports, each saying which sub-pool's lottery it is."""
    if progress is None:
        return None
    report = progress
    return lambda p: report(msgspec.structs.replace(p, subpool=name))
