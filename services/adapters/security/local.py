"""The embedded server's roles: the production roles, their secrets under ASSEMBLY_HOME.

At every start the embedded server (services/adapters/embedded.py) includes the
``users.conf`` written here, in ``$ASSEMBLY_HOME/auth`` (the folder 0700, every file 0600):
the four roles of ``assembly security config``, each password generated at the first
start and kept after (a weak one, or one others could read, is replaced). No anonymous
client may connect. Each command then connects as its role (``Settings.nats_auth``), and
ops creates the two streams when the server has started.
"""

from __future__ import annotations

from pathlib import Path

from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.security.natsconf import USERS_FILE, write_config
from services.config import EMBEDDED_AUTH, NatsAuth


def local_roles(home: Path, spec: StreamSpec, durables: tuple[str, ...] = ()) -> Path:
    """Write the roles for ``spec`` under ``home`` (passwords kept; ``durables``: those the
    reader may keep, ASSEMBLY_DURABLES); the users file."""
    folder = home / EMBEDDED_AUTH
    write_config(folder, spec, routes=None, durables=durables)
    return folder / USERS_FILE


def create_streams(url: str, home: Path, spec: StreamSpec) -> None:
    """As ops: create the event stream and the snapshot stream if they do not exist yet (and
    check them, as the writer will)."""
    password = (home / EMBEDDED_AUTH / "ops.password").read_text().strip()
    conn = JetStreamConnection(url, spec, auth=NatsAuth("ops", password))
    try:
        conn.stream(spec, create=True)
        conn.stream(spec.snapshots(), create=True)
    finally:
        conn.close()
