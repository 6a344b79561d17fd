"""What happened, where and to whom: event type and tags by keyword rules, the place from the
gazetteer, and the actors named with their roles.

Event type: the first ``lexicon.event_types`` entry whose pattern matches the claim's words (then
the sentence, then the paragraph). ACLED's "attack" is violence against civilians, so an "attack"
whose casualties include security forces or militants becomes an ``armed_clash``.

Place: among the places named in the claim's words (else the sentence, else the paragraph), the most
specific (town or crossing before district before province before country), the first on ties.
Datelines ("PESHAWAR:", "ISLAMABAD/KABUL —") say where a report was filed, not where it happened,
and are skipped. A place name used for its government or people is not a place: "Kabul said",
"Islamabad has long accused", "Pakistan's response" (a metonym is a place only after "in", "near",
"from" ..., or as "X province/city"); nor is a name inside a longer proper name or a street
("Shah Mardan" is not Mardan, "Karachi Road" in Quetta is not Karachi). A place someone came from
("crossed from Paktika", "returning from Jalalabad") is not where it happened, unless people were
taken from it ("abducted six miners from Machh").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pledgewatch.extract.attribution import phrase_tokens, sentence_of, span_text
from pledgewatch.extract.lexicon import Lexicon
from pledgewatch.extract.nlp import LOCATION_LABELS
from pledgewatch.knowledge.actors import ActorIndex
from pledgewatch.knowledge.places import Gazetteer, precision_for
from pledgewatch.models import ActorRef, Casualty, Location, Place

DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.' /-]{2,40}(?:,[^:\n]{0,40})?(?:\s*\([A-Z][^()\n]{0,30}\))?\s*(?::|—|–|-{1,2})\s+"
)
_LOCATIVE = frozenset(
    {"in", "at", "near", "from", "into", "inside", "across", "to", "within", "of", "outside", "towards"}
)
_IN_COUNTRY = frozenset({"in", "inside", "within", "into", "across", "throughout"})
_NEAR = frozenset({"near", "outskirts", "vicinity", "close", "around"})
_FEATURE_WORDS = {
    "province": "admin1",
    "district": "admin2",
    "city": "city",
    "town": "town",
    "tehsil": "admin2",
}
# A place name followed by one of these names a road or an organisation, often elsewhere: "Karachi
# Road" runs through Quetta, "Kabul Bank" has branches in Kunduz ("Bannu Cantonment" stays Bannu).
_NAME_PARTS = frozenset({
    "road", "street", "highway", "avenue", "lane", "bypass", "motorway", "expressway", "bank",
    "board", "club", "cricket", "airlines", "airways",
})  # fmt: skip
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})


class EventClassifier:
    """Event type and tags from keyword patterns (``lexicon.event_types``, ``lexicon.tags``)."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def event_type(self, text: str) -> str | None:
        for event_type, pattern in self.lexicon.event_types:
            if pattern.search(text):
                return event_type
        return None

    def is_type(self, event_type: str, text: str) -> bool:
        """Whether the words name an event of ``event_type`` (wherever it stands in the order)."""
        return any(name == event_type and pattern.search(text) for name, pattern in self.lexicon.event_types)

    def tags(self, text: str) -> list[str]:
        return [tag for tag, pattern in self.lexicon.tags if pattern.search(text)]

    @staticmethod
    def refine(
        event_type: str | None, casualties: Iterable[Casualty], armed_targets: bool = False
    ) -> str | None:
        """ACLED's "attack" is on civilians: on forces, or with fighters among the dead, it is a clash."""
        casualties = list(casualties)
        fighters_hit = any(c.group in ("security_forces", "militants") for c in casualties)
        if event_type == "attack" and (armed_targets or fighters_hit):
            return "armed_clash"
        if (
            event_type == "armed_clash"
            and casualties
            and not armed_targets
            and all(c.group == "civilians" and c.outcome in ("killed", "injured") for c in casualties)
        ):
            return "attack"  # "gunmen opened fire on the labourers' camp": violence against civilians
        return event_type


@dataclass(frozen=True)
class PlaceMention:
    token: int
    place: Place
    precision: int


def dateline_end(text: str) -> int:
    """Length of a leading dateline ("ISLAMABAD:", "PESHAWAR, Oct 12 (Reuters) -"), else 0."""
    match = DATELINE.match(text)
    return match.end() if match else 0


