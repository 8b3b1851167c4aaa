"""The read side's one MetaData, and the table of positions every read model commits with."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

metadata = MetaData()

positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("position", Integer, nullable=False),  # the last log position applied
)
