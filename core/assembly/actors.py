"""Who may act: the actor of every fact (``by``) is an identity of one shape, and each fact says
which identities may record it. Checked before a fact is recorded (commands.application) and
again by the audit (core.audit.replay), with the same function.

An actor is ``role:name``:

``clerk:<login>``        the clerk's office (``clerk:greffe``): records the assembly's acts;
``member:<pseudonym>``   a member acting themself, by their pseudonym of the assembly's pool
                         (``member:ele-007``): never their name;
``teller:<name>``        a teller of the ballots, as the charter names them (``teller:dupont``);
``executive:<office>``   the city executive's office answering (``executive:cabinet-maire``).

A name is a short word: letters (French accents included), digits, ``.``, ``-`` and ``_``, at
most 64 characters, starting with a letter or a digit. No ``@``, no space: an e-mail address
or a phone number is never an actor (core.text.check looks for personal-data shapes in the
actor too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import partial

from core.assembly.ballots.facts import BallotClosed, BallotOpened, VoteCast
from core.assembly.contacts import ContactsLookedUp
from core.assembly.convening.facts import AssemblyConvened, DrawAnnounced, PhaseOpened
from core.assembly.corrections import FactAnnulled, FactCorrected
from core.assembly.followup.facts import (
    CouncilDecided,
    ExecutiveResponded,
    ImplementationReported,
    PresentedToCouncil,
    RecommendationsSubmitted,
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
from core.assembly.recommendations.facts import (
    AmendmentAdopted,
    AmendmentLapsed,
    AmendmentRejected,
    AmendmentTabled,
    AmendmentWithdrawn,
    RecommendationAdopted,
    RecommendationDrafted,
    RecommendationRejected,
    RecommendationRevised,
)
from core.assembly.sittings.facts import (
    AttendanceRecorded,
    ExpertHeard,
    MinutesRecorded,
    SessionCancelled,
    SessionClosed,
    SessionOpened,
    SessionPostponed,
    SessionScheduled,
)
from core.assembly.training.facts import TrainingAttended, TrainingScheduled
from core.draw.events import (
    DrawOpened,
    PanelDrawn,
    PoolCommitted,
    PoolEntered,
    QuotasCommitted,
    RandomnessDeclared,
    RandomnessRevealed,
    TicketsCommitted,
)
from core.errors import DomainError
from core.events import Event

NAME_MAX = 64
_NAME = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿŒœŸ][0-9A-Za-zÀ-ÖØ-öø-ÿŒœŸ._-]{0,63}")
EXAMPLE = "clerk:greffe"


class Role(Enum):
    """The roles an actor may have. Values are wire codes: never change one."""

    CLERK = "clerk"
    MEMBER = "member"
    TELLER = "teller"
    EXECUTIVE = "executive"


@dataclass(frozen=True)
class Actor:
    role: Role
    name: str

    def __str__(self) -> str:
        return f"{self.role.value}:{self.name}"


class ActorRefused(DomainError):
    """An actor of no documented shape, or one who may not record this fact."""

    rule = "who-may-act"


def parse(by: str) -> Actor:
    """The actor ``by`` names, or ActorRefused saying what shape it should have."""
    role, colon, name = by.partition(":")
    if not colon or role not in _ROLES:
        roles = ", ".join(f"{r.value}:" for r in Role)
        raise ActorRefused(
            f"“{by[:80]}” is not an actor: write role:name with a role among {roles} "
            f"(e.g. {EXAMPLE}), never an e-mail address or a person's name"
        )
    if not _NAME.fullmatch(name):
        raise ActorRefused(
            f"“{by[:80]}” is not an actor: after “{role}:” give a short word of letters, digits, "
            f"“.”, “-” or “_” (at most {NAME_MAX}, no @ or space), e.g. {role}:{_EXAMPLES[role]}"
        )
    return Actor(_ROLES[role], name)


_ROLES = {r.value: r for r in Role}
_EXAMPLES = {"clerk": "greffe", "member": "ele-007", "teller": "dupont", "executive": "cabinet"}


def member(pseudonym: str) -> str:
    """The actor of a member acting themself."""
    return f"{Role.MEMBER.value}:{pseudonym}"


def teller(name: str) -> str:
    """The actor of a teller, as the charter names them (``Rules.tellers``)."""
    return f"{Role.TELLER.value}:{name}"


class May(Enum):
    """Who may record a fact."""

    CLERK = "the clerk"
    SELF = "the member themself"
    TELLER = "a teller the charter names"
    EXECUTIVE = "the executive's office"


_CLERK = (May.CLERK,)
_SELF_OR_CLERK = (May.SELF, May.CLERK)

# Every fact, and who may record it (tests/core/test_actors.py fails when a fact has no row).
# The facts a rule decides together with the one before (a ballot's consequences, the draw's
# panels) are recorded by whoever recorded that one: the clerk. The draw is the clerk's whole:
# its ceremony's bailiff and witnesses sign the dice's digits inside the fact; the clerk
# records it.
WHO_MAY_ACT: dict[type[Event], tuple[May, ...]] = {
    # the assembly and its members
    AssemblyConvened: _CLERK,
    PhaseOpened: _CLERK,
    DrawAnnounced: _CLERK,
    PanelArrived: _CLERK,
    InvitationAccepted: _SELF_OR_CLERK,  # the member's answer, or the clerk on their behalf
    InvitationDeclined: _SELF_OR_CLERK,
    MemberSeated: _CLERK,
    MemberWithdrew: _SELF_OR_CLERK,
    MemberRemoved: _CLERK,  # the organisers' act, never the member's
    ReserveCalled: _CLERK,
    WorkingGroupChosen: _SELF_OR_CLERK,  # the member's choice
    ContactsLookedUp: _CLERK,  # the registry is the clerk's office's only
    FactCorrected: _CLERK,  # the clerk answers for the record
    FactAnnulled: _CLERK,
    # sittings
    SessionScheduled: _CLERK,
    SessionPostponed: _CLERK,
    SessionCancelled: _CLERK,
    SessionOpened: _CLERK,
    ExpertHeard: _CLERK,
    AttendanceRecorded: _CLERK,
    SessionClosed: _CLERK,
    MinutesRecorded: _CLERK,
    # training
    TrainingScheduled: _CLERK,
    TrainingAttended: _CLERK,
    # ballots
    BallotOpened: _CLERK,
    VoteCast: (May.SELF, May.TELLER),  # never the clerk: a vote is the member's, or counted
    BallotClosed: _CLERK,
    AmendmentAdopted: _CLERK,
    AmendmentRejected: _CLERK,
    AmendmentLapsed: _CLERK,
    RecommendationRevised: _CLERK,
    RecommendationAdopted: _CLERK,
    RecommendationRejected: _CLERK,
    # texts
    RecommendationDrafted: _CLERK,  # on behalf of the working group
    AmendmentTabled: _SELF_OR_CLERK,  # by its author
    AmendmentWithdrawn: _SELF_OR_CLERK,
    # follow-up
    RecommendationsSubmitted: _CLERK,
    ExecutiveResponded: (May.EXECUTIVE, May.CLERK),
    PresentedToCouncil: _CLERK,
    CouncilDecided: _CLERK,
    ImplementationReported: (May.EXECUTIVE, May.CLERK),
    # the draw
    DrawOpened: _CLERK,
    PoolEntered: _CLERK,
    PoolCommitted: _CLERK,
    QuotasCommitted: _CLERK,
    TicketsCommitted: _CLERK,
    RandomnessDeclared: _CLERK,
    RandomnessRevealed: _CLERK,
    PanelDrawn: _CLERK,
}

Tellers = Callable[[], Collection[str]]


def check(event: Event, tellers: Tellers) -> None:
    """Refuse a fact whose actor has no documented shape or may not record it. ``tellers``
    gives the charter's tellers (``teller:<name>``), asked only when a teller acts."""
    actor = parse(event.by)
    may = WHO_MAY_ACT.get(type(event), _CLERK)  # a class of no row (a test's old shape): the clerk
    for who in may:
        if _is(who, actor, event, tellers):
            return
    raise ActorRefused(
        f"{event.by} may not record {_act(event)}: only {_or([_whom(w, event) for w in may])} may"
    )


