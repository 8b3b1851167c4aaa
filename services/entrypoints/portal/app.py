"""The portal's web application (Litestar): every page in HTML and its JSON twin under /api,
conditional requests by the log position, the OpenAPI document at /schema/openapi.json.

A page is made once per log position and language: its view comes from the read models
(services/application/portal/record.py), its HTML is rendered once and kept with that
position, so a busy page costs a position check and a copy. Its ETag is the position: a
client that has it gets 304 until the read models move on.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
from anyio import to_thread
from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, MediaType, Request, Response, get
from litestar.config.cors import CORSConfig
from litestar.exceptions import HTTPException, NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.params import FromPath
from litestar.static_files import create_static_files_router
from markupsafe import Markup, escape

from projections.opendata import DATASETS
from services.adapters.eventstore.records import H_ID, H_TOPIC, H_VERSION
from services.adapters.readstore.database import reading
from services.application.audit.proofs import Proof
from services.application.portal.proofs import NoProof, Proved, PublishedLog
from services.application.portal.record import NotFound, PublicRecord
from services.application.tiles.files import is_url
from services.entrypoints.portal import api, charts, i18n, words
from services.entrypoints.portal.labels import labeller

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
TEMPLATES = {
    "assemblies": "assemblies.html",
    "assembly": "assembly.html",
    "draw": "draw.html",
    "members": "members.html",
    "sessions": "sessions.html",
    "ballots": "ballots.html",
    "recommendations": "recommendations.html",
    "recommendation": "recommendation.html",
    "timeline": "timeline.html",
    "proof": "proof.html",
    "error": "error.html",
}
NAMING = frozenset({"timeline", "recommendation"})  # pages whose lines name other records
SECTIONS = ("assembly", "draw", "members", "sessions", "ballots", "recommendations", "timeline")
_json = msgspec.json.Encoder()


def environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    translations = i18n.translations(language)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        language=language,
        label=labeller(language),
        punct=lambda mark: i18n.punctuation(mark, language),
        bars=lambda *rows, **options: charts.bars(
            *rows,
            figure=lambda v: i18n.number(v, language, 0 if float(v).is_integer() else 4),
            **options,
        ),
        say=words.sayer(language),
        sections=SECTIONS,
    )
    env.filters.update(
        moment=lambda v: i18n.moment(v, language),
        day=lambda v: i18n.day(v, language),
        number=lambda v, digits=0: i18n.number(v, language, digits),
        percent=lambda v: i18n.percent(v, language),
        short=lambda v: (v or "")[:8],
        first_up=lambda v: v[:1].upper() + v[1:],  # a label as a heading: « Listes électorales »
        commands=_commands,
        histogram_rows=lambda hist: [
            (
                f"{i18n.percent(h['from'], language)} {i18n.NOTHING} "
                f"{i18n.percent(h['to'], language)}",
                h["count"],
                None,
                None,
            )
            for h in hist
        ],
        quota_rows=lambda rows, label: [
            (
                f"{label(q['category'])}{i18n.punctuation(':', language)} "
                f"{label(q['value'], q['category'])}",
                q["drawn"],
                q["min"],
                q["max"],
            )
            for q in rows
        ],
    )
    return env


def _commands(text: str) -> Markup:
    """A sentence with its `commands` set as code (the rest escaped)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))  # noqa: S704 - escaped first


