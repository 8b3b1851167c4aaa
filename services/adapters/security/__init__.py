"""Access control: the NATS roles of Assembly Record and their credentials."""
