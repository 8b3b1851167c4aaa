"""``make demo``: the embedded server, a small real scenario, and what was stored.

Convenes the Paris Citizens' Assembly, tries an act its rules refuse, opens its
phases, then prints every event this run recorded, with the subject, the
headers JetStream stored and the hash chain linking each event to the previous
one of its aggregate.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import click

from commands.messages import ConveneAssembly, OpenPhase
from core.assembly.charter import Charter, Phase
from core.errors import DomainError
from core.integrity import GENESIS
from services.bootstrap import build_application
from services.config import Settings
from services.eventstore.recorders import JetStreamApplicationRecorder
from services.eventstore.records import H_ID, H_PREV, digest_of


def _stored_since(
    recorder: JetStreamApplicationRecorder, after: int
) -> list[tuple[int, str, dict[str, str], bytes]]:
    msgs, _ = recorder.js.direct_batch(after + 1, 1000, recorder.js.spec.all_events)
    return [(m.seq, m.subject, m.headers, m.data) for m in msgs]


def main() -> None:
    settings = Settings.from_env()
    app = build_application(settings, lambda s: click.secho(s, fg="cyan"))
    recorder = app.recorder
    assert isinstance(recorder, JetStreamApplicationRecorder)
    try:
        before = recorder.max_notification_id() or 0
        now = datetime.now(tz=UTC)
        convening = ConveneAssembly(
            charter=Charter(
                name="Assemblée citoyenne de Paris",
                cohort=now.year,
                term_start=date(now.year, 1, 15),
                term_end=date(now.year + 1, 1, 14),
            ),
            at=now,
            by="clerk@paris.fr",
        )
        app.convene_assembly(convening)
        assembly_id = convening.assembly_id
        click.echo(f"convened the Paris Citizens' Assembly {now.year}: {assembly_id}")
        try:
            app.open_phase(
                OpenPhase(
                    assembly_id=assembly_id,
                    phase=Phase.RECOMMENDATIONS,
                    at=now,
                    by="clerk@paris.fr",
                )
            )
        except DomainError as refused:
            click.secho(f"refused, nothing recorded: {refused}", fg="yellow")
        for phase in Phase:
            position = app.open_phase(
                OpenPhase(
                    assembly_id=assembly_id,
                    phase=phase,
                    at=datetime.now(tz=UTC),
                    by="clerk@paris.fr",
                )
            )
            click.echo(f"opened the {phase.value} phase (log position {position})")

        click.secho(f"\nstored on stream {recorder.js.spec.name}:", bold=True)
        last: dict[str, bytes] = {}
        for seq, subject, headers, data in _stored_since(recorder, before):
            key = headers[H_ID]
            linked = bytes.fromhex(headers[H_PREV]) == last.get(key, GENESIS)
            last[key] = digest_of(headers, data)
            click.echo(f"#{seq}  {subject}")
            for name in sorted(h for h in headers if h.startswith("Assembly-")):
                click.echo(f"      {name}: {headers[name]}")
            click.echo(f"      payload: {data.decode()}")
            click.echo(f"      chain: {'links to the previous event' if linked else 'BROKEN'}")
        total = recorder.max_notification_id()
        click.secho(
            f"\n{total} events on the log in all; run `make demo` again to add a cohort.", bold=True
        )
    finally:
        app.close()


if __name__ == "__main__":
    main()