class Portal:
    """The pages, rendered once per log position and language."""

    def __init__(self, record: PublicRecord | None, published: PublishedLog | None = None) -> None:
        self._record = record
        self.published = published
        self.envs = {language: environment(language) for language in i18n.LANGUAGES}
        self._pages: dict[tuple[Any, ...], bytes] = {}
        self._at = -1
        self._lock = threading.Lock()

    @property
    def record(self) -> PublicRecord:
        if self._record is None:
            raise RuntimeError("this portal was built to describe its API, not to serve it")
        return self._record

    def _cached(self, at: int, key: tuple[Any, ...]) -> bytes | None:
        with self._lock:
            if at != self._at:
                self._pages.clear()
                self._at = at
            return self._pages.get(key)

    def _keep(self, at: int, key: tuple[Any, ...], content: bytes) -> None:
        with self._lock:
            if self._at == at:
                self._pages[key] = content

    async def html(self, request: Request[Any, Any, Any], name: str, *args: str) -> Response[bytes]:
        """The page: from the cache in the event loop (one position check), else made in a
        worker thread."""
        language, asked = i18n.chosen(request.query_params.get("lang"), _accept(request))
        at = self.record.position()
        tag = _tag(at, language, asked)
        if _fresh(request, tag):
            return _not_modified(tag)
        key = (name, args, language, asked)
        found = self._cached(at, key)
        if found is not None:
            return _page(found, MediaType.HTML, tag, vary=True)
        path = request.url.path
        at, content = await to_thread.run_sync(
            lambda: self._render(name, args, language, asked, path)
        )
        return _page(content, MediaType.HTML, _tag(at, language, asked), vary=True)

    def _render(
        self, name: str, args: tuple[str, ...], language: str, asked: bool, path: str
    ) -> tuple[int, bytes]:
        at, view = self.record.view(name, *args)
        link = _linker(language if asked else None)
        page = (
            self.envs[language]
            .get_template(TEMPLATES[name])
            .render(
                view=view,
                position=at,
                page=name,
                path=path,
                link=link,
                names=self._names(args[0], link) if name in NAMING else {},
                other=_other(language, path),
                api=f"/api{path if path != '/' else '/assemblies'}",
            )
            .encode()
        )
        self._keep(at, (name, args, language, asked), page)
        return at, page

    def _names(self, aid: str, link: Callable[[str], str]) -> words.Names:
        """The records a page's lines name by id, with their titles and links: sessions,
        ballots and recommendations (an amendment keeps its short id)."""
        base = f"/assemblies/{aid}"
        sessions = self.record.view("sessions", aid)[1]["sessions"]
        ballots = self.record.view("ballots", aid)[1]["ballots"]
        recommendations = self.record.view("recommendations", aid)[1]["recommendations"]
        names: dict[str, tuple[str, str]] = {}
        for s in sessions:
            names[s["session_id"]] = (
                s["title"],
                f"{link(base + '/sessions')}#session-{s['session_id']}",
            )
        for b in ballots:
            names[b["ballot_id"]] = (
                b["text"],
                f"{link(base + '/ballots')}#ballot-{b['ballot_id']}",
            )
        for r in recommendations:
            rid = r["recommendation_id"]
            names[rid] = (r["title"], link(f"{base}/recommendations/{rid}"))
        return names

    async def json(self, request: Request[Any, Any, Any], name: str, *args: str) -> Response[Any]:
        at = self.record.position()
        tag = f'"p{at}"'
        if _fresh(request, tag):
            return _not_modified(tag)
        key = ("json", name, args)
        found = self._cached(at, key)
        if found is not None:
            return _page(found, MediaType.JSON, tag)
        at, content = await to_thread.run_sync(lambda: self._encode(name, args))
        return _page(content, MediaType.JSON, f'"p{at}"')

    def _encode(self, name: str, args: tuple[str, ...]) -> tuple[int, bytes]:
        at, view = self.record.view(name, *args)
        content = _json.encode({"position": at, **view})
        self._keep(at, ("json", name, args), content)
        return at, content

    def proved(self, seq: str) -> Proved:
        """The proof of log position ``seq`` from the published tiles (``NoProof`` says why
        there is none, ``BadPosition`` that ``seq`` is no position)."""
        try:
            n = int(seq) if seq.isdigit() and seq.isascii() else -1
        except ValueError:  # more digits than Python reads
            n = -1
        if n < 0:
            raise BadPosition(seq)
        if self.published is None:
            raise NoProof("none", n)
        return self.published.prove(n)

    async def proof_page(self, request: Request[Any, Any, Any], seq: str) -> Response[bytes]:
        language, asked = i18n.chosen(request.query_params.get("lang"), _accept(request))
        found = await to_thread.run_sync(lambda: self.proved(seq))
        tag = f'{found.tag[:-1]}-{language}{"-s" if asked else ""}"'
        if _fresh(request, tag):
            return _not_modified(tag)
        p = found.proof
        headers = dict(p.headers)
        view = {
            "proof": p,
            "topic": headers.get(H_TOPIC),
            "record": headers.get(H_ID),
            "version": headers.get(H_VERSION),
            "tiles": _mirror(self.published),
        }
        page = self.render(request, "proof", view, language, asked, api=f"/api/proofs/{p.seq}")
        return _page(page, MediaType.HTML, tag, vary=True)

    def render(
        self,
        request: Request[Any, Any, Any],
        name: str,
        view: dict[str, Any],
        language: str,
        asked: bool,
        *,
        api: str,
        position: int | None = None,
    ) -> bytes:
        path = request.url.path
        return (
            self.envs[language]
            .get_template(TEMPLATES[name])
            .render(
                view=view,
                position=position,
                page=name,
                path=path,
                link=_linker(language if asked else None),
                other=_other(language, path),
                api=api,
            )
            .encode()
        )