def check_all(events: Iterable[Event], tellers: Callable[[Event], Collection[str]]) -> None:
    """Check every fact; ``tellers(fact)`` gives the charter's tellers of its assembly."""
    for event in events:
        check(event, partial(tellers, event))


def voter(by: str, pseudonym: str) -> str:
    """Who records a member's vote when ``by`` keys in several: a teller or a member as
    themself record it as given (the rule decides if they may); anyone else (the clerk at the
    desk) keys in the member's own vote, recorded as ``member:<pseudonym>``."""
    role, _, _ = by.partition(":")
    if role in (Role.TELLER.value, Role.MEMBER.value):
        return by
    return member(pseudonym)


def _is(who: May, actor: Actor, event: Event, tellers: Tellers) -> bool:
    match who:
        case May.CLERK:
            return actor.role is Role.CLERK
        case May.EXECUTIVE:
            return actor.role is Role.EXECUTIVE
        case May.SELF:
            return actor.role is Role.MEMBER and actor.name == getattr(event, "member", None)
        case May.TELLER:
            return actor.role is Role.TELLER and str(actor) in tellers()


def _whom(who: May, event: Event) -> str:
    match who:
        case May.SELF:
            return f"{who.value} ({member(getattr(event, 'member', '…'))})"
        case May.CLERK:
            return f"{who.value} (clerk:<login>)"
        case May.TELLER:
            return f"{who.value} (teller:<name>)"
        case May.EXECUTIVE:
            return f"{who.value} (executive:<office>)"


_NOUNS: dict[type[Event], str] = {
    VoteCast: "vote",
    InvitationAccepted: "acceptance",
    InvitationDeclined: "decline",
    MemberWithdrew: "withdrawal",
    WorkingGroupChosen: "choice of a working group",
    AmendmentTabled: "amendment",
    AmendmentWithdrawn: "withdrawal of an amendment",
    AttendanceRecorded: "attendance",
    TrainingAttended: "attendance of a training",
}


def _act(event: Event) -> str:
    """The fact in words: "ele-007's vote", "the fact “session opened”"."""
    who = getattr(event, "member", None)
    noun = _NOUNS.get(type(event))
    if noun is not None and isinstance(who, str):
        return f"{who}'s {noun}"
    return f"the fact “{type(event).wire.split('.')[1].replace('_', ' ')}”"


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
