"""Where the extractor's knowledge files come from: ``Settings.knowledge_dir`` first, else packaged."""

from __future__ import annotations

from pathlib import Path

from pledgewatch.config import Settings
from pledgewatch.knowledge import knowledge_path
from pledgewatch.knowledge.actors import load_actors
from pledgewatch.knowledge.places import load_places
from pledgewatch.models import Actor, Place


def knowledge_file(settings: Settings | None, name: str) -> Path:
    """A deployment's own copy of a knowledge file when it has one, else the packaged default."""
    if settings is not None and settings.knowledge_dir is not None:
        candidate = Path(settings.knowledge_dir) / name
        if candidate.is_file():
            return candidate
    return knowledge_path(name)


def load_knowledge(settings: Settings | None) -> tuple[list[Actor], list[Place]]:
    return (
        load_actors(knowledge_file(settings, "actors.yaml")),
        load_places(knowledge_file(settings, "places.csv")),
    )
