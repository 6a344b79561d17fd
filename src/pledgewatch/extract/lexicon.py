"""The extractor's word lists (``knowledge/lexicon.yaml``), loaded once into lookup-ready sets.

The lists are data so that analysts can extend them; this module only checks their shape and turns
them into sets, dicts and compiled patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge import knowledge_path
from pledgewatch.models import EVENT_TAGS, EVENT_TYPES

LEXICON_FILE = "lexicon.yaml"
CLAIM_VERB_KINDS = ("statement", "denial", "accusation", "commitment", "demand")
OUTCOMES = ("killed", "injured", "captured", "missing")
PERSON_CLASSES = ("security_forces", "police", "militants", "civilians", "unknown")


@dataclass(frozen=True)
class OutcomeWords:
    outcome: str
    words: frozenset[str]
    phrases: dict[str, frozenset[str]]  # head word -> words that must follow it closely


@dataclass(frozen=True)
class Lexicon:
    reporting_verbs: dict[str, str]  # word -> claim kind
    demand_particles: frozenset[str]
    commitment_particles: frozenset[str]
    passive_demand_verbs: frozenset[str]
    statement_nouns: frozenset[str]
    statement_verbs: frozenset[str]
    count_nouns: frozenset[str]
    speaker_roles: frozenset[str]
    speaker_nouns: frozenset[str]
    titles: frozenset[str]
    clause_only_verbs: frozenset[str]
    anaphoric_speakers: frozenset[str]
    force_speakers: frozenset[str]
    police_speakers: frozenset[str]
    government_speakers: frozenset[str]
    commitment_pattern: re.Pattern[str]
    resolve_words: frozenset[str]
    remain_verbs: frozenset[str]
    own_side_subjects: frozenset[str]
    pledge_subjects: frozenset[str]
    denial_pattern: re.Pattern[str]
    accusation_pattern: re.Pattern[str]
    modifiers: tuple[tuple[str, str], ...]  # (phrase, kind), longest phrase first
    number_labels: frozenset[str]
    non_person_units: frozenset[str]
    outcomes: tuple[OutcomeWords, ...]
    toll_words: frozenset[str]
    own_side_markers: frozenset[str]
    enemy_markers: frozenset[str]
    person_nouns: dict[str, str]  # noun (lowercase, may be two words) -> class
    singular_person_nouns: dict[str, str]
    rank_titles: dict[str, str]
    kin_nouns: frozenset[str]
    other_words: frozenset[str]
    collective_terms: frozenset[str]
    affiliation_words: frozenset[str]
    nonviolent_pattern: re.Pattern[str]
    idioms: dict[str, str]  # phrase starting at the noun -> class ("sons of the soil")
    demonyms: dict[str, str]
    forces_of: dict[str, str]
    police_of: dict[str, str]
    police_by_country: dict[str, str]
    forces_by_country: dict[str, str]
    police_speaker_by_country: dict[str, str]
    government_by_country: dict[str, str]
    government_of: dict[str, str]
    office_countries: dict[str, str]  # "chief minister" -> PK: offices of one country's system
    event_types: tuple[tuple[str, re.Pattern[str]], ...]
    tags: tuple[tuple[str, re.Pattern[str]], ...]
    violent_verbs: frozenset[str]
    responsibility_nouns: frozenset[str]
    condemnation_verbs: frozenset[str]
    claimed_acts: frozenset[str]
    response_verbs: frozenset[str]
    planning_verbs: frozenset[str]
    habitual_pattern: re.Pattern[str]

    def outcome_of(self, word: str) -> str | None:
        """The outcome a single word states ("martyred" -> "killed"), if any."""
        word = word.lower()
        for entry in self.outcomes:
            if word in entry.words:
                return entry.outcome
        return None


def _words(data: dict, key: str, where: Path) -> frozenset[str]:
    values = data.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise KnowledgeError(f"field {key!r} must be a list of words", where=where)
    return frozenset(v.lower() for v in values)


def _mapping(data: dict, key: str, where: Path) -> dict[str, str]:
    values = data.get(key)
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise KnowledgeError(f"field {key!r} must map names to ids", where=where)
    lowered = key in ("demonyms", "office_countries")
    return {str(k).lower() if lowered else str(k): v for k, v in values.items()}


def _patterns(items: list[str], where: str) -> re.Pattern[str]:
    try:
        return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in items) + r")\b", re.IGNORECASE)
    except re.error as error:
        raise KnowledgeError(f"bad pattern: {error}", where=where) from error


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and check the lexicon; raises ``KnowledgeError`` naming the file and field."""
    path = Path(path) if path is not None else knowledge_path(LEXICON_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise KnowledgeError(f"cannot read the lexicon ({error.strerror})", where=path) from error
    except yaml.YAMLError as error:
        raise KnowledgeError(f"not valid YAML: {error}", where=path) from error
    if not isinstance(data, dict):
        raise KnowledgeError("expected a mapping of word lists", where=path)

    reporting: dict[str, str] = {}
    for kind in CLAIM_VERB_KINDS:
        for word in _words(data.get("reporting_verbs") or {}, kind, path):
            reporting[word] = kind

    modifiers = []
    for kind, phrases in (data.get("quantity_modifiers") or {}).items():
        modifiers.extend((phrase.lower(), kind) for phrase in phrases)
    modifiers.sort(key=lambda item: -len(item[0]))

    outcomes = []
    for outcome in OUTCOMES:
        entry = (data.get("outcomes") or {}).get(outcome)
        if not isinstance(entry, dict):
            raise KnowledgeError(f"field 'outcomes.{outcome}' is missing", where=path)
        phrases = {
            head.lower(): frozenset(w.lower() for w in tails)
            for head, tails in (entry.get("phrases") or {}).items()
        }
        outcomes.append(OutcomeWords(outcome, _words(entry, "words", path), phrases))

    person_nouns: dict[str, str] = {}
    for group in PERSON_CLASSES:
        for noun in _words(data.get("person_nouns") or {}, group, path):
            person_nouns[noun] = group
    singular: dict[str, str] = {}
    for group in PERSON_CLASSES:
        for noun in _words(data.get("singular_person_nouns") or {}, group, path):
            singular[noun] = group
    ranks = {str(k).lower(): v for k, v in (data.get("rank_titles") or {}).items()}
    if any(v not in PERSON_CLASSES for v in ranks.values()):
        raise KnowledgeError("field 'rank_titles' must map ranks to person classes", where=path)

    event_types = []
    for number, entry in enumerate(data.get("event_types") or []):
        event_type = entry.get("type")
        if event_type not in EVENT_TYPES:
            raise KnowledgeError(f"event_types[{number}]: unknown event type {event_type!r}", where=path)
        event_types.append((event_type, _patterns(entry["patterns"], f"{path}: event_types.{event_type}")))
    tags = []
    for tag, patterns in (data.get("tags") or {}).items():
        if tag not in EVENT_TAGS:
            raise KnowledgeError(
                f"tags: unknown tag {tag!r}", where=path, hint=f"known: {', '.join(EVENT_TAGS)}"
            )
        tags.append((tag, _patterns(patterns, f"{path}: tags.{tag}")))

    return Lexicon(
        reporting_verbs=reporting,
        demand_particles=_words(data, "demand_particles", path),
        commitment_particles=_words(data, "commitment_particles", path),
        passive_demand_verbs=_words(data, "passive_demand_verbs", path),
        statement_nouns=_words(data, "statement_nouns", path),
        statement_verbs=_words(data, "statement_verbs", path),
        count_nouns=_words(data, "count_nouns", path),
        speaker_roles=_words(data, "speaker_roles", path),
        speaker_nouns=_words(data, "speaker_nouns", path),
        titles=_words(data, "titles", path),
        clause_only_verbs=_words(data, "clause_only_verbs", path),
        anaphoric_speakers=_words(data, "anaphoric_speakers", path),
        force_speakers=_words(data, "force_speakers", path),
        police_speakers=_words(data, "police_speakers", path),
        government_speakers=_words(data, "government_speakers", path),
        commitment_pattern=_patterns(
            sorted(_words(data, "commitment_patterns", path)), f"{path}: commitment_patterns"
        ),
        resolve_words=_words(data, "resolve_words", path),
        remain_verbs=_words(data, "remain_verbs", path),
        own_side_subjects=_words(data, "own_side_subjects", path),
        pledge_subjects=_words(data, "pledge_subjects", path),
        denial_pattern=_patterns(sorted(_words(data, "denial_patterns", path)), f"{path}: denial_patterns"),
        accusation_pattern=_patterns(
            sorted(_words(data, "accusation_patterns", path)), f"{path}: accusation_patterns"
        ),
        modifiers=tuple(modifiers),
        number_labels=_words(data, "number_labels", path),
        non_person_units=_words(data, "non_person_units", path),
        outcomes=tuple(outcomes),
        toll_words=_words(data, "toll_words", path),
        own_side_markers=_words(data, "own_side_markers", path),
        enemy_markers=_words(data, "enemy_markers", path),
        person_nouns=person_nouns,
        singular_person_nouns=singular,
        rank_titles=ranks,
        kin_nouns=_words(data, "kin_nouns", path),
        other_words=_words(data, "other_words", path),
        collective_terms=_words(data, "collective_terms", path),
        affiliation_words=_words(data, "affiliation_words", path),
        nonviolent_pattern=_patterns(
            sorted(_words(data, "nonviolent_causes", path)), f"{path}: nonviolent_causes"
        ),
        idioms={str(k).lower(): v for k, v in (data.get("person_idioms") or {}).items()},
        demonyms=_mapping(data, "demonyms", path),
        forces_of=_mapping(data, "forces_of", path),
        police_of=_mapping(data, "police_of", path),
        police_by_country=_mapping(data, "police_by_country", path),
        forces_by_country=_mapping(data, "forces_by_country", path),
        police_speaker_by_country=_mapping(data, "police_speaker_by_country", path),
        government_by_country=_mapping(data, "government_by_country", path),
        government_of=_mapping(data, "government_of", path),
        office_countries=_mapping(data, "office_countries", path),
        event_types=tuple(event_types),
        tags=tuple(tags),
        violent_verbs=_words(data, "violent_verbs", path),
        responsibility_nouns=_words(data, "responsibility_nouns", path),
        condemnation_verbs=_words(data, "condemnation_verbs", path),
        claimed_acts=_words(data, "claimed_acts", path),
        response_verbs=_words(data, "response_verbs", path),
        planning_verbs=_words(data, "planning_verbs", path),
        habitual_pattern=_patterns(
            list(data.get("habitual_patterns") or ["(?!)"]), f"{path}: habitual_patterns"
        ),
    )
