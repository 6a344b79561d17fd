"""Packaged knowledge: actors, places, lexicons, commitments and the output schemas.

Everything here is data; loaders live beside it (``actors.py``, ``places.py``). A deployment can point
``Settings.knowledge_dir`` at its own copies; ``knowledge_path`` only locates the packaged defaults.
"""

from __future__ import annotations

from pathlib import Path


def knowledge_path(name: str) -> Path:
    """The path of a packaged knowledge file, e.g. ``knowledge_path("actors.yaml")``."""
    return Path(__file__).parent / name
