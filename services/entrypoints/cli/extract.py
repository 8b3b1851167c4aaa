"""The Babel extractor of the ``cli`` domain (``make cli-catalogue``; never imported at run time).

Besides the ``_()``, ``N_()`` and ``ngettext()`` calls Babel's own extractor finds, it takes
what click shows but no call marks: the docstrings of commands and groups (their help), the
``help=``, ``show_default=`` and ``epilog=`` texts of decorators; and, in core, the texts its
rules raise and the audit's findings (what a violation expected and found), each f-string
as a template whose placeholders name the facts
(``f"no ballot {bid} in {assembly.charter.name!r}"`` is ``no ballot {bid} in {name}``), which
services.entrypoints.cli.refusals matches when a refusal is shown.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.extract import extract_python

Found = tuple[Any, ...]  # (line, function, message, comments), as Babel reads them
_KEYWORDS = ("help", "show_default", "epilog")


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Found]:
    source = fileobj.read()
    name = str(getattr(fileobj, "name", ""))
    tree = ast.parse(source)
    if "/projections/" in Path(name).resolve().as_posix():
        fileobj.seek(0)
        yield from _worded(extract_python(fileobj, keywords, comment_tags, options))  # type: ignore[arg-type]
        return
    if _outside_the_cli(name):
        yield from _raised(tree)
        yield from _named(tree)
        return
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    yield from _shown(tree)
    yield from _raised(tree)  # what the CLI raises as English data (AuditInputError...)


WORDING = "timeline"  # the context of the read models' wordings (services.entrypoints.cli.words)


def _worded(found: Iterator[Found]) -> Iterator[Found]:
    """The read models' wordings (``N_`` in projections/), each in its own context: a line of
    the timeline is no template for the refusals to match."""
    for line, _function, message, comments in found:
        if isinstance(message, str):
            yield line, "pgettext", (WORDING, message), comments


def _outside_the_cli(name: str) -> bool:
    """Core, the application services, the adapters and the settings: English texts the CLI
    translates when it shows them."""
    where = Path(name).resolve().as_posix()
    inside = ("/core/", "/services/application/", "/services/adapters/")
    return any(part in where for part in inside) or where.endswith("/services/config.py")


def _shown(tree: ast.AST) -> Iterator[Found]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(_is_click(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, None, inspect.cleandoc(doc), []
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                text = kw.value.value if isinstance(kw.value, ast.Constant) else None
                if kw.arg in _KEYWORDS and isinstance(text, str) and text:
                    yield kw.value.lineno, None, inspect.cleandoc(text), []


def _is_click(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in ("command", "group")


def _raised(tree: ast.AST) -> Iterator[Found]:
    """What a rule raises, the rule a tally names (``rule = f"..."``), the fragments the rules'
    helpers are given, and what a finding of the audit expected and found, as templates."""
    for node in ast.walk(tree):
        for expr in _texts_of(node):
            text = template(expr)
            if text and not _CODE.fullmatch(text):  # a rule's code stays a code
                yield getattr(node, "lineno", 0), None, text, []
            for chosen in _chosen(expr):
                yield getattr(node, "lineno", 0), None, chosen, []


def _named(tree: ast.AST) -> Iterator[Found]:
    """The fragments a function names before it raises them (``started = " (voting on it has
    started)"``, then ``raise ...(f"...{started}")``): each a fact of the template, translated
    in turn."""
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and [type(t) for t in node.targets] == [ast.Name]:
                name = node.targets[0].id  # type: ignore[attr-defined]
                assigned.setdefault(name, []).append(node.value)
        raised = [n.exc for n in ast.walk(function) if isinstance(n, ast.Raise) and n.exc]
        for exc in raised:
            for used in ast.walk(exc):
                if isinstance(used, ast.FormattedValue) and isinstance(used.value, ast.Name):
                    for value in assigned.get(used.value.id, []):
                        sides = (
                            [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                        )
                        for side in sides:
                            text = template(side)
                            if text and re.search(r"[a-z]{3} ", text):
                                yield getattr(side, "lineno", 0), None, text, []


def _chosen(expr: ast.expr) -> Iterator[str]:
    """The words an f-string chooses between (``{x if x else 'none (all done)'}``): a fact
    of the template, translated in turn."""
    if not isinstance(expr, ast.JoinedStr):
        return
    for node in ast.walk(expr):
        if isinstance(node, ast.IfExp):
            for side in (node.body, node.orelse):
                text = side.value if isinstance(side, ast.Constant) else None
                if (
                    isinstance(text, str)
                    and re.search(r"[a-z]{3}", text)
                    and not _CODE.fullmatch(text)
                ):
                    yield text


def _texts_of(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
        return [a for a in node.exc.args if not _word(a)]  # TextRefused("empty", "the ...")
    if (  # a refusal made to be raised elsewhere: return Unsettles(f"...")
        isinstance(node, ast.Return)
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func).split(".")[-1][:1].isupper()
    ):
        return [a for a in node.value.args if not _word(a)]
    if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] in SAID:
        return [node.value]  # the rule a tally names; what an audit trail's link is
    if (  # a table of notes the CLI shows (a pool file's columns and what each holds)
        isinstance(node, ast.AnnAssign | ast.Assign)
        and isinstance(node.value, ast.Dict)
        and any(ast.unparse(t) in NOTES for t in _targets(node))
    ):
        return [v for v in node.value.values if v is not None]
    if not isinstance(node, ast.Call):
        return []
    called = ast.unparse(node.func)
    if called == "super().__init__" or called in LINKS:
        return _made(node, called)
    if called.endswith("Violation"):
        return [kw.value for kw in node.keywords if kw.arg in ("expected", "found")]
    if called == "_v":  # a finding's maker: (where..., rule, expected, found)
        return node.args[2:]
    if called in FRAGMENTS:
        return [*node.args[1:], *(kw.value for kw in node.keywords)]
    if called == "_l" and len(node.args) > 3:  # a text's limit, and why (core.text.limits)
        return [node.args[3]]
    if called.endswith(".append") and node.args and isinstance(node.args[0], ast.JoinedStr):
        return [node.args[0]]  # the parts of a text made of several (the quotas' reasons)
    if called in TOLD and node.args:  # what a service tells the person at the terminal
        return [node.args[0]]
    return []


def _made(node: ast.Call, called: str) -> list[ast.expr]:
    """The text of an error that words itself, of an audit trail's link or a voter's draw."""
    if called == "super().__init__":
        return node.args[:1]
    said = [kw.value for kw in node.keywords if kw.arg in LINKS[called]]
    return [e for v in said for e in ((v.body, v.orelse) if isinstance(v, ast.IfExp) else (v,))]


_CODE = re.compile(r"[a-z0-9_{}]+(?:[-:][a-z0-9_{}]+)+")  # no-checkpoint, as-decided:{value}

SAID = [["rule"], ["what"], ["when"], ["later"]]  # names assigned a text the CLI shows
LINKS = {"Link": ("what",), "Voter": ("drawn_as",)}  # core.audit.trail's texts, by keyword

# Tables of texts, outside the CLI, that it shows (translated as it shows them).
NOTES = {"PERSONAL"}


def _targets(node: ast.AnnAssign | ast.Assign) -> list[ast.expr]:
    return [node.target] if isinstance(node, ast.AnnAssign) else node.targets


# The rules' helpers that put a fragment (what was attempted) into the text they raise.
TOLD = {"announce", "say", "tell"}
FRAGMENTS = {
    "require_open",
    "inside",
    "require_seated",
    "_require",
    "after",
    "after_each",
    "_refuse",
    "not_cancelled",
    "require_scheduled",
    "_answered_after_invitation",
    "_left_after_joining",
}


def _word(node: ast.expr) -> bool:
    """A code given beside a message (a rule's short name): one word, no space."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " not in node.value


def template(node: ast.expr) -> str | None:
    """A string or f-string as the catalogue's template, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value or None
    if not isinstance(node, ast.JoinedStr):
        return None
    parts: list[str] = []
    used: dict[str, int] = {}
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
        elif isinstance(value, ast.FormattedValue):
            name = placeholder(value.value)
            used[name] = used.get(name, 0) + 1
            parts.append(f"{{{name}{used[name] if used[name] > 1 else ''}}}")
    return "".join(parts) or None


def placeholder(expr: ast.expr) -> str:
    """The name of a fact in a template: the last name of its expression (``rec.title`` is
    ``title``; ``len(pending)`` is ``pending``)."""
    while True:
        if isinstance(expr, ast.Attribute):
            return expr.attr.strip("_") or "value"
        if isinstance(expr, ast.Name):
            return expr.id.strip("_") or "value"
        if isinstance(expr, ast.Call) and expr.args:
            expr = expr.args[0]
        elif isinstance(expr, ast.Call):
            expr = expr.func
        elif isinstance(expr, ast.Subscript):
            expr = expr.value
        else:
            return "value"
