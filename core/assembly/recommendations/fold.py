"""How a recommendation's facts change the assembly's state: drafted, amended, decided."""

from __future__ import annotations

from typing import Any

import msgspec

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
from core.assembly.recommendations.model import (
    Amendment,
    AmendmentStatus,
    Recommendation,
    RecommendationStatus,
    TextVersion,
)
from core.assembly.state import Assembly, Folds, put, touch
from core.events import Event


def with_recommendation(a: Assembly, e: Event, rid: Any, **changes: Any) -> Assembly:
    new = msgspec.structs.replace(a.recommendations[rid], **changes)
    return touch(a, e, recommendations=put(a.recommendations, rid, new))


def with_amendment(a: Assembly, e: Event, aid: Any, **changes: Any) -> Assembly:
    new = msgspec.structs.replace(a.amendments[aid], **changes)
    return touch(a, e, amendments=put(a.amendments, aid, new))


def drafted(e: RecommendationDrafted, a: Assembly) -> Assembly:
    first = TextVersion(number=1, sha256=e.sha256, text=e.text, at=e.at)
    rec = Recommendation(id=e.recommendation, group=e.group, title=e.title, versions=(first,))
    return touch(a, e, recommendations=put(a.recommendations, e.recommendation, rec))


def tabled(e: AmendmentTabled, a: Assembly) -> Assembly:
    amendment = Amendment(
        id=e.amendment,
        recommendation=e.recommendation,
        member=e.member,
        text=e.text,
        sha256=e.sha256,
        base_version=e.base_version,
        tabled_at=e.at,
    )
    a = touch(a, e, amendments=put(a.amendments, e.amendment, amendment))
    rec = a.recommendations[e.recommendation]
    return with_recommendation(a, e, rec.id, amendments=(*rec.amendments, e.amendment))


def _decided(status: AmendmentStatus) -> Any:
    def fold(e: Any, a: Assembly) -> Assembly:
        return with_amendment(a, e, e.amendment, status=status, decided_at=e.at)

    return fold


def revised(e: RecommendationRevised, a: Assembly) -> Assembly:
    rec = a.recommendations[e.recommendation]
    version = TextVersion(
        number=e.version, sha256=e.sha256, text=e.text, amendment=e.amendment, at=e.at
    )
    return with_recommendation(a, e, rec.id, versions=(*rec.versions, version))


def adopted(e: RecommendationAdopted, a: Assembly) -> Assembly:
    return with_recommendation(
        a, e, e.recommendation, status=RecommendationStatus.ADOPTED, adopted_at=e.at
    )


def rejected(e: RecommendationRejected, a: Assembly) -> Assembly:
    return with_recommendation(a, e, e.recommendation, status=RecommendationStatus.REJECTED)


FOLDS: Folds = {
    RecommendationDrafted: drafted,
    AmendmentTabled: tabled,
    AmendmentWithdrawn: _decided(AmendmentStatus.WITHDRAWN),
    AmendmentAdopted: _decided(AmendmentStatus.ADOPTED),
    AmendmentLapsed: _decided(AmendmentStatus.LAPSED),
    AmendmentRejected: _decided(AmendmentStatus.REJECTED),
    RecommendationRevised: revised,
    RecommendationAdopted: adopted,
    RecommendationRejected: rejected,
}
