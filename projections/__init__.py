"""The read side: SQLAlchemy read models, each rebuildable from the log."""
