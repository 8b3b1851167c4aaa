"""The read side's machinery: the database, the exactly-once worker, rebuilds and waits."""
