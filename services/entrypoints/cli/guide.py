"""``assembly`` with no command: where the assembly stands and the usual next acts in its phase
(read from its state, as ``status`` reads it; it records nothing), or how to begin."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import N_, _, moment, ngettext, value

BEGIN = (
    'assembly convene --name "Assemblée citoyenne de Paris" --cohort 2026 '
    "--term-start 2026-01-15 --term-end 2027-01-14",
    N_("export ASSEMBLY_ID=<the id printed>"),
)


def guide(obj: CliContext) -> None:
    import os  # noqa: PLC0415 - the guide alone reads ASSEMBLY_ID itself

    settings = obj.settings
    if settings.nats_url is None and not settings.home.exists():
        obj.emit(
            {"ok": True, "record": None, "next": list(BEGIN)},
            "\n".join(
                [
                    _("No record here yet ({home}). To begin, convene the assembly:").format(
                        home=settings.home
                    ),
                    *("  " + _(line) for line in BEGIN),
                    _("`assembly --help` lists every command."),
                ]
            ),
        )
        return
    chosen = os.environ.get("ASSEMBLY_ID")
    if not chosen:
        obj.emit(
            {"ok": True, "assembly_id": None, "next": ["export ASSEMBLY_ID=<id>"]},
            "\n".join(
                [
                    _(
                        "No assembly chosen: export ASSEMBLY_ID=<id> (as `assembly convene` "
                        "printed it), or convene one:"
                    ),
                    f"  {BEGIN[0]}",
                    _("`assembly --help` lists every command."),
                ]
            ),
        )
        return
    from uuid import UUID  # noqa: PLC0415

    try:
        assembly_id = UUID(chosen)
    except ValueError:
        import click  # noqa: PLC0415

        raise click.UsageError(f"ASSEMBLY_ID={chosen!r} is not an assembly's id") from None
    facts = standing(obj.app.assembly(assembly_id), datetime.now(tz=UTC))
    obj.emit({"ok": True, **facts}, "\n".join(_lines(facts)))


def standing(state: Any, now: datetime) -> dict[str, Any]:
    """Where it stands: phase, seats filled, next session, open ballots, and what comes next."""
    seated = sum(1 for m in state.members.values() if m.status.value == "seated")
    waiting = sum(1 for m in state.members.values() if m.status.value in ("invited", "accepted"))
    upcoming = sorted(
        (s for s in state.sessions.values() if s.status.value == "scheduled"),
        key=lambda s: s.starts_at,
    )
    later = [s for s in upcoming if s.starts_at >= now] or upcoming
    opened = [s for s in state.sessions.values() if s.status.value == "open"]
    ballots = [b for b in state.ballots.values() if b.status.value == "open"]
    phase = state.phase.value if state.phase else None
    return {
        "assembly_id": str(state.id),
        "name": state.charter.name,
        "cohort": state.charter.cohort,
        "phase": phase,
        "seats": state.charter.seats,
        "seated": seated,
        "awaiting": waiting,
        "open_sessions": [{"id": str(s.id), "title": s.title} for s in opened],
        "next_session": (
            {"id": str(later[0].id), "title": later[0].title, "starts_at": later[0].starts_at}
            if later
            else None
        ),
        "open_ballots": [{"id": str(b.id), "text": b.motion.text} for b in ballots],
        "next": next_acts(phase, bool(state.members), seated, bool(opened), bool(ballots)),
    }


def next_acts(
    phase: str | None, panel: bool, seated: int, in_session: bool, voting: bool
) -> list[str]:
    """The usual next acts, as commands, in the order a clerk meets them."""
    if not panel:
        return [
            "assembly pool import POOL.csv",
            "assembly draw commit ...",
            "assembly panel receive PANEL.json",
        ]
    if voting:
        return ["assembly ballot vote BALLOT MEMBER=CHOICE...", "assembly ballot close BALLOT"]
    if in_session:
        return [
            "assembly session attend SESSION MEMBER=PRESENCE...",
            "assembly ballot open SESSION ...",
            "assembly session close SESSION",
        ]
    if phase is None:
        return [
            "assembly member accept MEMBER",
            "assembly member seat MEMBER...",
            "assembly member replace VACATED",
            "assembly open-phase discovery",
        ]
    acts = ["assembly session schedule ...", "assembly session open SESSION"]
    if phase == "discovery":
        return [*acts, "assembly training record ...", "assembly open-phase recommendations"]
    return [
        *acts,
        "assembly recommendation draft ...",
        "assembly recommendation amend ...",
        "assembly recommendation submit REC...",
    ]


def _lines(facts: dict[str, Any]) -> list[str]:
    phase = facts["phase"]
    lines = [
        _("{name}, cohort {cohort}: {phase}").format(
            name=facts["name"],
            cohort=facts["cohort"],
            phase=_("the {phase} phase").format(phase=value(phase))
            if phase
            else _("no phase opened yet"),
        ),
        _("seats filled: {seated} of {seats}").format(seated=facts["seated"], seats=facts["seats"])
        + (
            ngettext(
                " ({n} invited or accepted, not yet seated)",
                " ({n} invited or accepted, not yet seated)",
                facts["awaiting"],
            ).format(n=facts["awaiting"])
            if facts["awaiting"]
            else ""
        ),
    ]
    for s in facts["open_sessions"]:
        lines.append(_("session open: {title!r}  {id}").format(**s))
    upcoming = facts["next_session"]
    if upcoming:
        lines.append(
            _("next session: {title!r} on {when}  {id}").format(
                title=upcoming["title"], when=moment(upcoming["starts_at"]), id=upcoming["id"]
            )
        )
    elif not facts["open_sessions"]:
        lines.append(_("no session scheduled"))
    ballots = facts["open_ballots"]
    lines.append(
        ngettext("{n} ballot open", "{n} ballots open", len(ballots)).format(n=len(ballots))
        if ballots
        else _("no ballot open")
    )
    lines.extend(f"  {b['text']!r}  {b['id']}" for b in ballots)
    lines.append(_("usual next acts:"))
    lines.extend(f"  {act}" for act in facts["next"])
    lines.append(_("`assembly status` says more; `assembly --help` lists every command."))
    return lines
