"""The JSON API's documents, typed so that Litestar writes the OpenAPI description from them:
each page's JSON twin is the view the page is made from, with the log position it shows."""

from __future__ import annotations

from typing import Any

import msgspec


class Summary(msgspec.Struct, kw_only=True):
    """The assembly a page is about; each ``*_position`` is the log position of the fact."""

    position: int  # the log position the read models had reached for this document
    assembly_id: str
    name: str
    cohort: int
    term_start: str
    term_end: str
    seats: int
    phase: str | None
    phase_at: str | None
    phase_position: int | None
    convened_at: str
    convened_position: int
    draw_id: str | None
    draw_position: int | None


class Cohort(msgspec.Struct, kw_only=True):
    cohort: int
    assemblies: list[dict[str, Any]]


class AssembliesPage(msgspec.Struct, kw_only=True):
    position: int
    cohorts: list[Cohort]


class AssemblyPage(Summary, kw_only=True):
    themes: list[str]
    rules: dict[str, Any]
    subpool_seats: dict[str, int]
    vocabulary: dict[str, Any]
    previous_cohort: str | None
    composition: dict[str, Any]
    counts: dict[str, int]


class DrawPage(Summary, kw_only=True):
    draw: dict[str, Any] | None  # None: the panel was drawn elsewhere, no draw on this log
    composition: dict[str, Any]


class MembersPage(Summary, kw_only=True):
    members: list[dict[str, Any]]  # pseudonyms and standing only: never personal data
    counts: dict[str, int]
    replacements: list[dict[str, Any]]
    groups: list[dict[str, Any]]


class SessionsPage(Summary, kw_only=True):
    sessions: list[dict[str, Any]]


class BallotsPage(Summary, kw_only=True):
    quorum: str | None
    ballots: list[dict[str, Any]]


class RecommendationsPage(Summary, kw_only=True):
    recommendations: list[dict[str, Any]]


class RecommendationPage(Summary, kw_only=True):
    recommendation: dict[str, Any]


class TimelinePage(Summary, kw_only=True):
    timeline: list[dict[str, Any]]


class Problem(msgspec.Struct, kw_only=True):
    status: int
    detail: str