def _mirror(published: PublishedLog | None) -> str | None:
    """Where readers find the tiles a proof comes from: /log/ here, or the URL they are at."""
    if published is None:
        return None
    return published.where if is_url(published.where) else "/log/"


class BadPosition(ValueError):
    """A log position that is not one (not a whole number)."""


def _tag(at: int, language: str, asked: bool) -> str:
    return f'"p{at}-{language}{"-s" if asked else ""}"'


def _accept(request: Request[Any, Any, Any]) -> str | None:
    return request.headers.get("accept-language")


def _fresh(request: Request[Any, Any, Any], tag: str) -> bool:
    asked = request.headers.get("if-none-match")
    if not asked:
        return False
    return any(t.strip().removeprefix("W/") in (tag, "*") for t in asked.split(","))


def _not_modified(tag: str) -> Response[bytes]:
    return Response(content=b"", status_code=304, headers={"ETag": tag})


def _page(content: bytes, media: MediaType, tag: str, *, vary: bool = False) -> Response[Any]:
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if vary:
        headers["Vary"] = "Accept-Language"
    return Response(content=content, media_type=media, headers=headers)


def _linker(language: str | None) -> Callable[[str], str]:
    """Links that keep the language the reader switched to (no cookie, no JavaScript)."""
    if language is None:
        return lambda path: path
    return lambda path: f"{path}{'&' if '?' in path else '?'}lang={language}"


def _other(language: str, path: str) -> dict[str, str]:
    other = "en" if language == "fr" else "fr"
    return {"language": other, "href": f"{path}?lang={other}"}


def _portal(request: Request[Any, Any, Any]) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


# The pages --------------------------------------------------------------------------------

A = "/assemblies/{assembly_id:str}"


