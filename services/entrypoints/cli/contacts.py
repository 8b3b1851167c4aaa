"""``assembly member contacts``: the invitation list with the registry's contact details.

Only who holds the registry's access can run it (REGISTRY_DATABASE_URL, or the owner-only
SQLite file in ASSEMBLY_HOME), and every run is on the log before anything is shown.
"""

from __future__ import annotations

import csv
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from commands.messages import LookUpContacts
from core.assembly.contacts import NotOnTheList, Purpose, call_order
from core.assembly.membership.members import Member, Status
from core.assembly.state import Assembly
from services.application.spreadsheet import safe_cell
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, act_now
from services.entrypoints.cli.context import CliContext, json_option
from services.entrypoints.cli.i18n import N_, _
from services.entrypoints.cli.outputs import Output

if TYPE_CHECKING:
    from services.application.pool.contacts import Contact


class _Registry:
    """services.application.pool.contacts, imported when contacts are looked up (it brings
    SQLAlchemy): `assembly member ...` starts without it."""

    def __getattr__(self, name: str) -> Any:
        from services.application.pool import contacts  # noqa: PLC0415

        return getattr(contacts, name)


registry_contacts = _Registry()

CONTACT_FIELDS = ("first_name", "last_name", "address", "postcode", "email", "phone")
CSV_COLUMNS = (
    "order",
    "pseudonym",
    "status",
    "subpool",
    "reserve_rank",
    "replaces",
    "replaced_by",
    *CONTACT_FIELDS,
    "contact",
)


@click.command(cls=i18n.Command)
@click.argument("members", metavar="[MEMBER]...", nargs=-1)
@click.option(
    "--person-id",
    "person_ids",
    multiple=True,
    metavar="ID",
    help="A person by the person_id of your own pool CSV (repeatable); never recorded.",
)
@click.option(
    "--purpose",
    type=click.Choice([p.value for p in Purpose]),
    required=True,
    help="Why you look the contacts up: recorded with the look-up.",
)
@click.option(
    "--csv",
    "csv_file",
    type=Output(),
    help="Also write the list for a mail merge: UTF-8 with BOM, one row per person, owner-only.",
)
@click.option(
    "--delimiter",
    type=click.Choice([",", ";"]),
    default=",",
    show_default=True,
    help="The CSV's separator (';' for Excel in a French locale).",
)
@json_option
@act_now
@click.pass_obj
def contacts(
    obj: CliContext,
    members: tuple[str, ...],
    person_ids: tuple[str, ...],
    purpose: str,
    csv_file: Path | None,
    delimiter: str,
    act: Act,
) -> None:
    """Show the invitation list with contact details from the registry: the drawn and the
    reserves in call order, or only the members named (by pseudonym or --person-id).

    Call order: the panel first, in the order the draw handed it over, then the reserves by
    reserve rank; "replaces" and "replaced by" say who took whose seat. A person erased from
    the registry (`pool erase`) is listed as erased, without contact details.

    The look-up is recorded on the log first (who, when, whose pseudonyms, what for; never
    the details, nor the person id), and nothing is shown if it cannot be. Only who holds
    the registry's access can run it: REGISTRY_DATABASE_URL (else DATABASE_URL), or the
    SQLite file ASSEMBLY_HOME/registry.sqlite, readable by its owner only.

    \b
    Example:
      assembly member contacts --purpose invitation --csv invitations.csv --delimiter ';'
      assembly member contacts non-r01 --purpose invitation     # a reserve just called
      assembly --json member contacts --person-id V-0042 --purpose reminder
    """
    if csv_file is not None:
        _check_writable(csv_file)
    sessions = registry_contacts.open_for_reading(obj.settings)
    try:
        with sessions() as session:
            by_id = registry_contacts.pseudonyms_of(session, person_ids)
            state = obj.app.assembly(act.assembly_id)
            wanted = _in_call_order(state, [*members, *by_id])
            cmd = act.command(LookUpContacts, members=wanted, purpose=Purpose(purpose))
            try:
                position, found = obj.app.look_up_contacts(
                    cmd, lambda: registry_contacts.look_up(session, wanted)
                )
            except NotOnTheList as refused:
                strangers = [
                    N_("{person_id} is {pseudonym}").format(person_id=i, pseudonym=p)
                    for i, p in zip(person_ids, by_id, strict=True)
                    if p not in state.members
                ]
                if strangers:
                    refused.add_note(N_("by person id: {pairs}").format(pairs=", ".join(strangers)))
                raise
    finally:
        sessions.kw["bind"].dispose()
    order = {m.pseudonym: n for n, m in enumerate(call_order(state), start=1)}
    rows = [_row(order[p], state.members[p], found[p]) for p in wanted]
    if csv_file is not None:
        _write_csv(csv_file, rows, delimiter, position)
    erased = sum(r["contact"] == "erased" for r in rows)
    summary = _(
        "{n} people, {erased} erased from the registry; the look-up ({purpose}) is on the log "
        "at position {position}"
    ).format(n=len(rows), erased=erased, purpose=i18n.value(purpose), position=position) + (
        _("; wrote {n} rows to {file}").format(n=len(rows), file=csv_file) if csv_file else ""
    )
    table = "" if csv_file else _table(rows) + "\n"
    obj.emit(
        {
            "ok": True,
            "position": position,
            "purpose": purpose,
            "people": rows,
            "erased": erased,
            "csv": str(csv_file) if csv_file else None,
        },
        table + summary,
    )


