"""Recommendation rules: drafted by a working group, amended by seated members, versioned."""

from __future__ import annotations

import hashlib
from uuid import UUID

from core.assembly.charter import Phase, theme_of
from core.assembly.convening.rules import within_term
from core.assembly.recommendations.commands import (
    DraftRecommendation,
    TableAmendment,
    WithdrawAmendment,
)
from core.assembly.recommendations.facts import (
    AmendmentTabled,
    AmendmentWithdrawn,
    RecommendationDrafted,
)
from core.assembly.recommendations.model import (
    Amendment,
    AmendmentStatus,
    Recommendation,
    RecommendationStatus,
)
from core.assembly.sittings.rules import require_seated
from core.assembly.state import Assembly, next_of
from core.errors import DomainError
from core.time_order import after, utc


class RecommendationRefused(DomainError):
    rule = "recommendations"


class AmendmentRefused(DomainError):
    rule = "amendments"


def text_hash(text: str) -> str:
    """A text version is recorded by the SHA-256 of its UTF-8 bytes (and the text itself)."""
    return hashlib.sha256(text.encode()).hexdigest()


def recommendation_of(assembly: Assembly, rid: UUID) -> Recommendation:
    found = assembly.recommendations.get(rid)
    if found is None:
        raise RecommendationRefused(f"no recommendation {rid} in {assembly.charter.name!r}")
    return found


def amendment_of(assembly: Assembly, aid: UUID) -> Amendment:
    found = assembly.amendments.get(aid)
    if found is None:
        raise AmendmentRefused(f"no amendment {aid} in {assembly.charter.name!r}")
    return found


def draft(assembly: Assembly, cmd: DraftRecommendation) -> RecommendationDrafted:
    """A working group drafts in the recommendations phase."""
    rid, group, title = cmd.recommendation_id, cmd.group, cmd.title
    text, at, by = cmd.text, cmd.at, cmd.by
    within_term(assembly, at)
    if assembly.phase is not Phase.RECOMMENDATIONS:
        raise RecommendationRefused(
            "recommendations are drafted in the recommendations phase; "
            f"the phase is {assembly.phase.value if assembly.phase else 'none yet'}"
        )
    theme = theme_of(assembly.charter, group)
    if theme is None:
        raise RecommendationRefused(
            f"{group!r} is not a working group: {', '.join(assembly.charter.themes)}"
        )
    after(
        at,
        assembly.phase_opened_at,
        act=f"{title!r} cannot be drafted",
        fact="the recommendations phase opened",
        because="recommendations are drafted in the recommendations phase",
    )
    if rid in assembly.recommendations:
        raise RecommendationRefused(f"recommendation {rid} already exists")
    if not text.strip() or not title.strip():
        raise RecommendationRefused("a recommendation needs a title and a text")
    return RecommendationDrafted(
        **next_of(assembly),
        at=at,
        by=by,
        recommendation=rid,
        group=theme,
        title=title,
        text=text,
        sha256=text_hash(text),
    )


def table(assembly: Assembly, cmd: TableAmendment) -> AmendmentTabled:
    """A seated member proposes a new text for a draft; no amendment to an adopted text."""
    aid, rid, member = cmd.amendment_id, cmd.recommendation_id, cmd.member
    text, at, by = cmd.text, cmd.at, cmd.by
    within_term(assembly, at)
    require_seated(assembly, member, "table an amendment", at)
    rec = recommendation_of(assembly, rid)
    if rec.status is not RecommendationStatus.DRAFT:
        raise AmendmentRefused(
            f"{rec.title!r} is {rec.status.value}: its text can no longer be amended"
        )
    if rec.vote_opened_at is not None:
        raise AmendmentRefused(
            f"the vote on {rec.title!r} opened at {utc(rec.vote_opened_at)}: "
            "amendments come before the vote on their text"
        )
    after(
        at,
        rec.current.at,
        act=f"an amendment to {rec.title!r} cannot be tabled",
        fact=f"the text it amends (version {rec.current.number}) was recorded",
        because="an amendment comes after the text it amends",
    )
    if aid in assembly.amendments:
        raise AmendmentRefused(f"amendment {aid} already exists")
    if text_hash(text) == rec.current.sha256:
        raise AmendmentRefused(f"the amendment would leave {rec.title!r} unchanged")
    return AmendmentTabled(
        **next_of(assembly),
        at=at,
        by=by,
        amendment=aid,
        recommendation=rid,
        member=member,
        text=text,
        sha256=text_hash(text),
        base_version=rec.current.number,
    )


def withdraw(assembly: Assembly, cmd: WithdrawAmendment) -> AmendmentWithdrawn:
    """Only its author withdraws an amendment, and only before voting on it starts."""
    aid, member, at, by = cmd.amendment_id, cmd.member, cmd.at, cmd.by
    within_term(assembly, at)
    amendment = amendment_of(assembly, aid)
    after(
        at,
        amendment.tabled_at,
        act=f"amendment {aid} cannot be withdrawn",
        fact="it was tabled",
        because="an amendment is withdrawn after it is tabled",
    )
    if amendment.member != member:
        raise AmendmentRefused(
            f"amendment {aid} is {amendment.member}'s; {member} cannot withdraw it"
        )
    if amendment.status is not AmendmentStatus.TABLED:
        started = (
            " (voting on it has started)" if amendment.status is AmendmentStatus.VOTING else ""
        )
        raise AmendmentRefused(
            f"amendment {aid} is {amendment.status.value}{started}: too late to withdraw"
        )
    return AmendmentWithdrawn(**next_of(assembly), at=at, by=by, amendment=aid, member=member)