@get("/", include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Response[bytes]:
    return await _portal(request).html(request, "assemblies")


def _html_route(path: str, name: str) -> Any:
    @get(path, include_in_schema=False, name=f"html-{name}")
    async def page(request: Request[Any, Any, Any]) -> Response[bytes]:
        params = request.path_params
        args = [params[k] for k in ("assembly_id", "recommendation_id") if k in params]
        return await _portal(request).html(request, name, *args)

    return page


@get("/proofs/{seq:str}", include_in_schema=False)
async def proof_page(request: Request[Any, Any, Any], seq: FromPath[str]) -> Response[bytes]:
    return await _portal(request).proof_page(request, seq)


HTML = [
    home,
    proof_page,
    _html_route(A, "assembly"),
    _html_route(f"{A}/draw", "draw"),
    _html_route(f"{A}/members", "members"),
    _html_route(f"{A}/sessions", "sessions"),
    _html_route(f"{A}/ballots", "ballots"),
    _html_route(f"{A}/recommendations", "recommendations"),
    _html_route(f"{A}/recommendations/{{recommendation_id:str}}", "recommendation"),
    _html_route(f"{A}/timeline", "timeline"),
]


# The JSON API, typed for OpenAPI ----------------------------------------------------------


@get("/api/assemblies", tags=["assemblies"])
async def api_assemblies(request: Request[Any, Any, Any]) -> Response[api.AssembliesPage]:
    """Every assembly, by cohort (newest first)."""
    return await _portal(request).json(request, "assemblies")


@get(f"/api{A}", tags=["assemblies"])
async def api_assembly(
    request: Request[Any, Any, Any], assembly_id: FromPath[str]
) -> Response[api.AssemblyPage]:
    """One assembly: its charter, the rules it runs by, its phase, seats and quotas."""
    return await _portal(request).json(request, "assembly", assembly_id)


@get(f"/api{A}/draw", tags=["assemblies"])
async def api_draw(
    request: Request[Any, Any, Any], assembly_id: FromPath[str]
) -> Response[api.DrawPage]:
    """The draw: ceremony, randomness, seed, lotteries, probabilities, and whether it verifies."""
    return await _portal(request).json(request, "draw", assembly_id)


@get(f"/api{A}/members", tags=["assemblies"])
async def api_members(
    request: Request[Any, Any, Any], assembly_id: FromPath[str]
) -> Response[api.MembersPage]:
    """The members by pseudonym and status, replacements, working groups."""
    return await _portal(request).json(request, "members", assembly_id)


@get(f"/api{A}/sessions", tags=["assemblies"])
async def api_sessions(
    request: Request[Any, Any, Any], assembly_id: FromPath[str]
) -> Response[api.SessionsPage]:
    """The sessions: agenda, experts heard, attendance counts, minutes."""
    return await _portal(request).json(request, "sessions", assembly_id)


@get(f"/api{A}/ballots", tags=["assemblies"])
async def api_ballots(
    request: Request[Any, Any, Any], assembly_id: FromPath[str]
) -> Response[api.BallotsPage]:
    """Every ballot: tally, quorum, threshold, the rule as applied."""
    return await _portal(request).json(request, "ballots", assembly_id)


@get(f"/api{A}/recommendations", tags=["assemblies"])
async def api_recommendations(
    request: Request[Any, Any, Any], assembly_id: FromPath[str]
) -> Response[api.RecommendationsPage]:
    """Every recommendation and the stage it has reached."""
    return await _portal(request).json(request, "recommendations", assembly_id)


@get(f"/api{A}/recommendations/{{recommendation_id:str}}", tags=["assemblies"])
async def api_recommendation(
    request: Request[Any, Any, Any], assembly_id: FromPath[str], recommendation_id: FromPath[str]
) -> Response[api.RecommendationPage]:
    """One recommendation: its versions and their differences, amendments, ballot, follow-up."""
    return await _portal(request).json(request, "recommendation", assembly_id, recommendation_id)


@get(f"/api{A}/timeline", tags=["assemblies"])
async def api_timeline(
    request: Request[Any, Any, Any], assembly_id: FromPath[str]
) -> Response[api.TimelinePage]:
    """The public timeline, in log order."""
    return await _portal(request).json(request, "timeline", assembly_id)


@get("/api/proofs/{seq:str}", tags=["proofs"])
async def api_proof(request: Request[Any, Any, Any], seq: FromPath[str]) -> Response[Proof]:
    """The inclusion proof of the fact at log position ``seq`` in the checkpoint the published
    log serves, exactly as ``assembly audit prove SEQ`` prints it: save it, and
    ``assembly audit check-proof FILE --trust VKEY`` checks it offline. 404 when the published
    log does not cover ``seq`` yet, 400 when ``seq`` is not a position."""
    portal = _portal(request)
    found = await to_thread.run_sync(lambda: portal.proved(seq))
    if _fresh(request, found.tag):
        unchanged: Response[Any] = _not_modified(found.tag)
        return unchanged
    response: Response[Any] = _page(found.json, MediaType.JSON, found.tag)
    response.headers["Content-Disposition"] = f'attachment; filename="fact-{found.proof.seq}.json"'
    return response


@get("/open-data/{name:str}", sync_to_thread=True, tags=["open data"])
def open_data(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    """An open-data set (``assembly export open-data``'s), as CSV (``.csv``) or JSON (``.json``)."""
    stem, _, kind = name.rpartition(".")
    found = next((d for d in DATASETS if d.name == stem), None)
    if found is None or kind not in ("csv", "json"):
        raise NotFound(name)
    record = _portal(request).record
    with reading(record.engine) as conn:
        rows = found.rows(conn)
    if kind == "json":
        return Response(content=_json.encode(rows), media_type=MediaType.JSON)
    return Response(content=_csv(found.columns, rows), media_type="text/csv; charset=utf-8")


def _csv(columns: dict[str, str], rows: list[dict[str, Any]]) -> bytes:
    import csv  # noqa: PLC0415 - only for this download
    import io  # noqa: PLC0415

    from services.application.spreadsheet import safe_cell  # noqa: PLC0415

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(columns))
    for r in rows:
        writer.writerow(
            [
                "" if r[c] is None else safe_cell(r[c]) if isinstance(r[c], str) else r[c]
                for c in columns
            ]
        )
    return out.getvalue().encode()


def problem(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """What the record does not hold, or an address that is not one: a page in the reader's
    language (French first) with one clear sentence, or a JSON problem under /api."""
    status, title, sentence, values = _problem(error)
    if request.url.path.startswith(("/api/", "/open-data/", "/schema")):
        body = _json.encode(api.Problem(status=status, detail=sentence % values))
        return Response(content=body, status_code=status, media_type=MediaType.JSON)
    language, asked = i18n.chosen(request.query_params.get("lang"), _accept(request))
    gettext = i18n.translations(language).gettext
    view = {"title": gettext(title), "sentence": gettext(sentence) % values}
    page = _portal(request).render(request, "error", view, language, asked, api="")
    return Response(content=page, status_code=status, media_type=MediaType.HTML)


def _problem(error: Exception) -> tuple[int, str, str, dict[str, Any]]:
    if isinstance(error, BadPosition):
        return (
            400,
            i18n.N_("Not a log position"),
            i18n.N_(
                "“%(seq)s” is not a log position: a position is a whole number, as in /proofs/1234."
            ),
            {"seq": str(error)[:40]},
        )
    if isinstance(error, NoProof) and error.reason == "none":
        return (
            404,
            i18n.N_("No proof here"),
            i18n.N_(
                "This portal was not given the published log, so it cannot give the proof of "
                "fact #%(seq)s here; `assembly audit prove %(seq)s` gives it from the log."
            ),
            {"seq": error.seq},
        )
    if isinstance(error, NoProof) and error.reason == "unpublished":
        return (
            404,
            i18n.N_("No proof yet"),
            i18n.N_(
                "No checkpoint of the log has been published yet: fact #%(seq)s will have its "
                "proof once one is."
            ),
            {"seq": error.seq},
        )
    if isinstance(error, NoProof) and error.reason == "beyond":
        return (
            404,
            i18n.N_("No proof yet"),
            i18n.N_(
                "The published log covers the facts #1 to #%(size)s: fact #%(seq)s has no proof "
                "yet, and will have one once the next checkpoint is published."
            ),
            {"seq": error.seq, "size": error.detail},
        )
    if isinstance(error, NoProof):
        log.warning("the published log cannot be read: %s", error)
        return (
            503,
            i18n.N_("The published log cannot be read"),
            i18n.N_("The published log cannot be read at the moment: try again later."),
            {},
        )
    if isinstance(error, NotFound | NotFoundException):
        return (
            404,
            i18n.N_("Not in the record"),
            i18n.N_(
                "Nothing in the record answers to this address: check it, or start from the "
                "list of assemblies."
            ),
            {},
        )
    status = getattr(error, "status_code", 500)
    log.error("the portal failed on a request", exc_info=error if status >= 500 else None)
    return (
        status,
        i18n.N_("This page cannot be shown"),
        i18n.N_("This page cannot be shown (error %(status)s): try again later."),
        {"status": status},
    )


class _Portal(Litestar):
    """Litestar, answering HEAD as GET without the body (the same status and headers, the
    Content-Length of the page): link checkers, caches and monitors ask HEAD first."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await super().__call__(scope, receive, send)

        async def headers_only(message: Any) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        as_get: Any = {**scope, "method": "GET"}
        return await super().__call__(as_get, receive, headers_only)


def create_app(
    record: PublicRecord | None,
    static: tuple[Path, ...] = (),
    published: PublishedLog | None = None,
) -> Litestar:
    """The application over these read models (None: only to write its OpenAPI document);
    ``static``: folders served under /static besides the portal's own (the bench's file);
    ``published``: the log's tiles (`assembly log publish`) the facts' proofs come from, also
    served under /log/ when they are a directory, for `audit verify --tiles URL/log/`."""
    tiles = (
        [create_static_files_router(path="/log", directories=[published.where], name="tiles")]
        if published is not None and not is_url(published.where)
        else []
    )
    app = _Portal(
        route_handlers=[
            *HTML,
            api_assemblies,
            api_assembly,
            api_draw,
            api_members,
            api_sessions,
            api_ballots,
            api_recommendations,
            api_recommendation,
            api_timeline,
            api_proof,
            open_data,
            create_static_files_router(path="/static", directories=[HERE / "static", *static]),
            *tiles,
        ],
        exception_handlers={
            NotFound: problem,
            NoProof: problem,
            BadPosition: problem,
            HTTPException: problem,
            Exception: problem,
        },
        # A public record: any page elsewhere may read it (the JS verifier's page reading the
        # tiles at /log/, a newsroom's chart reading the API); nothing is sent with credentials.
        cors_config=CORSConfig(
            allow_origins=["*"], allow_methods=["GET", "HEAD"], allow_credentials=False
        ),
        openapi_config=OpenAPIConfig(
            title="Assembly Record: the public record",
            version="1",
            description="The public record of the assembly, read-only: every page of the portal "
            "as JSON. Each document carries the log position it shows, and is its ETag.",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
        ),
    )
    app.state.portal = Portal(record, published)
    return app


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the JSON API, as served at /schema/openapi.json."""
    document: dict[str, Any] = create_app(None).openapi_schema.to_schema()
    return document