class PlaceFinder:
    """Places named in parsed text, resolved with the gazetteer."""

    def __init__(
        self, gazetteer: Gazetteer, actors: ActorIndex | None = None, lexicon: Lexicon | None = None
    ):
        self.gazetteer = gazetteer
        self.actors = actors
        # verbs whose "from X" is where the act happened: "abducted from", "arrested from"
        self.taken_from: frozenset[str] = frozenset(
            word
            for entry in (lexicon.outcomes if lexicon is not None else ())
            if entry.outcome in ("captured", "missing")
            for word in entry.words
        ) | frozenset({"recovered", "seized", "snatched"})

    def _is_metonym(self, ent: Span, place: Place) -> bool:
        """A place name standing for a government: "Kabul said", "Pakistan and Afghanistan agreed"."""
        doc = ent.doc
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        following = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if before in _LOCATIVE or following in _FEATURE_WORDS:
            return False
        root = ent.root
        head = root
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # "Pakistan and Afghanistan agreed": both are subjects
        if head.i != root.i and head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
            return False  # "in Khost, Paktika and Kabul"
        if head.dep_ in _SUBJECT_DEPS or root.dep_ == "poss":
            return True
        return (
            self.actors is not None
            and self.actors.exact(ent.text) is not None
            and place.feature
            in (
                "city",
                "country",
            )
        )

    def _origin(self, ent: Span) -> bool:
        """A place someone came from: "crossed from Paktika", "returning from Jalalabad" (but
        "abducted six miners from Machh" is where the abduction happened)."""
        head = ent.root
        while head.dep_ in ("conj", "compound", "appos") and head.head.i != head.i:
            head = head.head
        if head.dep_ != "pobj" or head.head.lower_ != "from":
            return False
        verb = head.head.head
        if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "nsubjpass"):
            verb = verb.head  # "abducted six miners from Machh"
        return verb.lower_ not in self.taken_from

    @staticmethod
    def _inside_a_name(ent: Span) -> bool:
        """A place name inside another name: "Shah Mardan", "Karachi Road", "Kabul Bank"."""
        doc = ent.doc
        following = doc[ent.end] if ent.end < len(doc) else None
        if following is not None and following.lower_ in _NAME_PARTS and following.text[:1].isupper():
            return True
        before = doc[ent.start - 1] if ent.start > 0 else None
        return (
            before is not None
            and before.i > sentence_of(doc, before.i)[0]
            and before.text[:1].isupper()
            and before.is_alpha
            and before.ent_type_ not in ("GPE", "LOC", "FAC", "NORP", "DATE", "TIME")
            and before.lower_ not in ("the", "in", "near", "at")
            and not any(c.isdigit() for c in before.text)
        )

    def mentions(
        self, doc: Doc, *, skip_before: int = 0, exclude: set[int] = frozenset()
    ) -> list[PlaceMention]:
        found = []
        for ent in doc.ents:
            if ent.label_ not in LOCATION_LABELS or ent.start_char < skip_before or ent.start in exclude:
                continue
            following = doc[ent.end].lower_ if ent.end < len(doc) else ""
            place = self.gazetteer.lookup(ent.text, feature=_FEATURE_WORDS.get(following))
            if place is None:
                continue
            before_word = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if place.feature == "country" and before_word not in _IN_COUNTRY:
                continue  # "Pakistan said", "attacks against Pakistan": the state, not where it happened
            if self._is_metonym(ent, place) or self._inside_a_name(ent):
                continue
            if self._origin(ent):
                continue  # "crossed from Paktika", "while returning from Jalalabad": not where it happened
            precision = precision_for(place)
            before = {t.lower_ for t in doc[max(0, ent.start - 3) : ent.start]}
            if precision == 1 and before & _NEAR:
                precision = 2  # ACLED: "near X" is precision 2
            found.append(PlaceMention(ent.start, place, precision))
        return found

    @staticmethod
    def pick(mentions: Iterable[PlaceMention], tokens: set[int] | None = None) -> PlaceMention | None:
        candidates = [m for m in mentions if tokens is None or m.token in tokens]
        if not candidates:
            return None
        return min(candidates, key=lambda m: (m.precision, m.token))

    def location(self, mention: PlaceMention) -> Location:
        return self.gazetteer.to_location(mention.place, precision=mention.precision)


class ActorRoles:
    """Actors named in a claim's words, with roles from the parse where the parse shows them."""

    def __init__(self, lexicon: Lexicon, actors: ActorIndex, gazetteer: Gazetteer):
        self.lexicon = lexicon
        self.actors = actors
        self.gazetteer = gazetteer

    def _role(self, token: Token) -> str:
        current = token
        for _ in range(3):
            # climb from a modifier to the noun it modifies: "TTP militants attacked"
            if current.dep_ in ("compound", "amod", "poss", "nmod") and current.head.i != current.i:
                current = current.head
            else:
                break
        head = current.head
        dep = current.dep_
        if dep == "nsubj" and head.lower_ in self.lexicon.violent_verbs:
            return "perpetrator"
        if dep == "nsubj" and any(
            c.dep_ == "dobj" and c.lower_ in self.lexicon.responsibility_nouns for c in head.children
        ):
            return "perpetrator"
        if dep == "pobj" and head.lower_ == "by" and head.head.lower_ in self.lexicon.violent_verbs:
            return "perpetrator"
        if dep in ("dobj", "nsubjpass") and head.lower_ in self.lexicon.violent_verbs:
            return "target"
        if dep == "pobj" and head.lower_ in ("on", "against", "targeting"):
            return "target"
        return "other"

    def find(self, sent: Span, tokens: set[int], *, exclude: set[int]) -> list[ActorRef]:
        doc = sent.doc
        found: list[ActorRef] = []
        for mention in self.actors.find_all(sent.text):
            span = doc.char_span(
                sent.start_char + mention.start, sent.start_char + mention.end, alignment_mode="expand"
            )
            if span is None or span.start not in tokens or any(t.i in exclude for t in span):
                continue
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if before in _LOCATIVE and self.gazetteer.lookup(mention.words) is not None:
                continue  # "in Kabul", "from Afghanistan": a place, not an actor
            # a name split into several tokens ("IS - K") may hang on its verb by any of them
            roles = [self._role(t) for t in span]
            role = next((r for r in roles if r != "other"), "other")
            ref = ActorRef(name=mention.words, actor=mention.actor, role=role)
            if not any(r.actor == ref.actor for r in found):
                found.append(ref)
        return found

    @staticmethod
    def add_casualty_sides(found: list[ActorRef], casualties: Iterable[Casualty]) -> list[ActorRef]:
        """Actors whose people were killed or hurt are targets, unless the text made them something else."""
        for casualty in casualties:
            if casualty.side is None:
                continue
            known = next((i for i, r in enumerate(found) if r.actor == casualty.side), None)
            if known is not None:
                if found[known].role == "other":
                    found[known] = found[known].model_copy(update={"role": "target"})
                continue
            found.append(ActorRef(name=casualty.text or casualty.side, actor=casualty.side, role="target"))
        return found


def phrase_of(token: Token) -> str:
    return span_text(phrase_tokens(token))
