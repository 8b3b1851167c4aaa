"""Membership rules: invited, accepted or declined, seated, withdrew or removed, replaced."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from core.assembly.charter import PHASE_ORDER, ReplacementRule, theme_of
from core.assembly.convening.rules import within_term
from core.assembly.membership import replacement
from core.assembly.membership.commands import (
    AcceptInvitation,
    CallReserve,
    ChooseWorkingGroup,
    DeclineInvitation,
    ReceivePanel,
    RemoveMember,
    SeatMember,
    WithdrawMember,
)
from core.assembly.membership.facts import (
    InvitationAccepted,
    InvitationDeclined,
    MemberRemoved,
    MemberSeated,
    MemberWithdrew,
    PanelArrived,
    ReserveCalled,
    WorkingGroupChosen,
)
from core.assembly.membership.members import STANDING, VACATED, Member, Status
from core.assembly.state import Assembly, next_of
from core.errors import DomainError
from core.sortition.model import Quota
from core.text.words import counted, listed
from core.time_order import after


class InvalidPanel(DomainError):
    rule = "panel"


class UnknownMember(DomainError):
    rule = "membership"


class WrongStatus(DomainError):
    rule = "membership"


class NoReserveLeft(DomainError):
    rule = "replacement"


class ReplacementClosed(DomainError):
    rule = "replacement"


class UnknownGroup(DomainError):
    rule = "working groups"


class GroupsFixed(DomainError):
    rule = "working groups"


def _member(assembly: Assembly, pseudonym: str) -> Member:
    member = assembly.members.get(pseudonym)
    if member is None:
        raise UnknownMember(
            f"{pseudonym} is not on the panel or reserve list of {assembly.charter.name!r}"
        )
    return member


def _require(member: Member, act: str, *allowed: Status) -> None:
    if member.status not in allowed:
        wanted = " or ".join(s.value for s in allowed)
        raise WrongStatus(
            f"{member.pseudonym} cannot {act}: they {STANDING[member.status]}, and only "
            f"a member who is {wanted} can"
        )


_LEFT = {Status.DECLINED: "declined", Status.WITHDREW: "withdrew", Status.REMOVED: "was removed"}


def _answered_after_invitation(member: Member, act: str, at: datetime) -> None:
    invited = (
        "the panel arrived"
        if member.replaces is None
        else f"they were called as a reserve for {member.replaces}"
    )
    after(
        at,
        member.invited_at,
        act=f"{member.pseudonym} cannot {act}",
        fact=invited,
        because="an answer comes after the invitation",
    )


def _left_after_joining(member: Member, act: str, at: datetime) -> None:
    seated = member.status is Status.SEATED
    after(
        at,
        member.seated_at if seated else member.accepted_at,
        act=f"{member.pseudonym} cannot {act}",
        fact="they were seated" if seated else "they accepted",
        because="a member leaves after joining",
    )


def receive_panel(
    assembly: Assembly, cmd: ReceivePanel, *, revealed_at: datetime | None = None
) -> PanelArrived:
    """Once per assembly: as many as its seats, each sub-pool filling its own seats; a panel
    drawn here arrives after its draw's randomness was revealed (`revealed_at`)."""
    panel, reserves, draw, at, by = cmd.panel, cmd.reserves, cmd.draw, cmd.at, cmd.by
    within_term(assembly, at)
    charter = assembly.charter
    after(
        at,
        revealed_at,
        act=f"the panel of {charter.name!r} cannot arrive",
        fact="the randomness that draws it was revealed",
        because="a panel comes from its draw",
    )
    if assembly.panel_arrived:
        raise InvalidPanel(f"the panel of {charter.name!r} has already arrived")
    if assembly.draw is not None and draw != assembly.draw:
        raise InvalidPanel(
            f"{charter.name!r} is bound to draw {assembly.draw}: its panel comes from that draw"
        )
    if len(panel) != charter.seats:
        raise InvalidPanel(f"the panel has {len(panel)} people for {charter.seats} seats")
    names = [d.pseudonym for d in (*panel, *reserves)]
    repeated = sorted(n for n, c in Counter(names).items() if c > 1)
    if repeated:
        raise InvalidPanel(f"pseudonyms appear more than once: {', '.join(repeated[:5])}")
    if charter.subpool_seats:
        counts = Counter(d.subpool for d in panel)
        if dict(counts) != charter.subpool_seats:
            raise InvalidPanel(
                f"the panel fills sub-pools with {counted(counts)}; "
                f"the charter seats {counted(charter.subpool_seats)}"
            )
        strangers = sorted({d.subpool for d in reserves} - set(charter.subpool_seats))
        if strangers:
            raise InvalidPanel(
                f"reserves from sub-pools the charter does not seat: {listed(strangers)}"
            )
    return PanelArrived(
        **next_of(assembly),
        at=at,
        by=by,
        draw=draw,
        panel=panel,
        reserves=reserves,
    )


