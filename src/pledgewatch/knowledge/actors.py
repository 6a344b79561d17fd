"""The actor dictionary: load ``actors.yaml`` and resolve the names used in text to actor ids.

``ActorIndex`` is built once from a list of ``Actor`` and answers three questions: which actor does a
name mean (``resolve``), which actors does a text mention (``find_all``), and how actors nest
(``ancestors``, ``country_of``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import ValidationError

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge import knowledge_path
from pledgewatch.models import Actor

ACTORS_FILE = "actors.yaml"
_ALLOWED_KEYS = {"id", "name", "type", "parent", "country", "aliases", "people", "metonyms", "note"}
_LIST_KEYS = ("aliases", "people", "metonyms")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise_name(name: str) -> str:
    """The comparison key of a name: case, accents, dots, dashes, spacing, a possessive "'s" and a
    leading "the" do not matter ("Kābul" = "Kabul", "Pakistan's military" = "Pakistan military")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = text.replace(".", "")
    text = _SEPARATORS.sub(" ", text).strip()
    text = re.sub(r"'s\b", "", text)
    if text.startswith("the "):
        text = text[4:]
    return text


def _is_acronym(alias: str) -> bool:
    # "US", "FO", "IS-K", "U.S.": written in capitals, they must match as written ("us" is a pronoun)
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _alias_pattern(alias: str) -> str:
    parts = []
    for char in alias.strip():
        if _SEPARATORS.fullmatch(char):
            if not parts or parts[-1] != r"[\s\-‐‑–—_]+":
                # a possessive may sit inside a name: "Pakistan's military" for "Pakistan military"
                if parts and parts[-1] not in (r"\.?", r"['’]"):
                    parts.append(r"(?:['’]s)?")
                parts.append(r"[\s\-‐‑–—_]+")
        elif char == ".":
            parts.append(r"\.?")
        elif char in "'’":
            parts.append(r"['’]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@dataclass(frozen=True)
class ActorMention:
    """A stretch of text naming an actor: ``text[start:end]`` is ``words``."""

    start: int
    end: int
    words: str
    actor: str


class ActorIndex:
    """Name → actor id lookups, built once from the actor dictionary."""

    def __init__(self, actors: Iterable[Actor]):
        self.actors: list[Actor] = list(actors)
        self._by_id: dict[str, Actor] = {}
        self._by_key: dict[str, str] = {}
        folded_keys: set[str] = set()
        for actor in self.actors:
            if actor.id in self._by_id:
                raise KnowledgeError(f"actor id {actor.id!r} is defined twice", where="actors")
            self._by_id[actor.id] = actor
            for alias in (actor.name, *actor.aliases):
                key = normalise_name(alias)
                if not key:
                    continue
                if not _is_acronym(alias):
                    folded_keys.add(key)
                owner = self._by_key.setdefault(key, actor.id)
                if owner != actor.id:
                    raise KnowledgeError(
                        f"alias {alias!r} names both {owner} and {actor.id}",
                        where="actors",
                        hint="an alias must belong to one actor; keep it on the one it usually means",
                    )
        # keys that only acronyms produce ("us" from "US") must match case as written
        self._acronym_keys = set(self._by_key) - folded_keys

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        # built at the first find_all, not with the index: name lookups (a dataset import's actor
        # columns) never need it, and compiling the alternation of every alias takes a fifth of a second
        return self._compile()

    def _compile(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        exact: set[str] = set()
        folded: set[str] = set()
        for actor in self.actors:
            for alias in (actor.name, *actor.aliases):
                if normalise_name(alias):
                    (exact if _is_acronym(alias) else folded).add(_alias_pattern(alias))

        def build(patterns: set[str], flags: int) -> re.Pattern[str] | None:
            if not patterns:
                return None
            # longest first: at one position the regex takes the first alternative that matches
            ordered = sorted(patterns, key=len, reverse=True)
            return re.compile(r"(?<![\w])(?:" + "|".join(ordered) + r")(?![\w])", flags)

        return build(exact, 0), build(folded, re.IGNORECASE)

    # --- lookups ---------------------------------------------------------------------------

    def get(self, actor_id: str) -> Actor | None:
        return self._by_id.get(actor_id)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def find_all(self, text: str) -> list[ActorMention]:
        """Every actor name in ``text``, longest match first where names overlap, in text order."""
        found: list[ActorMention] = []
        exact, folded = self._patterns
        for pattern in (exact, folded):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                actor = self._by_key.get(normalise_name(match.group()))
                if actor is not None and (
                    pattern is exact or normalise_name(match.group()) not in self._acronym_keys
                ):
                    found.append(ActorMention(match.start(), match.end(), match.group(), actor))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[ActorMention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                    kept[-1] = mention
                continue
            kept.append(mention)
        return kept

    def exact(self, name: str) -> str | None:
        """The actor whose alias ``name`` is (normalised), without looking inside longer names."""
        key = normalise_name(name)
        if key in self._by_key and (key not in self._acronym_keys or _is_acronym(name.strip())):
            return self._by_key[key]
        return None

    def resolve(self, name: str) -> str | None:
        """The actor id a name means: an exact alias first, else the longest alias inside the name.

        "ISPR" -> "PAK.MIL"; "Taliban spokesman Zabihullah Mujahid" -> "AFG"; "the Pakistani Taliban
        commander" -> "TTP" (the longest alias wins over "Taliban").
        """
        key = normalise_name(name)
        if not key:
            return None
        if key in self._by_key and (key not in self._acronym_keys or _is_acronym(name.strip())):
            return self._by_key[key]
        mentions = self.find_all(name)
        if not mentions:
            return None
        best = max(mentions, key=lambda m: (m.end - m.start, -m.start))
        return best.actor

    def ancestors(self, actor_id: str) -> list[str]:
        """The actor and every actor above it: "PAK.MIL" -> ["PAK.MIL", "PAK"]; unknown ids -> []."""
        chain: list[str] = []
        current = self._by_id.get(actor_id)
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = self._by_id.get(current.parent) if current.parent else None
        return chain

    def country_of(self, actor_id: str) -> str | None:
        """ISO2 country of an actor, inherited from its parents when not set on the actor itself."""
        for ancestor in self.ancestors(actor_id):
            country = self._by_id[ancestor].country
            if country:
                return country
        return None

    def is_within(self, actor_id: str | None, ancestor_id: str) -> bool:
        """True when ``actor_id`` is ``ancestor_id`` or sits under it (PAK.POL is within PAK)."""
        return actor_id is not None and ancestor_id in self.ancestors(actor_id)


# --- loading -------------------------------------------------------------------------------------


def _entry_lines(text: str) -> list[int]:
    """1-based line of each entry under ``actors:`` so errors can point at the right place."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "actors" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_actors(path: Path | None = None) -> list[Actor]:
    """Read the actor dictionary (the packaged ``actors.yaml`` by default).

    ``people`` and ``metonyms`` are folded into each actor's aliases. Raises ``KnowledgeError`` naming
    the file, line and field of the first problem found.
    """
    path = Path(path) if path is not None else knowledge_path(ACTORS_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeError(f"cannot read the actor dictionary ({error.strerror})", where=path) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise KnowledgeError(f"not valid YAML: {getattr(error, 'problem', error)}", where=where) from error
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise KnowledgeError("expected a top-level 'actors:' list", where=path)

    lines = _entry_lines(text)
    actors: list[Actor] = []
    seen: dict[str, str] = {}
    for number, entry in enumerate(data["actors"]):
        where = f"{path}:{lines[number]}" if number < len(lines) else f"{path} (actor #{number + 1})"
        actors.append(_parse_entry(entry, where))
        if actors[-1].id in seen:
            raise KnowledgeError(
                f"actor id {actors[-1].id!r} already defined at {seen[actors[-1].id]}", where=where
            )
        seen[actors[-1].id] = where

    for actor in actors:
        if actor.parent is not None and actor.parent not in seen:
            raise KnowledgeError(
                f"field 'parent': unknown actor id {actor.parent!r}",
                where=seen[actor.id],
                hint="define it first",
            )
    try:
        ActorIndex(actors)  # alias clashes are data errors; report them with the file name
    except KnowledgeError as error:
        raise KnowledgeError(error.problem, where=path, hint=error.hint) from error
    return actors


def _parse_entry(entry: object, where: str) -> Actor:
    if not isinstance(entry, dict):
        raise KnowledgeError("each actor must be a mapping with id, name and type", where=where)
    unknown = sorted(set(entry) - _ALLOWED_KEYS)
    if unknown:
        raise KnowledgeError(
            f"unknown field {unknown[0]!r}",
            where=where,
            hint=f"allowed fields: {', '.join(sorted(_ALLOWED_KEYS))}",
        )
    for field in ("id", "name", "type"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise KnowledgeError(f"field {field!r} is missing or not text", where=where)
    names: list[str] = []
    for field in _LIST_KEYS:
        values = entry.get(field) or []
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise KnowledgeError(f"field {field!r} must be a list of names", where=where)
        names.extend(v.strip() for v in values)
    country = entry.get("country")
    if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
        raise KnowledgeError(f"field 'country': {country!r} is not an ISO 3166-1 alpha-2 code", where=where)
    try:
        return Actor(
            id=entry["id"].strip(),
            name=entry["name"].strip(),
            aliases=list(dict.fromkeys(names)),
            type=entry["type"],
            parent=entry.get("parent"),
            country=country,
        )
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(f"field {field!r}: {first['msg']}", where=where) from error
