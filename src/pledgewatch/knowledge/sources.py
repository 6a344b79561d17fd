"""The sources registry: known outlets and issuers, whom they speak for, and who is partisan.

``knowledge/sources.yaml`` lists each source's canonical name, aliases, kind and affiliation, plus the
conflict parties of the theatre being monitored. Resolution is by name or alias, ignoring case,
accents and runs of spaces; an outlet not listed resolves to ``kind="unknown"`` with no affiliation,
as DESIGN.md asks ("unknown outlets are created on first sight").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.yamlnodes import YamlFile, duplicate_keys, read_yaml
from pledgewatch.models import Source, SourceKind

SOURCES_FILE = Path(__file__).with_name("sources.yaml")
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
UNKNOWN_SOURCE_NAME = "unknown"

_ENTRY_FIELDS = {"name", "aliases", "kind", "affiliation", "actor", "country", "note"}
_TOP_FIELDS = {"version", "conflict_parties", "sources"}
_ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:\.[A-Z0-9]+)*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_SPACES = re.compile(r"\s+")

AncestorsFn = Callable[[str], list[str]]


def normalise_name(name: str) -> str:
    """The key names are matched on: case-folded, accents dropped, spaces collapsed, outer punctuation cut."""
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", without_marks.casefold()).strip().strip(".,;:\"'()[]").strip()


@dataclass(frozen=True)
class SourceEntry:
    """One registry entry: the :class:`Source` plus what only the registry needs."""

    source: Source
    aliases: tuple[str, ...] = ()
    actor: str | None = None  # the issuer as an actor, for attributing the document's own voice
    country: str | None = None  # ISO2 where the source is based
    note: str | None = None
    line: int | None = None  # line in sources.yaml, for messages


def dotted_ancestors(actor_id: str) -> list[str]:
    """Ancestors implied by the id itself: ``PAK.MIL.FC`` -> ``["PAK.MIL", "PAK"]``.

    The fallback when no actor index is given; actors.yaml parents follow the same convention.
    """
    parts = actor_id.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


class SourceRegistry:
    """Known sources, looked up by name or alias."""

    def __init__(self, entries: Iterable[SourceEntry], conflict_parties: Iterable[str]):
        self.conflict_parties: tuple[str, ...] = tuple(conflict_parties)
        self._entries: list[SourceEntry] = list(entries)
        self._by_key: dict[str, SourceEntry] = {}
        for entry in self._entries:
            for label in (entry.source.name, *entry.aliases):
                self._by_key.setdefault(normalise_name(label), entry)

    def entry(self, name: str | None) -> SourceEntry | None:
        """The registry entry for a name or alias, or None when the source is not listed."""
        if not name or not name.strip():
            return None
        return self._by_key.get(normalise_name(name))

    def is_known(self, name: str | None) -> bool:
        return self.entry(name) is not None

    def resolve(self, name: str | None) -> Source:
        """The canonical :class:`Source` for a name or alias; unknown names give ``kind="unknown"``."""
        found = self.entry(name)
        if found is not None:
            return found.source
        shown = _SPACES.sub(" ", name).strip() if name else ""
        return Source(name=shown or UNKNOWN_SOURCE_NAME, kind="unknown", affiliation=None)

    def is_partisan(self, source: Source, actors_ancestors: AncestorsFn | None = None) -> bool:
        """True when the source speaks for a party to the monitored conflict (or is an armed group).

        ``actors_ancestors`` maps an actor id to its ancestors (e.g. ``ActorIndex.ancestors``);
        without it the dotted id is used (``PAK.MIL`` -> ``PAK``). A mediator's foreign ministry is
        affiliated (QAT) but not partisan; an armed group's media are always partisan.
        """
        if source.kind == "armed_group":
            return True
        if source.affiliation is None:
            return False
        ancestors = actors_ancestors or dotted_ancestors
        lineage = {source.affiliation, *ancestors(source.affiliation), *dotted_ancestors(source.affiliation)}
        return any(party in lineage for party in self.conflict_parties)

    def actor_of(self, name: str | None) -> str | None:
        """Actor id of the issuer itself (ISPR -> PAK.MIL), or None."""
        found = self.entry(name)
        return found.actor if found else None

    def all(self) -> list[Source]:
        return [entry.source for entry in self._entries]

    def entries(self) -> list[SourceEntry]:
        return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.is_known(name)


# --- loading and validation ------------------------------------------------------------------


def _display(path: Path) -> str:
    if path.resolve() == SOURCES_FILE.resolve():
        return SOURCES_FILE.name
    return str(path)


def validate_sources_file(
    path: Path | None = None, *, known_actors: set[str] | None = None
) -> tuple[SourceRegistry | None, list[KnowledgeError]]:
    """Read and check a sources file; every problem names file, line and field.

    Returns the registry (None when the file is unusable) and the list of problems.
    ``known_actors``: actor ids to check affiliations against; None checks only the id's shape.
    """
    path = path or SOURCES_FILE
    try:
        doc = read_yaml(path, display=_display(path))
    except KnowledgeError as error:
        return None, [error]
    problems = duplicate_keys(doc)
    data = doc.data
    if not isinstance(data, dict):
        problems.append(
            KnowledgeError(
                "expected a mapping with 'conflict_parties' and 'sources'",
                where=doc.where(),
                hint="see the comment at the top of the packaged sources.yaml",
            )
        )
        return None, problems
    for key in data:
        if key not in _TOP_FIELDS:
            problems.append(
                KnowledgeError(
                    f"unknown top-level field '{key}'",
                    where=doc.where([key]),
                    hint=f"allowed: {', '.join(sorted(_TOP_FIELDS))}",
                )
            )

    parties = data.get("conflict_parties")
    if not isinstance(parties, list) or not parties or not all(isinstance(p, str) for p in parties):
        problems.append(
            KnowledgeError(
                "field 'conflict_parties' must be a non-empty list of actor ids, e.g. [PAK, AFG]",
                where=doc.where(["conflict_parties"]),
            )
        )
        parties = []
    for i, party in enumerate(parties):
        problem = _actor_problem(party, known_actors)
        if problem:
            problems.append(
                KnowledgeError(
                    f"field 'conflict_parties': {problem}", where=doc.where(["conflict_parties", i])
                )
            )

    raw_entries = data.get("sources")
    if not isinstance(raw_entries, list):
        problems.append(
            KnowledgeError("field 'sources' must be a list of entries", where=doc.where(["sources"]))
        )
        return None, problems

    entries: list[SourceEntry] = []
    seen: dict[str, tuple[str, int]] = {}  # normalised label -> (entry name, line)
    for index, raw in enumerate(raw_entries):
        entry, entry_problems = _parse_entry(doc, index, raw, known_actors)
        problems.extend(entry_problems)
        if entry is None:
            continue
        for label in (entry.source.name, *entry.aliases):
            key = normalise_name(label)
            if key in seen and seen[key][0] != entry.source.name:
                other, other_line = seen[key]
                problems.append(
                    KnowledgeError(
                        f"source '{entry.source.name}': name or alias '{label}' is already used by "
                        f"'{other}' (line {other_line})",
                        where=doc.where(["sources", index]),
                        hint="a name must resolve to one source; remove or rename one of them",
                    )
                )
            else:
                seen.setdefault(key, (entry.source.name, entry.line or 0))
        entries.append(entry)
    registry = SourceRegistry(entries, parties) if not problems else None
    return registry, problems


def _actor_problem(value: object, known_actors: set[str] | None) -> str | None:
    if not isinstance(value, str) or not _ACTOR_ID.match(value):
        return f"{value!r} is not an actor id (upper-case, dotted: PAK, PAK.MIL)"
    if known_actors is not None and value not in known_actors:
        return f"'{value}' is not a known actor id"
    return None


def _parse_entry(
    doc: YamlFile, index: int, raw: object, known_actors: set[str] | None
) -> tuple[SourceEntry | None, list[KnowledgeError]]:
    at = ["sources", index]
    if not isinstance(raw, dict):
        return None, [
            KnowledgeError("each source must be a mapping with name, kind, affiliation", where=doc.where(at))
        ]
    name = raw.get("name")
    label = f"source '{name}'" if isinstance(name, str) else f"source #{index + 1}"
    problems: list[KnowledgeError] = []

    def problem(field: str, text: str, hint: str | None = None) -> None:
        problems.append(
            KnowledgeError(f"{label} field '{field}': {text}", where=doc.where([*at, field]), hint=hint)
        )

    for key in raw:
        if key not in _ENTRY_FIELDS:
            problem(str(key), "unknown field", hint=f"allowed: {', '.join(sorted(_ENTRY_FIELDS))}")
    if not isinstance(name, str) or not name.strip():
        problem("name", "required, a non-empty string")
    kind = raw.get("kind")
    if kind is None:
        problem("kind", f"required, one of {', '.join(k for k in SOURCE_KINDS if k != 'unknown')}")
    elif kind not in SOURCE_KINDS or kind == "unknown":
        problem(
            "kind", f"{kind!r} is not a source kind ({', '.join(k for k in SOURCE_KINDS if k != 'unknown')})"
        )
    if "affiliation" not in raw:
        problem("affiliation", "required (an actor id, or null for a source that speaks for no one)")
    affiliation = raw.get("affiliation")
    if affiliation is not None:
        text = _actor_problem(affiliation, known_actors)
        if text:
            problem("affiliation", text)
    actor = raw.get("actor")
    if actor is not None:
        text = _actor_problem(actor, known_actors)
        if text:
            problem("actor", text)
    aliases = raw.get("aliases", [])
    if aliases is None:
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problem("aliases", "must be a list of non-empty strings")
        aliases = []
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _ISO2.match(country)):
        problem("country", f"{country!r} is not an ISO 3166-1 alpha-2 code (e.g. PK, AF)")
    if kind == "armed_group" and affiliation is None:
        problem("affiliation", "an armed group's media must name the group it speaks for")
    if problems:
        return None, problems
    return (
        SourceEntry(
            source=Source(name=name.strip(), kind=kind, affiliation=affiliation),
            aliases=tuple(a.strip() for a in aliases),
            actor=actor,
            country=country,
            note=raw.get("note"),
            line=doc.line(at),
        ),
        [],
    )


def load_sources(path: Path | None = None, *, known_actors: set[str] | None = None) -> SourceRegistry:
    """The registry from ``path`` (default: the packaged ``sources.yaml``).

    Raises :class:`KnowledgeError` for the first problem found; the hint says how many there are.
    """
    registry, problems = validate_sources_file(path, known_actors=known_actors)
    if problems:
        first = problems[0]
        more = f"; {len(problems) - 1} more problem(s) in this file" if len(problems) > 1 else ""
        raise KnowledgeError(first.problem, where=first.where, hint=(first.hint or "fix the entry") + more)
    assert registry is not None  # no problems means a registry was built
    return registry
