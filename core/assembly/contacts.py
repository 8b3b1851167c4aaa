"""The clerk reaches the drawn: the invitation list, and each look-up of its contacts on record.

Contact details live in the erasable registry, never on the log. What the log keeps is that
they were looked up: by whom, when, whose (pseudonyms) and what for, so that the registry's
use is accountable to the auditor like every other act. The look-up is recorded before the
details are shown; a look-up the rules refuse shows nothing.
"""

from __future__ import annotations

from collections import Counter
from enum import Enum
from typing import ClassVar

from core.assembly.command import AssemblyCommand
from core.assembly.membership.members import Member
from core.assembly.state import Assembly, Folds, next_of, touch
from core.errors import DomainError
from core.events import Event
from core.time_order import after


class Purpose(Enum):
    """What the contact details are looked up for: the only reasons the registry is opened."""

    INVITATION = "invitation"  # inviting the drawn, or a reserve who was called
    REMINDER = "reminder"  # reminding an invitee who has not answered yet
    CONVOCATION = "convocation"  # convening members to a session


class ContactsLookedUp(Event, frozen=True, kw_only=True):
    """The clerk read the registry's contact details of these members, for this purpose.

    Pseudonyms only, in call order: never a name, an address, nor the organisers' person id."""

    wire: ClassVar[str] = "assembly.contacts_looked_up.v1"

    members: tuple[str, ...]
    purpose: Purpose


class LookUpContacts(AssemblyCommand, frozen=True, kw_only=True):
    """The clerk reads the registry's contacts of these members: recorded before they are shown."""

    members: tuple[str, ...]  # pseudonyms, in call order
    purpose: Purpose


class NotOnTheList(DomainError):
    rule = "contacts"


def call_order(assembly: Assembly) -> list[Member]:
    """The order in which the drawn are called: the panel first, in the order the draw handed
    it over, then the reserves by reserve rank (1 first). A reserve who was called keeps their
    rank, and their ``replaces`` says whose seat they were called to."""
    panel = [m for m in assembly.members.values() if m.reserve_rank is None]
    reserves = sorted(
        (m for m in assembly.members.values() if m.reserve_rank is not None),
        key=lambda m: m.reserve_rank or 0,
    )
    return panel + reserves


def look_up_contacts(assembly: Assembly, cmd: LookUpContacts) -> ContactsLookedUp:
    """Only the contacts of this assembly's drawn (panel and reserves), each named once."""
    members, purpose, at, by = cmd.members, cmd.purpose, cmd.at, cmd.by
    name = assembly.charter.name
    if not assembly.panel_arrived:
        raise NotOnTheList(f"{name!r} has no panel yet: there is no one to contact")
    after(
        at,
        assembly.panel_arrived_at,
        act="the contacts cannot be looked up",
        fact="the panel arrived",
        because="the drawn are reached once they are drawn",
    )
    if not members:
        raise NotOnTheList("a look-up names at least one member of the panel or the reserves")
    repeated = sorted(m for m, n in Counter(members).items() if n > 1)
    if repeated:
        raise NotOnTheList(f"name each member once; named more than once: {', '.join(repeated)}")
    strangers = [m for m in members if m not in assembly.members]
    if strangers:
        shown = ", ".join(strangers[:5]) + (" …" if len(strangers) > 5 else "")
        raise NotOnTheList(f"not on the panel or reserve list of {name!r}: {shown}")
    return ContactsLookedUp(**next_of(assembly), at=at, by=by, members=members, purpose=purpose)


def looked_up(event: ContactsLookedUp, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return touch(assembly, event, contact_look_ups=assembly.contact_look_ups + 1)


FOLDS: Folds = {ContactsLookedUp: looked_up}
