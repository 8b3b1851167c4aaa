from __future__ import annotations

import pytest

from tests.support.natsd import unique_stream


@pytest.fixture
def stream_env() -> dict[str, str]:
    """NATS_URL of the test server, and a fresh stream of our own."""
    return unique_stream()


@pytest.fixture(autouse=True)
def auditor_state(tmp_path_factory, monkeypatch):
    """Each test's auditor remembers in a folder of its own, never the user's state folder."""
    folder = tmp_path_factory.mktemp("auditor")
    monkeypatch.setenv("ASSEMBLY_AUDITOR_STATE", str(folder))
    return folder


@pytest.fixture(autouse=True)
def messages_are_words(request, monkeypatch):
    """Every refusal a test provokes (a rule's, click's, the CLI's) is checked for Python
    reprs: the tests' own refusals are the sample. Fuzzed input is echoed as given, so the
    fuzz tests are left out."""
    if "tests/fuzz" in str(request.path).replace("\\", "/"):
        yield
        return
    import click  # noqa: PLC0415 - only where it is checked

    from core.errors import DomainError  # noqa: PLC0415
    from services.entrypoints.cli import main  # noqa: PLC0415
    from tests.support.words import reprs  # noqa: PLC0415

    seen: list[str] = []
    domain_init, click_init, fail = DomainError.__init__, click.ClickException.__init__, main._fail

    def on_domain(self, message, *args, **kwargs):
        seen.append(message)
        domain_init(self, message, *args, **kwargs)

    def on_click(self, message, *args, **kwargs):
        seen.append(message)
        click_init(self, message, *args, **kwargs)

    def on_fail(kind, message, code, argv, shown=None):
        seen.extend([message, *([shown] if shown else [])])
        return fail(kind, message, code, argv, shown)

    monkeypatch.setattr(DomainError, "__init__", on_domain)
    monkeypatch.setattr(click.ClickException, "__init__", on_click)
    monkeypatch.setattr(main, "_fail", on_fail)
    yield
    shown = [(m, r) for m in seen if (r := reprs(str(m)))]
    assert not shown, f"messages for people show Python reprs: {shown}"