def accept(assembly: Assembly, cmd: AcceptInvitation) -> InvitationAccepted:
    pseudonym, at, by = cmd.member, cmd.at, cmd.by
    within_term(assembly, at)
    member = _member(assembly, pseudonym)
    _require(member, "accept", Status.INVITED)
    _answered_after_invitation(member, "accept", at)
    return InvitationAccepted(
        **next_of(assembly),
        at=at,
        by=by,
        member=pseudonym,
    )


def decline(assembly: Assembly, cmd: DeclineInvitation) -> InvitationDeclined:
    pseudonym, reason, at, by = cmd.member, cmd.reason, cmd.at, cmd.by
    within_term(assembly, at)
    member = _member(assembly, pseudonym)
    _require(member, "decline", Status.INVITED)
    _answered_after_invitation(member, "decline", at)
    return InvitationDeclined(
        **next_of(assembly),
        at=at,
        by=by,
        member=pseudonym,
        reason=reason,
    )


def seat(assembly: Assembly, cmd: SeatMember) -> MemberSeated:
    """Only who accepted is seated."""
    pseudonym, at, by = cmd.member, cmd.at, cmd.by
    within_term(assembly, at)
    member = _member(assembly, pseudonym)
    _require(member, "be seated", Status.ACCEPTED)
    after(
        at,
        member.accepted_at,
        act=f"{pseudonym} cannot be seated",
        fact="they accepted",
        because="a seat comes after the acceptance",
    )
    return MemberSeated(
        **next_of(assembly),
        at=at,
        by=by,
        member=pseudonym,
    )


def withdraw(assembly: Assembly, cmd: WithdrawMember) -> MemberWithdrew:
    """A member may leave at any time; an invitee who never accepted declines instead."""
    pseudonym, reason, at, by = cmd.member, cmd.reason, cmd.at, cmd.by
    within_term(assembly, at)
    member = _member(assembly, pseudonym)
    _require(member, "withdraw", Status.SEATED, Status.ACCEPTED)
    _left_after_joining(member, "withdraw", at)
    return MemberWithdrew(
        **next_of(assembly),
        at=at,
        by=by,
        member=pseudonym,
        reason=reason,
    )


def remove(assembly: Assembly, cmd: RemoveMember) -> MemberRemoved:
    """The organisers may remove a member, never without a reason."""
    pseudonym, reason, at, by = cmd.member, cmd.reason, cmd.at, cmd.by
    within_term(assembly, at)
    member = _member(assembly, pseudonym)
    _require(member, "be removed", Status.SEATED, Status.ACCEPTED)
    _left_after_joining(member, "be removed", at)
    if not reason.strip():
        raise WrongStatus(f"removing {pseudonym} needs a reason on the record")
    return MemberRemoved(
        **next_of(assembly),
        at=at,
        by=by,
        member=pseudonym,
        reason=reason,
    )


