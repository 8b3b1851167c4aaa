"""``assembly show ...``: the read models, as tables for people or ``--json``.

Reading your own write: before answering, ``show`` brings the read models up to
the log's last event (or ``--after N``, the position a command printed) by
applying what is missing itself, exactly once even while a worker runs; if that
takes longer than ``--wait`` seconds it says where the read models are and stops.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import click

from core.assembly.charter import Secrecy
from core.assembly.membership.members import Status
from services.adapters.readstore.plain import current_sqlite
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import on_assembly
from services.entrypoints.cli.context import CliContext, json_option
from services.entrypoints.cli.i18n import N_, _
from services.entrypoints.cli.refusals import translated
from services.entrypoints.cli.words import said

if TYPE_CHECKING:  # the read models' modules import SQLAlchemy: each command imports the one it
    # reads, and `show roster` on current SQLite read models none (projections/plain.py)
    from sqlalchemy import Connection

Command = Callable[..., None]


def current(command: Command, *, plain: bool = False) -> Command:
    """Add ``--assembly``, ``--after`` and ``--wait``; the command receives ``conn`` and ``aid``
    once the read models have reached the position asked for. A ``plain`` command also reads a
    stdlib ``sqlite3`` connection: the one it gets when the default SQLite read models already
    hold that position (read as they are, SQLAlchemy never imported)."""

    @functools.wraps(command)
    def reading_own_write(
        obj: CliContext, *args: Any, assembly_id: UUID, after: int | None, wait: float, **kw: Any
    ) -> None:
        found_plain = current_sqlite(obj.settings, after) if plain else None
        if found_plain is not None:
            with closing(found_plain) as conn:
                try:
                    _read_plain(obj, command, args, conn, assembly_id, kw)
                    return
                except sqlite3.Error:  # the usual path then says what the database refused
                    pass
        from projections import timeline  # noqa: PLC0415 - SQLAlchemy, when read through it
        from services.adapters.readstore.readside import read_side_errors  # noqa: PLC0415

        with read_side_errors(obj.settings), _caught_up(obj, after, wait) as conn:
            found = timeline.record_kind(conn, str(assembly_id))
            if found != "assembly":
                raise click.BadParameter(
                    _not_an_assembly(assembly_id, found), param_hint="--assembly"
                )
            command(obj, *args, conn=conn, aid=str(assembly_id), **kw)

    after = click.option(
        "--after",
        type=click.IntRange(min=0),
        metavar="POSITION",
        help="Wait for this log position (a command prints it). Default: the log's last event.",
    )
    wait = click.option(
        "--wait",
        default=30.0,
        show_default=True,
        type=click.FloatRange(min=0),
        help="Seconds to wait for the read models to reach it.",
    )
    return click.pass_obj(on_assembly(after(wait(json_option(reading_own_write)))))


def _read_plain(
    obj: CliContext,
    command: Command,
    args: tuple[Any, ...],
    conn: sqlite3.Connection,
    assembly_id: UUID,
    kw: dict[str, Any],
) -> None:
    from projections import plain  # noqa: PLC0415 - only for current SQLite read models

    found = plain.record_kind(conn, str(assembly_id))
    if found != "assembly":
        raise click.BadParameter(_not_an_assembly(assembly_id, found), param_hint="--assembly")
    command(obj, *args, conn=conn, aid=str(assembly_id), **kw)


def _not_an_assembly(assembly_id: UUID, found: str | None) -> str:
    fix = _("check --assembly or ASSEMBLY_ID (`assembly convene` prints the id)")
    if found is None:
        return _("nothing is recorded under {id}: {fix}").format(id=assembly_id, fix=fix)
    if found == "draw":
        return _("{id} is a draw's record, not an assembly: {fix}").format(id=assembly_id, fix=fix)
    return _("{id} is not an assembly (its record begins with {found}): {fix}").format(
        id=assembly_id, found=repr(found), fix=fix
    )


@contextmanager
def _caught_up(obj: CliContext, after: int | None, wait: float) -> Iterator[Connection]:
    """The read models once they hold the log up to ``after`` (default: its last event). When
    they do already (a worker keeps them current), they are read as they are: no projector,
    nothing of the log read but how far it goes (the embedded server's own count when it can
    tell, else the event store's last event)."""
    from services.adapters.embedded import last_sequence  # noqa: PLC0415
    from services.adapters.readstore.database import caught_up, reading  # noqa: PLC0415
    from services.adapters.readstore.readside import engine_for, log_head, projector  # noqa: PLC0415

    engine = engine_for(obj.settings)
    try:
        known = last_sequence(obj.settings) if after is None else after
        if known is not None and caught_up(engine, known):
            with reading(engine) as conn:
                yield conn
            return
        target = log_head(obj.app) if after is None else after
        if not caught_up(engine, target):
            read_side = projector(engine, obj.app)
            try:
                read_side.wait_for(target, wait)
            finally:
                read_side.close()
        with reading(engine) as conn:
            yield conn
    finally:
        engine.dispose()


def table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], empty: str, of: str | None = None
) -> str:
    """Rows as a table for people: the columns named in the language, codes as its words
    (agreeing with ``of``, what the rows are), times as Paris reads them."""
    if not rows:
        return _(empty)
    cells = [[_cell(r.get(c), c, of) for c in columns] for r in rows]
    heads = [_(c) for c in columns]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(heads)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(heads, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


_CODED = {"status", "kind", "stage", "motion", "choice", "action", "secrecy", "threshold"}
_TIMED = {"at", "since", "starts_at", "postponed_to"}


def _cell(value: Any, column: str = "", of: str | None = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if column in _CODED and isinstance(value, str):
        return i18n.value(value, of)
    if column == "rate" and isinstance(value, str) and value.endswith("%"):
        return i18n.percent(value)
    if column in _TIMED and isinstance(value, str) and "T" in value:
        try:
            return i18n.moment(datetime.fromisoformat(value))
        except ValueError:
            pass
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@click.group(cls=i18n.Group)
def show() -> None:
    """Read the assembly from its read models (which `assembly projections run` keeps current)."""


@show.command("roster")
@click.option(
    "--status", type=click.Choice([s.value for s in Status]), help="Only members with this status."
)
@click.option("--member", metavar="MEMBER", help="One member's history instead.")
@functools.partial(current, plain=True)
def show_roster(
    obj: CliContext,
    status: str | None,
    member: str | None,
    conn: Connection | sqlite3.Connection,
    aid: str,
) -> None:
    """Every member of the panel and reserve list: sub-pool, status since when, group,
    who replaced whom; or one member's history.

    \b
    Example:
      assembly show roster --status seated
      assembly show roster --member ele-007
    """
    roster: Any  # the same questions, through SQLAlchemy or the stdlib's sqlite3
    if isinstance(conn, sqlite3.Connection):
        from projections import plain as roster  # noqa: PLC0415
    else:
        from projections import roster  # noqa: PLC0415
    if member is not None:
        steps = roster.history(conn, aid, member)
        if not steps:
            raise click.BadParameter(
                _("no member {member} in assembly {id}").format(member=member, id=aid),
                param_hint="--member",
            )
        text = table(steps, ["position", "status", "at", "by", "reason"], "-")
        obj.emit({"ok": True, "member": member, "history": steps}, text)
        return
    rows = roster.members(conn, aid, status)
    columns = ["member", "subpool", "status", "since", "working_group", "replaces", "replaced_by"]
    obj.emit({"ok": True, "members": rows}, table(rows, columns, N_("no panel yet")))


@show.command("composition")
@current
def show_composition(obj: CliContext, conn: Connection, aid: str) -> None:
    """The seated assembly against its seats and, once the draw committed them, its quotas.

    \b
    Example:
      assembly show composition
    """
    from projections import composition  # noqa: PLC0415 - SQLAlchemy, when read

    found = composition.composition(conn, aid)
    lines = []
    for s in found["subpools"]:
        lines.append(
            _("{subpool}: {seated} seated of {seats} seats").format(
                subpool=s["subpool"], seated=s["seated"], seats=s["seats"] or "-"
            )
        )
        rows = [
            {**c, "bounds": f"[{c['min']}, {c['max']}]" if "min" in c else None}
            for c in s["categories"]
        ]
        columns = ["category", "value", "seated", *(["bounds", "met"] if found["quotas"] else [])]
        lines.append(table(rows, columns, N_("  nobody seated yet")))
    basis = (
        _("quotas of the draw")
        if found["quotas"]
        else _("the charter's seats (no quotas recorded)")
    )
    compared = _("compared with {basis}").format(basis=basis)
    text = "\n".join([compared, *lines]) if lines else _("no charter yet")
    obj.emit({"ok": True, **found}, text)


@show.command("groups")
@current
def show_groups(obj: CliContext, conn: Connection, aid: str) -> None:
    """The working groups: their members and sessions.

    \b
    Example:
      assembly show groups
    """
    from projections import groups  # noqa: PLC0415 - SQLAlchemy, when read

    found = groups.working_groups(conn, aid)
    rows = [
        {"theme": g["theme"], "members": len(g["members"]), "sessions": len(g["sessions"])}
        for g in found
    ]
    obj.emit(
        {"ok": True, "groups": found}, table(rows, ["theme", "members", "sessions"], N_("none"))
    )


@show.command("attendance")
@click.option("--sessions", "per_session", is_flag=True, help="Per session instead of per member.")
@click.option("--trainings", "per_training", is_flag=True, help="Per training instead.")
@current
def show_attendance(
    obj: CliContext, per_session: bool, per_training: bool, conn: Connection, aid: str
) -> None:
    """Each member's attendance rate (present / sessions recorded) and trainings attended, or
    each session's or each training's count.

    \b
    Example:
      assembly show attendance
      assembly show attendance --sessions
      assembly show attendance --trainings
    """
    from projections import attendance, training  # noqa: PLC0415 - SQLAlchemy, when read

    if per_session:
        rows = attendance.session_list(conn, aid)
        columns = ["starts_at", "postponed_to", "kind", "title", "status", "present"]
        columns += ["excused", "absent", "reason"]
        shown = table(rows, columns, N_("no sessions yet"), of="session")
        obj.emit({"ok": True, "sessions": rows}, shown)
        return
    if per_training:
        rows = training.training_list(conn, aid)
        columns = ["starts_at", "topic", "trainer", "present", "excused", "absent"]
        obj.emit({"ok": True, "trainings": rows}, table(rows, columns, N_("no trainings yet")))
        return
    trained = training.attended_by(conn, aid)
    rates = {r["member"]: r for r in attendance.rates(conn, aid)}
    none = {"recorded": 0, **{p: 0 for p in ("present", "excused", "absent")}, "rate": "-"}
    rows = [
        {**rates.get(m, {"member": m, **none}), "trainings": trained.get(m, 0)}
        for m in sorted(rates.keys() | trained.keys())
    ]
    columns = ["member", "recorded", "present", "excused", "absent", "rate", "trainings"]
    obj.emit({"ok": True, "members": rows}, table(rows, columns, N_("no attendance recorded yet")))


@show.command("amendments")
@current
def show_amendments(obj: CliContext, conn: Connection, aid: str) -> None:
    """Every amendment: the recommendation it amends, who tabled it, what became of it.

    \b
    Example:
      assembly show amendments
    """
    from projections import amendments  # noqa: PLC0415 - SQLAlchemy, when read

    rows = amendments.amendment_list(conn, aid)
    columns = ["amendment_id", "recommendation_id", "member", "status", "in_favour", "against"]
    obj.emit({"ok": True, "amendments": rows}, table(rows, columns, N_("no amendments yet")))


@show.command("ballot")
@click.argument("ballot_id", metavar="[BALLOT]", required=False, type=click.UUID)
@current
def show_ballot(obj: CliContext, ballot_id: UUID | None, conn: Connection, aid: str) -> None:
    """Every ballot with its tally and outcome, or one ballot: the quorum, the rule applied,
    who took part (and, in a roll-call ballot, how each voted).

    \b
    Example:
      assembly show ballot
      assembly show ballot 5b0c...
    """
    from projections import ballots  # noqa: PLC0415 - SQLAlchemy, when read

    if ballot_id is None:
        rows = ballots.ballot_list(conn, aid)
        columns = [
            "ballot_id",
            "motion",
            "status",
            "participants",
            "in_favour",
            "against",
            "abstentions",
            "adopted",
            "text",
        ]
        obj.emit({"ok": True, "ballots": rows}, table(rows, columns, N_("no ballots yet")))
        return
    found = ballots.ballot(conn, aid, str(ballot_id))
    if found is None:
        raise click.BadParameter(
            _("no ballot {ballot} in assembly {id}").format(ballot=ballot_id, id=aid),
            param_hint="BALLOT",
        )
    obj.emit({"ok": True, "ballot": found}, "\n".join(_ballot_lines(found)))


def _ballot_lines(b: dict[str, Any]) -> list[str]:
    v = i18n.value
    lines = [
        i18n.pgettext("ballot", "{motion} ({secrecy}, {threshold}): {text}").format(
            motion=v(b["motion"]),
            secrecy=v(b["secrecy"]),
            threshold=v(b["threshold"]),
            text=b["text"],
        ),
        _("status {status}; {n} took part").format(status=v(b["status"]), n=b["participants"]),
    ]
    if b["status"] == "closed":
        lines.append(
            _(
                "{outcome}: {in_favour} for, {against} against, {abstentions} abstaining; "
                "{cast} votes cast, {needed} needed; quorum {present}/{quorum} of {seated} seated"
            ).format(
                outcome=_("adopted") if b["adopted"] else _("not adopted"),
                in_favour=b["in_favour"],
                against=b["against"],
                abstentions=b["abstentions"],
                cast=b["votes_cast"],
                needed=b["needed"],
                present=b["present"],
                quorum=b["quorum_needed"],
                seated=b["seated"],
            )
        )
        lines.append(_("rule: {rule}").format(rule=translated(b["rule"])))
    elif b["running_count"]:
        lines.append(_("running count: {count}").format(count=b["running_count"]))
    if b["secrecy"] == Secrecy.ROLL_CALL.value:
        lines.append(table(b["votes"], ["member", "choice"], N_("nobody has voted yet")))
    else:
        took_part = ", ".join(v["member"] for v in b["votes"]) or _("nobody yet")
        lines.append(_("took part (secret: choices not recorded): {who}").format(who=took_part))
    return lines


@show.command("recommendation")
@click.argument("recommendation_id", metavar="[REC]", required=False, type=click.UUID)
@current
def show_recommendation(
    obj: CliContext, recommendation_id: UUID | None, conn: Connection, aid: str
) -> None:
    """Every recommendation and the stage it has reached, or one recommendation's lifecycle:
    draft, versions, vote, submission, the executive's answer, the Council, implementation.

    \b
    Example:
      assembly show recommendation
      assembly show recommendation 0d4a...
    """
    from projections import recommendations  # noqa: PLC0415 - SQLAlchemy, when read

    if recommendation_id is None:
        rows = recommendations.recommendation_list(conn, aid)
        columns = ["recommendation_id", "working_group", "stage", "version", "title"]
        shown = table(rows, columns, N_("none yet"), of="recommendation")
        obj.emit({"ok": True, "recommendations": rows}, shown)
        return
    found = recommendations.recommendation(conn, aid, str(recommendation_id))
    if found is None:
        raise click.BadParameter(
            _("no recommendation {id}").format(id=recommendation_id), param_hint="REC"
        )
    head = _("{title} ({group}): {stage}, version {version}").format(
        title=found["title"],
        group=found["working_group"],
        stage=i18n.value(found["stage"]),
        version=found["version"],
    )
    lifecycle = [{**s, "detail": said(s, s["detail"])} for s in found["lifecycle"]]
    steps = table(
        lifecycle, ["position", "at", "stage", "detail"], N_("no steps"), "recommendation"
    )
    obj.emit({"ok": True, "recommendation": found}, f"{head}\n{steps}")


@show.command("timeline")
@click.option("--limit", type=click.IntRange(min=1), help="Only the last N entries.")
@current
def show_timeline(obj: CliContext, limit: int | None, conn: Connection, aid: str) -> None:
    """The assembly's public timeline, in log order.

    \b
    Example:
      assembly show timeline --limit 20
    """
    from projections import timeline  # noqa: PLC0415 - SQLAlchemy, when read

    rows = timeline.entries(conn, aid, limit)
    obj.emit(
        {"ok": True, "timeline": rows},
        table(
            [{**r, "summary": said(r, r["summary"])} for r in rows],
            ["position", "at", "kind", "summary"],
            N_("nothing yet"),
        ),
    )


@show.command("corrections")
@current
def show_corrections(obj: CliContext, conn: Connection, aid: str) -> None:
    """Every correction and annulment: which fact (its log position), what it now says, why,
    when and by whom. The facts themselves show their corrected values everywhere.

    \b
    Example:
      assembly show corrections
    """
    from projections import corrections  # noqa: PLC0415 - SQLAlchemy, when read

    rows = corrections.corrections_of(conn, aid)
    columns = ["position", "corrects", "kind", "action", "field", "value", "reason", "at", "by"]
    obj.emit({"ok": True, "corrections": rows}, table(rows, columns, N_("no corrections")))
