"""Sittings: sessions scheduled, postponed or cancelled, opened, experts heard, attendance,
closed, minuted."""