def call_reserve(
    assembly: Assembly, cmd: CallReserve, *, quotas: Sequence[Quota] = ()
) -> ReserveCalled:
    """A vacated seat goes to a reserve by the rule fixed before the draw, while it is open.
    When the panel was drawn here, `quotas` are the leaving member's sub-pool's committed
    quotas: the reserve chosen is the first, in the rule's order, who keeps them; if no reserve
    can, the first of those who breach them least."""
    vacated, at, by = cmd.vacated, cmd.at, cmd.by
    within_term(assembly, at)
    rules = assembly.charter.rules
    leaving = _member(assembly, vacated)
    if leaving.status not in VACATED:
        raise WrongStatus(f"{vacated}'s seat is not vacant: they {STANDING[leaving.status]}")
    after(
        at,
        leaving.left_at,
        act=f"no reserve can be called for {vacated}",
        fact=f"{vacated} {_LEFT[leaving.status]}",
        because="a replacement comes after the departure it replaces",
    )
    if leaving.replaced_by is not None:
        raise WrongStatus(f"{vacated} was already replaced by {leaving.replaced_by}")
    cutoff = PHASE_ORDER.index(rules.replacement_until_phase)
    if assembly.phase is not None and PHASE_ORDER.index(assembly.phase) >= cutoff:
        raise ReplacementClosed(
            f"no replacements once the {rules.replacement_until_phase.value} phase has opened"
        )
    reserve, judged = _choose(assembly, leaving, rules.replacement, quotas)
    return ReserveCalled(
        **next_of(assembly),
        at=at,
        by=by,
        reserve=reserve.pseudonym,
        replaces=vacated,
        rule=rules.replacement,
        keeps_quotas=None if judged is None else judged.keeps,
        breach=0 if judged is None else judged.breach,
        breached=() if judged is None else judged.breached,
    )


def _choose(
    assembly: Assembly, leaving: Member, rule: ReplacementRule, quotas: Sequence[Quota]
) -> tuple[Member, replacement.Judged | None]:
    members = list(assembly.members.values())
    if not replacement.in_order(members, leaving, rule):
        raise NoReserveLeft(
            f"no reserve left in sub-pool {leaving.subpool!r} to replace {leaving.pseudonym}"
        )
    return replacement.choose(members, leaving, rule, quotas)


def pick_reserve(
    assembly: Assembly, leaving: Member, rule: ReplacementRule, quotas: Sequence[Quota] = ()
) -> Member:
    """Deterministic: the same log always designates the same reserve (the audit re-derives it)."""
    return _choose(assembly, leaving, rule, quotas)[0]


def breach(assembly: Assembly, leaving: Member, candidate: Member, quotas: Sequence[Quota]) -> int:
    """Seats by which calling the candidate to the leaving member's seat would fail their
    sub-pool's committed quotas, every seat held or vacant counted (0: the quotas are kept)."""
    members = list(assembly.members.values())
    before = replacement.standing(members, leaving.subpool, quotas)
    return replacement.judge(before, candidate, quotas).breach


def keeps_quotas(
    assembly: Assembly, leaving: Member, candidate: Member, quotas: Sequence[Quota]
) -> bool:
    return breach(assembly, leaving, candidate, quotas) == 0


def choose_group(assembly: Assembly, cmd: ChooseWorkingGroup) -> WorkingGroupChosen:
    """Seated members join one working group per theme; the groups are set once proposals begin."""
    pseudonym, group, at, by = cmd.member, cmd.group, cmd.at, cmd.by
    within_term(assembly, at)
    member = _member(assembly, pseudonym)
    _require(member, "join a working group", Status.SEATED)
    after(
        at,
        member.seated_at,
        act=f"{pseudonym} cannot join a working group",
        fact="they were seated",
        because="a working group is chosen after the seat",
    )
    theme = theme_of(assembly.charter, group)
    if theme is None:
        raise UnknownGroup(
            f"{group!r} is not a working group of {assembly.charter.name!r}: "
            f"choose one of {', '.join(assembly.charter.themes)}"
        )
    if assembly.phase is PHASE_ORDER[-1]:
        raise GroupsFixed("working groups are fixed once the recommendations phase has opened")
    return WorkingGroupChosen(
        **next_of(assembly),
        at=at,
        by=by,
        member=pseudonym,
        group=theme,
    )