def _in_call_order(state: Assembly, named: list[str]) -> tuple[str, ...]:
    """Everyone when no one is named; else the named, each once, in call order (a name not on
    the list goes last, for the rule to refuse by name)."""
    everyone = [m.pseudonym for m in call_order(state)]
    if not named:
        return tuple(everyone)
    asked = set(named)
    strangers = [p for p in dict.fromkeys(named) if p not in state.members]
    return (*(p for p in everyone if p in asked), *strangers)


def _row(order: int, member: Member, contact: Contact | None) -> dict[str, Any]:
    details = asdict(contact) if contact else dict.fromkeys(CONTACT_FIELDS)
    return {
        "order": order,
        "pseudonym": member.pseudonym,
        "status": member.status.value,
        "subpool": member.subpool,
        "reserve_rank": member.reserve_rank,
        "replaces": member.replaces,
        "replaced_by": member.replaced_by,
        **details,
        "contact": "available" if contact else "erased",
    }


def _check_writable(file: Path) -> None:
    """Before anything is recorded: a file that cannot be written shows nothing, records
    nothing."""
    folder = file.parent if str(file.parent) else Path()
    if file.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise click.BadParameter(
            f"{file} cannot be written: name a file in a folder you can write", param_hint="--csv"
        )
    if file.exists() and not os.access(file, os.W_OK):
        raise click.BadParameter(f"{file} is not writable by you", param_hint="--csv")


def _write_csv(file: Path, rows: list[dict[str, Any]], delimiter: str, position: int) -> None:
    """UTF-8 with a BOM (Excel reads the accents right), every cell safe for a spreadsheet,
    the file owner-only: it holds personal data."""
    try:
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # a file that was there before, too
        with open(fd, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            writer.writerow(CSV_COLUMNS)
            for row in rows:
                writer.writerow([safe_cell(_text(row[c])) for c in CSV_COLUMNS])
    except OSError as e:
        raise click.ClickException(
            _(
                "the look-up is recorded (log position {position}) but {file} could not be "
                "written: {error}"
            ).format(position=position, file=file, error=e.strerror or e)
        ) from None


def _text(value: object) -> str:
    return "" if value is None else str(value)


_HEADINGS = (
    "#",
    N_("member"),
    N_("status"),
    N_("replaces"),
    N_("replaced by"),
    N_("name"),
    N_("address"),
    N_("e-mail, phone"),
)


def _table(rows: list[dict[str, Any]]) -> str:
    lines = [tuple(_(h) for h in _HEADINGS), *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(_HEADINGS) - 1)]
    return "\n".join(
        "  ".join([*(c.ljust(w) for c, w in zip(line, widths, strict=False)), line[-1]])
        for line in lines
    )


def _cells(row: dict[str, Any]) -> tuple[str, ...]:
    status = i18n.value(row["status"])
    if row["status"] == Status.RESERVE.value:
        status = _("reserve {rank}").format(rank=row["reserve_rank"])
    elif row["reserve_rank"] is not None:
        status = _("{status} (reserve {rank})").format(status=status, rank=row["reserve_rank"])
    if row["contact"] == "erased":
        name, address, reach = _("(erased)"), "", ""
    else:
        name = f"{row['first_name']} {row['last_name']}"
        address = f"{row['address']}, {row['postcode']}"
        reach = " ".join(_text(row[k]) for k in ("email", "phone") if row[k])
    return (
        str(row["order"]),
        row["pseudonym"],
        status,
        row["replaces"] or "-",
        row["replaced_by"] or "-",
        name,
        address,
        reach,
    )
