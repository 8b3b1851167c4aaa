"""The public record, one view per page: plain data read from the read models only, the same
for the HTML page and its JSON twin. Each view is kept until the read models move on: the key
is the read models' log position, so a page reflects a new event as soon as they caught up.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from projections import (
    amendments,
    assemblies,
    attendance,
    ballots,
    composition,
    groups,
    recommendations,
    roster,
    timeline,
)
from projections.schema import positions
from services.adapters.readstore.database import reading
from services.application.portal.draw import draw_view
from services.application.portal.texts import differences

View = dict[str, Any]


class NotFound(LookupError):
    """No such assembly, recommendation, ... in the read models."""


class PublicRecord:
    """The read models, as pages read them; never writes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[tuple[Any, ...], View] = {}
        self._at = -1
        self._lock = threading.Lock()
        self._watch: Any = None  # the driver's own connection, for the position alone
        self._watching = threading.Lock()
        schema = engine.get_execution_options().get("schema_translate_map", {}).get(None)
        table = f'"{schema}".{positions.name}' if schema else positions.name
        self._asked = f"SELECT min(position) FROM {table}"  # noqa: S608 - our own names

    def position(self) -> int:
        """The log position every read model has reached (0 before any has): asked on every
        request, so on a connection of the driver's own kept for it (in autocommit, each
        question sees the last commit), without the pool's round."""
        with self._watching:
            for attempt in (1, 2):
                try:
                    if self._watch is None:
                        self._watch = self._connect()
                    cursor = self._watch.cursor()
                    try:
                        cursor.execute(self._asked)
                        reached = cursor.fetchone()[0]
                    finally:
                        cursor.close()
                    return int(reached or 0)
                except Exception:
                    self._forget()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def _connect(self) -> Any:
        raw = self.engine.raw_connection()
        driver = raw.driver_connection
        if self.engine.dialect.name == "postgresql":
            driver.autocommit = True  # type: ignore[union-attr]
        return raw

    def _forget(self) -> None:
        watch, self._watch = self._watch, None
        if watch is not None:
            with contextlib.suppress(SQLAlchemyError, OSError):  # dropped, whatever it says
                watch.invalidate()

    def close(self) -> None:
        with self._watching:
            self._forget()

    def view(self, name: str, *args: str) -> tuple[int, View]:
        """The view and the position it shows; computed once per position."""
        at = self.position()
        key = (name, *args)
        with self._lock:
            if at != self._at:
                self._cache.clear()
                self._at = at
            found = self._cache.get(key)
        if found is None:
            found = VIEWS[name](self, *args)
            with self._lock:
                if self._at == at:
                    self._cache[key] = found
        return at, found

    # The views ------------------------------------------------------------------------------

    def _assemblies(self) -> View:
        with reading(self.engine) as conn:
            rows = assemblies.assembly_list(conn)
        cohorts: dict[int, list[View]] = {}
        for r in rows:
            cohorts.setdefault(r["cohort"], []).append(_summary(r))
        return {"cohorts": [{"cohort": c, "assemblies": a} for c, a in cohorts.items()]}

    def _assembly(self, aid: str) -> View:
        with reading(self.engine) as conn:
            found = assemblies.assembly(conn, aid)
            if found is None:
                raise NotFound(aid)
            made = composition.composition(conn, aid)
            members = roster.members(conn, aid)
            sessions = attendance.session_list(conn, aid)
            voted = ballots.ballot_list(conn, aid)
            recs = recommendations.recommendation_list(conn, aid)
        charter = found["charter"]
        seated = sum(1 for m in members if m["status"] == "seated")
        return {
            **_summary(found),
            "themes": charter.get("themes", []),
            "rules": charter.get("rules", {}),
            "subpool_seats": charter.get("subpool_seats", {}),
            "vocabulary": charter.get("vocabulary", {}),
            "previous_cohort": found["previous_cohort"],
            "composition": made,
            "counts": {
                "seated": seated,
                "members": len(members),
                "sessions": len(sessions),
                "ballots": len(voted),
                "recommendations": len(recs),
            },
        }

    def _draw(self, aid: str) -> View:
        with reading(self.engine) as conn:
            found = assemblies.assembly(conn, aid)
            if found is None:
                raise NotFound(aid)
            drawn = draw_view(conn, aid, found["charter"])
            made = composition.composition(conn, aid)
        return {**_summary(found), "draw": drawn, "composition": made}

    def _members(self, aid: str) -> View:
        with reading(self.engine) as conn:
            found = _assembly_or_404(conn, aid)
            rows = roster.members(conn, aid)
            steps = conn.execute(
                select(roster.roster_history)
                .where(roster.roster_history.c.assembly_id == aid)
                .order_by(roster.roster_history.c.position)
            ).mappings()
            history: dict[str, list[View]] = {}
            for s in steps:
                history.setdefault(s["member"], []).append(
                    {"position": s["position"], "status": s["status"], "at": s["at"]}
                )
            working = groups.working_groups(conn, aid)
        members = [
            {
                "member": r["member"],
                "subpool": r["subpool"],
                "status": r["status"],
                "since": r["since"],
                "reserve_rank": r["reserve_rank"],
                "working_group": r["working_group"],
                "replaces": r["replaces"],
                "replaced_by": r["replaced_by"],
                "history": history.get(r["member"], []),
            }
            for r in rows
        ]
        counts: dict[str, int] = {}
        for m in members:
            counts[m["status"]] = counts.get(m["status"], 0) + 1
        replacements = [
            {
                "member": m["member"],
                "replaces": m["replaces"],
                "position": m["history"][-1]["position"] if m["history"] else None,
            }
            for m in members
            if m["replaces"]
        ]
        return {
            **_summary(found),
            "members": members,
            "counts": counts,
            "replacements": replacements,
            "groups": [
                {"theme": g["theme"], "members": g["members"], "sessions": len(g["sessions"])}
                for g in working
            ],
        }

    def _sessions(self, aid: str) -> View:
        with reading(self.engine) as conn:
            found = _assembly_or_404(conn, aid)
            rows = attendance.session_list(conn, aid)
            heard = attendance.experts_heard(conn, aid)
        experts: dict[str, list[View]] = {}
        for e in heard:
            experts.setdefault(e["session_id"], []).append(e)
        return {
            **_summary(found),
            "sessions": [
                {
                    **{k: v for k, v in r.items() if k != "assembly_id"},
                    "experts": experts.get(r["session_id"], []),
                }
                for r in rows
            ],
        }

    def _ballots(self, aid: str) -> View:
        with reading(self.engine) as conn:
            found = _assembly_or_404(conn, aid)
            rows = ballots.ballot_list(conn, aid)
        return {
            **_summary(found),
            "quorum": found["charter"].get("rules", {}).get("quorum"),
            "ballots": [{k: v for k, v in r.items() if k != "assembly_id"} for r in rows],
        }

    def _recommendations(self, aid: str) -> View:
        with reading(self.engine) as conn:
            found = _assembly_or_404(conn, aid)
            rows = recommendations.recommendation_list(conn, aid)
        return {
            **_summary(found),
            "recommendations": [_recommendation_row(r) for r in rows],
        }

    def _recommendation(self, aid: str, rid: str) -> View:
        with reading(self.engine) as conn:
            found = _assembly_or_404(conn, aid)
            rec = recommendations.recommendation(conn, aid, rid)
            if rec is None:
                raise NotFound(rid)
            tabled = [
                a for a in amendments.amendment_list(conn, aid) if a["recommendation_id"] == rid
            ]
            adopting = ballots.ballot(conn, aid, rec["ballot_id"]) if rec["ballot_id"] else None
        versions = []
        before = ""
        for v in rec["versions"]:
            versions.append(
                {
                    **{
                        k: v[k]
                        for k in ("version", "sha256", "text", "amendment_id", "at", "position")
                    },
                    "differences": differences(before, v["text"]) if before else [],
                }
            )
            before = v["text"]
        return {
            **_summary(found),
            "recommendation": {
                **_recommendation_row(rec),
                "versions": versions,
                "amendments": [
                    {
                        k: a[k]
                        for k in (
                            "amendment_id",
                            "member",
                            "base_version",
                            "status",
                            "tabled_at",
                            "decided_at",
                            "ballot_id",
                            "in_favour",
                            "against",
                            "abstentions",
                            "lapsed_because_of",
                        )
                    }
                    for a in tabled
                ],
                "ballot": None
                if adopting is None
                else {
                    k: v
                    for k, v in adopting.items()
                    if k not in ("assembly_id", "votes", "running_count")
                },
                "lifecycle": [
                    {
                        **{k: s[k] for k in ("position", "at", "stage", "detail")},
                        "words": None if s["words"] is None else json.loads(s["words"]),
                    }
                    for s in rec["lifecycle"]
                ],
                "positions": {s["stage"]: s["position"] for s in rec["lifecycle"]},
            },
        }

    def _timeline(self, aid: str) -> View:
        with reading(self.engine) as conn:
            found = _assembly_or_404(conn, aid)
            rows = timeline.entries(conn, aid)
        return {
            **_summary(found),
            "timeline": [
                {
                    **{k: r[k] for k in ("position", "at", "kind", "summary")},
                    "words": None if r["words"] is None else json.loads(r["words"]),
                }
                for r in rows
            ],
        }


