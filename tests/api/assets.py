"""Checks that a page loads nothing from outside (the dashboard must work air-gapped)."""

from __future__ import annotations

import re

# Anything the browser would fetch by itself: scripts, styles, images, frames, fonts, CSS imports.
_EXTERNAL_ASSET = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)


def external_assets(html: str) -> list[str]:
    """The external asset references in an HTML page or stylesheet (empty = self-hosted)."""
    return [match.group(0) for match in _EXTERNAL_ASSET.finditer(html)]
