"""The CLI in French (LANG=fr_FR or --lang fr) and in English, from one catalogue: every
message translated, the catalogue up to date with the code, --json the same in both."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from services.entrypoints.cli import i18n
from services.entrypoints.cli.main import run
from tests.cli.paris import AT, PLENARY

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "services/entrypoints/cli/locale"
PLACEHOLDER = re.compile(r"\{(\w*)(?:![rsa])?(?::[^{}]*)?\}|%\((\w+)\)s")


@pytest.fixture
def french(cli_env, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")


def _catalogue():
    with (LOCALE / "fr/LC_MESSAGES/cli.po").open("rb") as f:
        return read_po(f, locale="fr")


def test_every_message_of_the_catalogue_has_a_french_translation() -> None:
    untranslated = [
        m.id
        for m in _catalogue()
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]

    assert untranslated == []


def test_the_compiled_catalogue_holds_every_message_of_the_template() -> None:
    with (LOCALE / "cli.pot").open("rb") as f:
        template = [(m.context, m.id) for m in read_po(f) if m.id]
    compiled = gettext.GNUTranslations((LOCALE / "fr/LC_MESSAGES/cli.mo").open("rb"))
    known = set(compiled._catalog)  # type: ignore[attr-defined]

    def key(context: str | None, i: str) -> str:
        return f"{context}\x04{i}" if context else i

    missing = [
        i
        for c, i in template
        if (key(c, i) if isinstance(i, str) else (key(c, i[0]), 0)) not in known
    ]

    assert missing == [], "run `make cli-catalogue` (and translate what it adds)"


def test_a_translation_names_the_facts_its_message_names() -> None:
    wrong = []
    for m in _catalogue():
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set().union(*(set(PLACEHOLDER.findall(i)) for i in ids))
        for s in strings:
            if not set(PLACEHOLDER.findall(s)) <= wanted:
                wrong.append((m.id, s))

    assert wrong == []


def test_the_template_is_what_the_code_says_today(tmp_path) -> None:
    """A message added to the code and not to the catalogue fails here."""
    extracted = tmp_path / "cli.pot"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(
            [
                "pybabel",
                "-q",
                "extract",
                "-F",
                "services/entrypoints/cli/babel.cfg",
                "-k",
                "N_",
                "-k",
                "ngettext:1,2",
                "-k",
                "pgettext:1c,2",
                "--no-location",
                "--sort-output",
                "--omit-header",
                "-o",
                str(extracted),
                ".",
            ]
        )
    finally:
        os.chdir(cwd)
    with extracted.open("rb") as now, (LOCALE / "cli.pot").open("rb") as committed:
        today = {m.id for m in read_po(now) if m.id}
        kept = {m.id for m in read_po(committed) if m.id}

    assert sorted(map(str, today - kept)) == [], "run `make cli-catalogue`"
    # Babel cannot see a call inside an f-string's braces: such a message is never extracted
    inside = [
        f"{p.name}:{n}"
        for p in sorted((ROOT / "services/entrypoints/cli").glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\{_\(|\{N_\(|\{ngettext\(", line)
    ]
    assert inside == [], "take the message out of the f-string"
    assert sorted(map(str, kept - today)) == [], "run `make cli-catalogue`"


def test_every_help_click_shows_is_in_the_catalogue() -> None:
    """Each command's and group's help, epilog and options' help and shown defaults, however
    the code wrote them (a help made with an f-string would not be extracted)."""
    import inspect  # noqa: PLC0415

    import click  # noqa: PLC0415

    from services.entrypoints.cli.main import cli  # noqa: PLC0415

    compiled = gettext.GNUTranslations((LOCALE / "fr/LC_MESSAGES/cli.mo").open("rb"))
    known = set(compiled._catalog)  # type: ignore[attr-defined]
    missing = []

    def walk(command: click.Command, path: str) -> None:
        texts = [command.help, command.short_help, command.epilog]
        texts += [getattr(p, "help", None) for p in command.params]
        texts += [p.show_default for p in command.params if isinstance(p, click.Option)]
        missing.extend(
            (path, t) for t in texts if isinstance(t, str) and inspect.cleandoc(t) not in known
        )
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "assembly")

    assert missing == []


def test_the_language_comes_from_lang_then_the_locale() -> None:
    assert i18n.chosen(["--lang", "fr", "status"], {"LANG": "C.UTF-8"}) == "fr"
    assert i18n.chosen(["--lang=en"], {"LANG": "fr_FR.UTF-8"}) == "en"
    assert i18n.chosen([], {"LC_ALL": "fr_CA.UTF-8", "LANG": "en_GB.UTF-8"}) == "fr"
    assert i18n.chosen([], {"LANG": "de_DE.UTF-8"}) == "en"
    assert i18n.chosen([], {}) == "en"
    assert i18n.without_lang(["status", "--lang", "fr", "--json"]) == ["status", "--json"]
    assert i18n.without_lang(["log", "--", "--lang", "fr"]) == ["log", "--", "--lang", "fr"]


def test_given_french_when_status_then_in_french_and_times_in_paris(
    in_session, french, capsys
) -> None:
    code = run(["status"])

    out = capsys.readouterr().out
    assert code == 0
    assert "Assemblée citoyenne de Paris, cohorte 2026, du 15/01/2026 au 14/01/2027" in out
    assert "phase\u00a0: découverte" in out
    assert "siégeant\u00a0: 4" in out
    # the session opened at 09:00 UTC, 10:00 in Paris in February
    assert re.search(r"ouverte\s+plénière\s+07/02/2026 10:00", out)


def test_given_english_when_status_then_in_english(in_session, cli_env, capsys) -> None:
    code = run(["status"])

    out = capsys.readouterr().out
    assert code == 0
    assert "phase: discovery" in out
    assert "members: 4 seated, 96 invited, 15 reserve" in out


def test_given_lang_fr_when_member_list_then_french_headers(panel_received, capsys) -> None:
    code = run(["member", "list", "--lang", "fr"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].split()[:4] == ["membre", "sous-vivier", "statut", "groupe"]
    assert lines[1].split()[:3] == ["ele-000", "electoral-rolls", "invité"]
    assert lines[-1] == "invité\u00a0: 100, suppléant\u00a0: 15"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "refused by the who-may-act rule: member:ele-001 may not record"),
        ("fr", "refusé par la règle «\u00a0qui peut agir\u00a0»\u00a0: member:ele-001 ne peut"),
    ],
)
def test_given_a_refused_act_when_in_each_language_then_exit_1_and_one_sentence(
    panel_received, capsys, language, said
) -> None:
    code = run(["--lang", language, "member", "accept", "ele-000", "--as", "member:ele-001"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"assembly: {said}")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "'yesterday' is not a time: write e.g. 2026-03-14T18:30:00+01:00 or 2026-03-14"),
        ("fr", "'yesterday' n\u2019est pas un horaire\u00a0: écrivez par ex. 2026-03-14T18:30:00"),
    ],
)
def test_given_bad_input_when_in_each_language_then_exit_2_and_one_sentence(
    convened, capsys, language, said
) -> None:
    code = run(["--lang", language, "member", "accept", "ele-000", "--at", "yesterday"])

    err = capsys.readouterr().err
    assert code == 2
    assert said in err
    assert len(err.strip().splitlines()) == 1


def test_given_a_rule_refusal_in_core_when_french_then_its_facts_are_translated_too(
    in_session, french, capsys
) -> None:
    code = run(["session", "attend", in_session, "ele-050=present", "--at", AT])

    err = capsys.readouterr().err
    assert code == 1
    assert "ne peut pas être présent\u00a0: seuls les membres siégeants le peuvent" in err
    assert "il est invité et n\u2019a pas répondu" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["member", "list"],
        ["member", "accept", "ele-000", "--as", "member:ele-001"],
        ["member", "accept", "ele-000", "--at", "yesterday"],
        ["member", "accept"],
        ["audit", "verify", "--trust-any"],
    ],
)
def test_json_is_the_same_in_both_languages(panel_received, capsys, argv) -> None:
    outputs = []
    for language in ("en", "fr"):
        code = run(["--lang", language, "--json", *argv])
        outputs.append((code, capsys.readouterr().out))

    assert outputs[0] == outputs[1]
    assert outputs[0][1].strip()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ["log: no-checkpoint: expected a checkpoint", "; Merkle root "]),
        (
            "fr",
            ["journal\u00a0: no-checkpoint\u00a0: attendu un point de contr", "racine de Merkle"],
        ),
    ],
)
def test_given_no_checkpoint_yet_when_audit_verify_in_each_language_then_exit_1_and_why(
    panel_received, capsys, language, said
) -> None:
    code = run(["--lang", language, "audit", "verify", "--trust-any"])

    out = capsys.readouterr().out
    assert code == 1
    for words in said:
        assert words in out


def test_given_french_when_help_then_click_and_the_commands_speak_french(french, capsys) -> None:
    code = run(["member", "accept", "--help"])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Usage\u00a0: assembly member accept")
    assert "Enregistrer qu\u2019un membre invité a accepté son invitation." in out
    assert "Afficher ce message et quitter." in out


def test_given_french_then_english_in_one_process_then_help_follows_the_language(
    cli_env, capsys
) -> None:
    run(["--lang", "fr", "member", "--help"])
    french_help = capsys.readouterr().out
    run(["--lang", "en", "member", "--help"])
    english_help = capsys.readouterr().out

    assert "Enregistrer ce que font les membres du panel" in french_help
    assert "Record what the panel's members do" in english_help


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "No record here yet"), ("fr", "Aucun registre ici pour l\u2019instant")],
)
def test_given_no_store_when_assembly_alone_then_it_says_how_to_begin(
    monkeypatch, tmp_path, capsys, language, said
) -> None:
    monkeypatch.delenv("NATS_URL", raising=False)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "nothing"))

    code = run(["--lang", language])

    out = capsys.readouterr().out
    assert code == 0
    assert said in out
    assert "assembly convene --name" in out
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ["the discovery phase", "seats filled: 4 of 100", "session open: 'Opening"]),
        ("fr", ["la phase découverte", "sièges pourvus\u00a0: 4 sur 100", "séance ouverte"]),
    ],
)
def test_given_a_session_open_when_assembly_alone_then_where_it_stands_and_next_acts(
    in_session, capsys, language, said
) -> None:
    code = run(["--lang", language])

    out = capsys.readouterr().out
    assert code == 0
    for words in said:
        assert words in out
    assert "assembly session attend SESSION MEMBER=PRESENCE..." in out


def test_given_no_command_when_json_then_the_standing_as_data(in_session, capsys) -> None:
    run(["--json"])
    english = capsys.readouterr().out
    run(["--json", "--lang", "fr"])

    assert capsys.readouterr().out == english
    assert '"phase": "discovery"' in english


def test_bash_completion_offers_the_subcommands(tmp_path) -> None:
    env = {
        **os.environ,
        "_ASSEMBLY_COMPLETE": "bash_complete",
        "COMP_WORDS": "assembly mem",
        "COMP_CWORD": "1",
        "ASSEMBLY_HOME": str(tmp_path),
    }
    script = "from services.entrypoints.cli.main import main; main()"

    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
    assert "plain,member" in done.stdout.splitlines()


def test_bash_completion_script_names_the_program() -> None:
    env = {**os.environ, "_ASSEMBLY_COMPLETE": "bash_source"}
    script = "from services.entrypoints.cli.main import main; main()"

    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )

    assert "_ASSEMBLY_COMPLETE=bash_complete" in done.stdout
    assert "complete -o nosort -F _assembly_completion assembly" in done.stdout


@pytest.mark.parametrize(
    ("english", "french"),
    [
        (  # a fragment inside a fragment, elided; a time-order refusal's clauses
            "cannot hear Dr. A. Martin at 2026-02-07T09:00:00Z: session 'Opening' opened at "
            "2026-02-07T10:00:00Z; what happens in a session comes after it opens",
            "impossible d\u2019entendre Dr. A. Martin le 2026-02-07T09:00:00Z\u00a0: "
            "la s\u00e9ance 'Opening' s\u2019est ouverte le 2026-02-07T10:00:00Z\u00a0; "
            "ce qui se passe en s\u00e9ance suit son ouverture",
        ),
        (  # a code agreeing with what it qualifies
            "cannot vote: session 'Opening' is closed",
            "impossible de voter\u00a0: la s\u00e9ance 'Opening' est close",
        ),
        (  # a list of reasons, each translated
            "no panel of 3 meets the quotas: the maxima of area add up to 2 < 3 seats; the maxima "
            "of age add up to 2 < 3 seats. Smallest relaxation: age=x 0..1 -> 0..2",
            "aucun panel de 3 ne respecte les quotas\u00a0: les maxima d\u2019area totalisent "
            "2 < 3 si\u00e8ges\u00a0; les maxima d\u2019age totalisent 2 < 3 si\u00e8ges. "
            "Plus petit assouplissement\u00a0: age=x 0..1 -> 0..2",
        ),
        (  # an empty fact
            "seated 0 of 2 before this refusal, 1 not tried",
            "0 install\u00e9(s) sur 2 avant ce refus, 1 non tent\u00e9(s)",
        ),
        ("a text the catalogue does not know", "a text the catalogue does not know"),
    ],
)
def test_a_text_made_in_english_elsewhere_is_shown_in_french(english, french) -> None:
    from services.entrypoints.cli.refusals import translated  # noqa: PLC0415

    i18n.use("fr")
    try:
        shown = translated(english)
    finally:
        i18n.use("en")

    assert shown == french


def test_the_trust_warning_the_audit_gives_has_its_french_in_the_catalogue() -> None:
    from services.application.audit.trust import ANY_KEY_WARNING  # noqa: PLC0415

    entry = _catalogue().get(ANY_KEY_WARNING)

    assert entry is not None and "épinglée" in entry.string


@pytest.mark.parametrize("language, said", [("en", "no log key pinned"), ("fr", "épinglée")])
def test_given_no_pinned_key_when_audit_verify_in_each_language_then_how_to_pin(
    panel_received, capsys, language, said
) -> None:
    code = run(["--lang", language, "audit", "verify"])

    assert code == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize(
    "english, french",
    [
        (  # winter: UTC+1
            "the dice ceremony starts at 2026-12-07T23:52:00+00:00, not before",
            "la cérémonie des dés commence le 08/12/2026 00:52, pas avant",
        ),
        (  # summer: UTC+2
            "cannot hear Dr. A. Martin at 2026-07-01T15:00:00Z: session 'Opening' opened at "
            "2026-07-01T16:00:00Z; what happens in a session comes after it opens",
            "impossible d\u2019entendre Dr. A. Martin le 01/07/2026 17:00\u00a0: "
            "la séance 'Opening' s\u2019est ouverte le 01/07/2026 18:00\u00a0; "
            "ce qui se passe en séance suit son ouverture",
        ),
        (
            "assembly 'X' ended on 2026-01-14; it is 2026-12-07",
            "le mandat de l\u2019assemblée 'X' a pris fin le 14/01/2026\u00a0; "
            "nous sommes le 07/12/2026",
        ),
    ],
)
def test_a_refusal_in_french_shows_its_times_in_paris_time(english, french) -> None:
    from services.entrypoints.cli.refusals import in_paris_time, translated  # noqa: PLC0415

    i18n.use("fr")
    try:
        shown = in_paris_time(translated(english))
    finally:
        i18n.use("en")

    assert shown == french


def _in_french(say, *args):
    i18n.use("fr")
    try:
        return say(*args)
    finally:
        i18n.use("en")


def test_a_number_in_french_has_a_decimal_comma_and_thousands_apart() -> None:
    assert _in_french(i18n.number, 0.034, 4) == "0,0340"
    assert _in_french(i18n.number, 12345) == "12\u202f345"
    assert i18n.number(0.034, 4) == "0.0340"
    assert i18n.number(12345) == "12,345"
    assert _in_french(i18n.percent, "87.5%") == "87,5\u00a0%"  # an attendance rate
    assert i18n.percent("87.5%") == "87.5%"


def test_given_a_drawn_panel_when_revealed_and_reported_in_french_then_as_french_writes(
    with_pool, capsys
) -> None:
    from tests.cli.drawing import REVEAL_AT, SIGNED, committed  # noqa: PLC0415

    committed(capsys)
    code = run(["--lang", "fr", "draw", "reveal", "--dice", "271828", *SIGNED, *REVEAL_AT])
    revealed = capsys.readouterr().out
    run(["--lang", "fr", "draw", "report", "--legacy-runs", "2"])
    french = capsys.readouterr()
    run(["--lang", "en", "draw", "report", "--legacy-runs", "2"])
    english = capsys.readouterr().out
    as_json = []
    for language in ("en", "fr"):
        run(["--lang", language, "--json", "draw", "report", "--legacy-runs", "0"])
        as_json.append(capsys.readouterr().out)

    assert code == 0
    assert "suppléants\u00a0; " in revealed and "suppléants;" not in revealed
    assert re.search(r"min 0,\d{4}  médiane 0,\d{4}  max [01],\d{4}", french.out)
    assert not re.search(r"\d\.\d", french.out)  # no decimal point anywhere in the report
    assert re.search(r"min 0\.\d{4}  median 0\.\d{4}", english)
    assert "simulation de la méthode gloutonne historique" in french.err
    assert "référence historique" not in french.err
    assert as_json[0] == as_json[1]
    assert re.search(r'"minimum": ?0\.\d+', as_json[1])


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ["1 checkpoint in the log", "1 checkpoint;"]),
        ("fr", ["1 point de contrôle au journal", "1 point de contrôle\u00a0;"]),
    ],
)
def test_given_one_checkpoint_when_verified_in_each_language_then_the_singular(
    panel_received, capsys, tmp_path, language, said
) -> None:
    exported = tmp_path / "log.jsonl"
    assert run(["keys", "init"]) == 0
    assert run(["checkpoint"]) == 0
    assert run(["log", "export", str(exported)]) == 0
    capsys.readouterr()

    run(["--lang", language, "log", "verify-export", str(exported), "--trust-any"])
    structural = capsys.readouterr().out
    run(["--lang", language, "audit", "verify", "--trust-any"])
    audited = capsys.readouterr().out

    assert said[0] in structural
    assert said[1] in audited
    assert "1 checkpoints" not in structural + audited
    assert "1 points" not in structural + audited


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["pool", "import", "nope.csv"], "Le fichier «\u00a0nope.csv\u00a0» n\u2019existe pas"),
        (["panel", "receive", "nope.json"], "le fichier «\u00a0nope.json\u00a0» n\u2019existe pas"),
    ],
)
def test_given_a_missing_file_when_french_then_le_fichier_n_existe_pas(
    cli_env, capsys, monkeypatch, tmp_path, argv, said
) -> None:
    monkeypatch.chdir(tmp_path)

    code = run(["--lang", "fr", *argv])
    err = capsys.readouterr().err
    run(["--lang", "en", *argv])  # the same process, in English after French
    english = capsys.readouterr().err

    assert code == 2
    assert said in err
    assert "No such file" not in err
    assert "'nope." in english
    assert "does not exist" in english or "No such file" in english


def test_given_a_session_open_when_show_timeline_in_french_then_its_lines_in_french(
    in_session, capsys
) -> None:
    run(["--lang", "fr", "show", "timeline"])
    french = capsys.readouterr().out
    run(["--lang", "en", "show", "timeline"])
    english = capsys.readouterr().out

    assert "Assemblée citoyenne de Paris convoquée\u00a0: cohorte 2026" in french
    assert "un membre a pris son siège" in french
    assert "la phase «\u00a0découverte\u00a0» s\u2019est ouverte" in french
    assert "a member took their seat" not in french
    assert "a member took their seat" in english


def test_a_recommendation_step_in_french_agrees_and_says_its_values_as_french_does() -> None:
    from projections.timeline import wording  # noqa: PLC0415
    from services.entrypoints.cli.words import said  # noqa: PLC0415

    answered = {"words": wording("{response}: {reasons}", {"response": "accepted", "reasons": "x"})}
    presented = {
        "words": wording(
            "at the sitting of {sitting} as a {instrument}",
            {"sitting": "2026-04-14", "instrument": "voeu"},
        )
    }

    assert _in_french(said, answered, "accepted: x") == "acceptée\u00a0: x"
    assert _in_french(said, presented, "-") == "à la séance du 14/04/2026, sous forme de vœu"
    assert said(answered, "accepted: x") == "accepted: x"


def test_given_french_when_pool_schema_then_its_notes_in_french(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))

    code = run(["--lang", "fr", "pool", "schema"])

    out = capsys.readouterr().out
    assert code == 0
    assert "cinq chiffres\u00a0; obligatoire (code postal)" in out
    assert "genre\u00a0: l\u2019une des valeurs\u00a0:" in out
    assert "de 1 à 20 (zéros en tête acceptés" in out
    assert "required" not in out and "one of" not in out


def test_given_french_when_correct_help_then_the_kinds_of_fact_in_french(french, capsys) -> None:
    code = run(["correct", "--help"])

    out = capsys.readouterr().out
    assert code == 0
    assert "invitation acceptée\u00a0: at" in out
    assert "invitation accepted" not in out


@pytest.mark.parametrize(
    ("english", "french"),
    [
        (  # msgspec's decode errors
            "Expected `str`, got `int` - at `$.panel[0].subpool`",
            "attendu `str`, trouvé `int`, en `$.panel[0].subpool`",
        ),
        (
            "Object missing required field `subpool` - at `$.panel[0]`",
            "il manque le champ obligatoire `subpool`, en `$.panel[0]`",
        ),
        (
            "JSON is malformed: invalid character (byte 4)",
            "JSON mal formé\u00a0: caractère invalide (octet 4)",
        ),
        (  # a list core joins (core.text.words.listed), with "and" or "or"
            "one draw per sub-pool, got minors and electoral-rolls",
            "un tirage par sous-vivier, reçu minors et electoral-rolls",
        ),
        (
            "ele-001 cannot accept: they declined, and only a member who is invited or seated can",
            "ele-001 ne peut pas accepter\u00a0: a décliné, et seul un membre invité ou "
            "siégeant le peut",
        ),
        # an audit trail's links
        ("panel drawn: minors", "panel tiré\u00a0: minors"),
        ("reserve (replacing ele-001)", "suppléant (remplaçant ele-001)"),
        ("ballot 8671c5f8", "le scrutin 8671c5f8"),
        (  # a word an f-string of core chooses
            "cannot open the discovery phase of 'X': current phase is recommendations, "
            "next must be none (all done)",
            None,
        ),
    ],
)
def test_a_fragment_core_builds_is_shown_in_french(english, french) -> None:
    from services.entrypoints.cli.refusals import translated  # noqa: PLC0415

    shown = _in_french(translated, english)

    assert shown == french if french is not None else "aucune (toutes sont passées)" in shown


def test_given_french_when_status_then_the_quorum_with_a_decimal_comma(convened, capsys) -> None:
    code = run(["--lang", "fr", "status"])

    out = capsys.readouterr().out
    assert code == 0
    assert "quorum de 0,5 des siégeants" in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["pool", "synth", "--size", "abc", "--out", "p.csv"],
            "'abc' n\u2019est pas un nombre valide",
        ),
        (
            ["open-phase", "nowhere"],
            "n\u2019est pas l\u2019une des valeurs possibles\u00a0: 'discovery', 'recommendations'",
        ),
        (["status", "--assembly", "nope"], "(variable d\u2019environnement 'ASSEMBLY_ID')"),
    ],
)
def test_given_a_bad_input_when_french_then_click_s_words_read_as_french(
    cli_env, capsys, monkeypatch, tmp_path, argv, said
) -> None:
    monkeypatch.chdir(tmp_path)

    code = run(["--lang", "fr", *argv])

    err = capsys.readouterr().err
    assert code == 2
    assert said in err


def test_a_time_a_server_gives_to_the_nanosecond_is_shown_in_paris_time() -> None:
    from services.entrypoints.cli.refusals import in_paris_time  # noqa: PLC0415

    shown = _in_french(in_paris_time, "stored since 2026-12-07T23:56:30.154332714Z")

    assert shown == "stored since 08/12/2026 00:56"


def test_the_extractor_takes_the_fragments_a_function_names_before_raising_them() -> None:
    import ast  # noqa: PLC0415

    from services.entrypoints.cli.extract import _named  # noqa: PLC0415

    source = (
        "def amend(x, at):\n"
        '    started = " (voting on it has started)" if x else ""\n'
        '    raise Refused(f"cannot amend it{started}")\n'
    )

    assert [found[2] for found in _named(ast.parse(source))] == [" (voting on it has started)"]


@pytest.mark.parametrize(
    ("language", "typed"), [("fr", "plénière"), ("fr", "Pleniere"), ("en", "Plenary")]
)
def test_given_a_kind_typed_as_a_clerk_writes_it_when_scheduling_then_the_code_is_recorded(
    seated, capsys, language, typed
) -> None:
    plenary = ["--kind" if a == "--kind" else a for a in ["session", *PLENARY]]
    plenary[plenary.index("--kind") + 1] = typed

    code = run(["--json", "--lang", language, *plenary])

    said = capsys.readouterr()
    assert code == 0, said.err + said.out
    assert run(["--json", "status"]) == 0
    assert '"kind": "plenary"' in capsys.readouterr().out