def _assembly_or_404(conn: Any, aid: str) -> View:
    found = assemblies.assembly(conn, aid)
    if found is None:
        raise NotFound(aid)
    return found


def _summary(r: View) -> View:
    return {
        "assembly_id": r["assembly_id"],
        "name": r["name"],
        "cohort": r["cohort"],
        "term_start": r["term_start"],
        "term_end": r["term_end"],
        "seats": r["seats"],
        "phase": r["phase"],
        "phase_at": r["phase_at"],
        "phase_position": r["phase_position"],
        "convened_at": r["convened_at"],
        "convened_position": r["convened_position"],
        "draw_id": r["draw_id"],
        "draw_position": r["draw_position"],
    }


def _recommendation_row(r: View) -> View:
    sub = r.get("submission")
    return {
        "recommendation_id": r["recommendation_id"],
        "working_group": r["working_group"],
        "title": r["title"],
        "status": r["status"],
        "stage": r["stage"],
        "version": r["version"],
        "sha256": r["sha256"],
        "drafted_at": r["drafted_at"],
        "ballot_id": r["ballot_id"],
        "decided_at": r["decided_at"],
        "response": r["response"],
        "response_reasons": r["response_reasons"],
        "responded_at": r["responded_at"],
        "late": r["late"],
        "report_stage": r["report_stage"],
        "report_summary": r["report_summary"],
        "reported_at": r["reported_at"],
        "submission": None if sub is None else {k: v for k, v in sub.items() if k != "assembly_id"},
    }


VIEWS: dict[str, Callable[..., View]] = {
    "assemblies": PublicRecord._assemblies,
    "assembly": PublicRecord._assembly,
    "draw": PublicRecord._draw,
    "members": PublicRecord._members,
    "sessions": PublicRecord._sessions,
    "ballots": PublicRecord._ballots,
    "recommendations": PublicRecord._recommendations,
    "recommendation": PublicRecord._recommendation,
    "timeline": PublicRecord._timeline,
}
