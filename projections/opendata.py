"""The open-data sets: the public read models, every column documented, no personal data.

Left out on purpose: members' pseudonyms (the roster, attendance of sessions and
trainings and votes per member, who tabled an amendment, the timeline's member
column), their criteria one by one (only counts per category value are
published), and who recorded each act (the timeline's ``by``). Experts heard in
public and trainers are named, as in the minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select

from projections import (
    amendments,
    attendance,
    ballots,
    composition,
    corrections,
    groups,
    recommendations,
)
from projections import timeline as tl
from projections import training as tr

Rows = list[dict[str, Any]]

ASSEMBLY = "the assembly's id (its record on the log)"
AT = "when, ISO 8601 in UTC"


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    columns: dict[str, str]  # name -> what it means
    rows: Callable[[Connection], Rows]


def _table(table: Table, columns: dict[str, str]) -> Callable[[Connection], Rows]:
    def rows(conn: Connection) -> Rows:
        query = select(*(table.c[c] for c in columns)).order_by(*table.primary_key.columns)
        return [dict(r) for r in conn.execute(query).mappings()]

    return rows


def _assemblies(conn: Connection) -> list[str]:
    query = select(composition.charter_seats.c.assembly_id).distinct()
    ids = set(conn.execute(query).scalars())
    ids |= set(conn.execute(select(groups.groups.c.assembly_id).distinct()).scalars())
    return sorted(ids)


def _composition(conn: Connection) -> Rows:
    out = []
    for aid in _assemblies(conn):
        found = composition.composition(conn, aid)
        for s in found["subpools"]:
            base = {"assembly_id": aid, "subpool": s["subpool"], "seats": s["seats"]}
            out.append(
                {
                    **base,
                    "category": None,
                    "value": None,
                    "seated": s["seated"],
                    "min": None,
                    "max": None,
                }
            )
            for c in s["categories"]:
                out.append(
                    {
                        **base,
                        "category": c["category"],
                        "value": c["value"],
                        "seated": c["seated"],
                        "min": c.get("min"),
                        "max": c.get("max"),
                    }
                )
    return out


def _sessions(conn: Connection) -> Rows:
    keep = list(SESSIONS)
    return [
        {k: r[k] if k != "agenda" else "; ".join(r[k]) for k in keep}
        for aid in _assemblies(conn)
        for r in attendance.session_list(conn, aid)
    ]


SESSIONS = {
    "assembly_id": ASSEMBLY,
    "session_id": "the session's id",
    "kind": "plenary or working-group",
    "working_group": "the working group's theme (working-group sessions)",
    "title": "the session's title",
    "starts_at": "when it was first scheduled to start, ISO 8601 in UTC",
    "postponed_to": "the start it was postponed to, ISO 8601 in UTC (empty if never postponed)",
    "postponed_reason": "why it was postponed",
    "cancelled_reason": "why it was cancelled (a cancelled session never sits)",
    "agenda": "agenda items, separated by '; '",
    "status": "scheduled, open, closed or cancelled",
    "opened_at": AT,
    "closed_at": AT,
    "minutes_sha256": "SHA-256 of the minutes document",
    "minutes_location": "where the minutes are published",
    "present": "members recorded present",
    "excused": "members recorded excused",
    "absent": "members recorded absent",
}


TRAININGS = {
    "assembly_id": ASSEMBLY,
    "training_id": "the training's id",
    "topic": "what it covered (public speaking, deciphering current events, ...)",
    "trainer": "who trained the members, as named in public",
    "starts_at": AT,
    "present": "members recorded present",
    "excused": "members recorded excused",
    "absent": "members recorded absent",
}


def _trainings(conn: Connection) -> Rows:
    return [
        {k: r[k] for k in TRAININGS}
        for aid in _assemblies(conn)
        for r in tr.training_list(conn, aid)
    ]


COMPOSITION = {
    "assembly_id": ASSEMBLY,
    "subpool": "the sub-pool (electoral-rolls, non-eu-residents, minors, ...)",
    "seats": "seats of the sub-pool (the draw's, else the charter's)",
    "category": "a stratification criterion (gender, age, ...); empty on the sub-pool's total row",
    "value": "the criterion's value",
    "seated": "members seated now",
    "min": "the draw's quota: at least (empty when no quota was committed)",
    "max": "the draw's quota: at most",
}
EXPERTS = {
    "position": "log position of the hearing",
    "assembly_id": ASSEMBLY,
    "session_id": "the session",
    "name": "the expert's name",
    "affiliation": "their organisation",
    "topic": "what they spoke on",
}
GROUP_SESSIONS = {
    "assembly_id": ASSEMBLY,
    "session_id": "the session",
    "theme": "the working group's theme",
    "title": "the session's title",
    "starts_at": "when it was first scheduled to start, ISO 8601 in UTC",
    "postponed_to": "the start it was postponed to, ISO 8601 in UTC (empty if never postponed)",
    "cancelled_reason": "why it was cancelled (a cancelled session never meets)",
}
BALLOTS = {
    "assembly_id": ASSEMBLY,
    "ballot_id": "the ballot's id",
    "session_id": "the session it was held in",
    "motion": "amendment, recommendation or mandate",
    "subject": "the amendment or recommendation decided (empty for a mandate)",
    "text": "the motion's text",
    "secrecy": "secret (only who took part is recorded) or roll-call",
    "threshold": "what it needed: simple-majority, absolute-majority, two-thirds, consensus",
    "status": "open or closed",
    "opened_at": AT,
    "closed_at": AT,
    "in_favour": "votes for",
    "against": "votes against",
    "abstentions": "abstentions",
    "seated": "members seated when it closed",
    "present": "members present at the session",
    "quorum_needed": "members present needed for the quorum",
    "quorum_met": "whether the quorum was met",
    "votes_cast": "votes cast as the rules count them",
    "needed": "votes for needed to adopt",
    "adopted": "whether the motion was adopted",
    "rule": "the rule as applied, in words",
}
AMENDMENTS = {
    "assembly_id": ASSEMBLY,
    "amendment_id": "the amendment's id",
    "recommendation_id": "the recommendation it amends",
    "base_version": "the text version it was tabled against",
    "sha256": "SHA-256 of the amended text",
    "text": "the recommendation's text as amended",
    "status": "tabled, voting, withdrawn, adopted, rejected or lapsed",
    "tabled_at": AT,
    "ballot_id": "the ballot that decided it",
    "decided_at": AT,
    "lapsed_because_of": "the adopted amendment that made it lapse",
}
RECOMMENDATIONS = {
    "assembly_id": ASSEMBLY,
    "recommendation_id": "the recommendation's id",
    "working_group": "the group that drafted it",
    "title": "its title",
    "stage": "draft, adopted, rejected, submitted, answered, presented to the Council, "
    "Council adopted/rejected",
    "version": "its current text version",
    "sha256": "SHA-256 of the current text",
    "drafted_at": AT,
    "ballot_id": "the ballot that adopted or rejected it",
    "decided_at": AT,
    "submission_id": "the submission to the executive",
    "response": "the executive's answer: accepted, partly-accepted, rejected",
    "response_reasons": "the executive's reasons",
    "responded_at": AT,
    "late": "whether the answer came after the deadline",
    "report_stage": "latest implementation report: planned, under-way, completed, abandoned",
    "report_summary": "what the latest report said",
    "reported_at": AT,
}
VERSIONS = {
    "assembly_id": ASSEMBLY,
    "recommendation_id": "the recommendation",
    "version": "1 for the draft, then one per adopted amendment",
    "sha256": "SHA-256 of the text",
    "text": "the text",
    "amendment_id": "the adopted amendment that produced it",
    "at": AT,
}
SUBMISSIONS = {
    "assembly_id": ASSEMBLY,
    "submission_id": "the submission's id",
    "submitted_at": AT,
    "deadline": "the executive's answer is due by (date)",
    "council_sitting": "the Council sitting it was presented at (date)",
    "instrument": "voeu or deliberation",
    "council_decision": "adopted or rejected",
    "council_reference": "the Council's deliberation number",
}
TIMELINE = {
    "position": "log position (JetStream stream sequence) of the act",
    "assembly_id": "the record: the assembly, or its draw",
    "at": AT,
    "kind": "the kind of act (from its wire name)",
    "summary": "the act in words (names no member)",
}

CORRECTIONS = {
    "position": "log position of the correction or annulment",
    "assembly_id": ASSEMBLY,
    "corrects": "log position of the fact corrected or annulled (its timeline line is marked)",
    "kind": "the kind of that fact",
    "action": "corrected or annulled",
    "field": "the field corrected (none for an annulment)",
    "value": "what the field now says (every data set shows it in place)",
    "reason": "why, in the clerk's words",
    "at": AT,
}


def _recommendations(conn: Connection) -> Rows:
    return [
        {k: r[k] for k in RECOMMENDATIONS}
        for aid in _assemblies(conn)
        for r in recommendations.recommendation_list(conn, aid)
    ]


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "composition",
        "The seated assembly per sub-pool and category value, against seats and quotas",
        COMPOSITION,
        _composition,
    ),
    Dataset("sessions", "Sessions and how many attended", SESSIONS, _sessions),
    Dataset(
        "experts", "Experts heard in public sessions", EXPERTS, _table(attendance.experts, EXPERTS)
    ),
    Dataset(
        "trainings",
        "The members' training: topic, trainer, and how many attended",
        TRAININGS,
        _trainings,
    ),
    Dataset(
        "working_group_sessions",
        "Working groups' sessions",
        GROUP_SESSIONS,
        _table(groups.group_sessions, GROUP_SESSIONS),
    ),
    Dataset(
        "ballots",
        "Every ballot: the motion, the tally, the quorum and the rule applied",
        BALLOTS,
        _table(ballots.ballots, BALLOTS),
    ),
    Dataset(
        "amendments",
        "Amendments and what became of them (who tabled them is left out)",
        AMENDMENTS,
        _table(amendments.amendments, AMENDMENTS),
    ),
    Dataset(
        "recommendations",
        "Recommendations and where each stands",
        RECOMMENDATIONS,
        _recommendations,
    ),
    Dataset(
        "recommendation_versions",
        "Every text version of every recommendation",
        VERSIONS,
        _table(recommendations.versions, VERSIONS),
    ),
    Dataset(
        "submissions",
        "Submissions to the executive and the Council",
        SUBMISSIONS,
        _table(recommendations.submissions, SUBMISSIONS),
    ),
    Dataset(
        "timeline",
        "The assembly's public timeline (single votes and attendance marks are counted elsewhere)",
        TIMELINE,
        _table(tl.timeline, TIMELINE),
    ),
    Dataset(
        "corrections",
        "Facts corrected or annulled, and why (the facts show their corrected values)",
        CORRECTIONS,
        _table(corrections.corrections, CORRECTIONS),
    ),
)
