"""The notifier, an example downstream service: tells seated members about their sessions.

It reads the log (``services.application.subscriber``) and writes one notification per
member and scheduled session to an outbox table, keyed by the member's
pseudonym: a mailer resolves pseudonyms to contacts in the erasable registry,
so no personal data ever passes through the log or this service. Plenaries
go to every seated member, working-group sessions to the group's members.
"""
