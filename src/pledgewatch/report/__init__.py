"""Briefing reports: one self-contained HTML file from what is stored."""

from __future__ import annotations

from pledgewatch.report.briefing import render_briefing, write_briefing

__all__ = ["render_briefing", "write_briefing"]
