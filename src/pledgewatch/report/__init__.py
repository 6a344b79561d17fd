"""Briefing reports: one self-contained HTML file and a PDF, from the same numbers."""

from __future__ import annotations

from pledgewatch.report.briefing import (
    Briefing,
    briefing_numbers,
    build_briefing,
    render_briefing,
    render_html,
    write_briefing,
    write_briefings,
)

__all__ = [
    "Briefing",
    "briefing_numbers",
    "build_briefing",
    "render_briefing",
    "render_html",
    "write_briefing",
    "write_briefings",
]
