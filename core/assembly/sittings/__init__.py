"""Sittings: sessions scheduled, opened, experts heard, attendance, closed, minuted."""
