"""The rule-based claim extractor (``pledgewatch.rules``): document text in, schema-v1 claims out.

Steps per paragraph (each a small class built once in ``Extractor.__init__``):
1. spaCy parse (built once per process, see ``nlp.py``);
2. dates found and anchored on the publication date (``dates.py``); their numbers are never figures;
3. per sentence, reporting frames and speakers (``attribution.py``); a quotation that runs over
   several sentences belongs to the speaker named at its end or start; in a party's or an
   organisation's own release, a sentence whose subject is the issuer is the issuer's;
4. casualty figures (``casualties.py``); each figure goes to the frame whose words contain it, or to
   the document's own voice (``speaker`` null);
5. per frame (and for the document's voice), one claim: kind from the verb and the proposition,
   event type and tags (``events.py``), place, date, actors with roles, figures completed with group
   and side, and a confidence (``confidence.py``).

A claim's ``text`` and ``span`` are the whole sentence it rests on; two claims from one sentence
(two speakers, two kinds, or one event per place of a list) share the span and differ in id.

Where and when: the claim's own words, then its sentence, then the nearest sentence of its paragraph
before it, then after it; a figure still without a place takes the report's main event place (the
first placed event whose dates fit), without a date the report's first event date. Where the words
were spoken ("In Kabul, the spokesman told reporters", "told the briefing in Islamabad") and where
plotters sit ("planned by handlers in Khost") are not event places. Aggregates and habits (a period
or a year, "an average of 40 a day", "in recent months") and acts placed only in a country are not
incidents: their claims keep no event type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pledgewatch.config import Settings, get_settings
from pledgewatch.extract.attribution import (
    AUDIENCE_NOUNS,
    Attributor,
    Frame,
    Speaker,
    doc_text,
    phrase_tokens,
    sentence_of,
    span_text,
)
from pledgewatch.extract.casualties import CasualtyFinder, CasualtyMention
from pledgewatch.extract.confidence import claim_confidence
from pledgewatch.extract.dates import DateFinder, DateMention
from pledgewatch.extract.events import ActorRoles, EventClassifier, PlaceFinder, PlaceMention, dateline_end
from pledgewatch.extract.knowledge import knowledge_file
from pledgewatch.extract.lexicon import load_lexicon
from pledgewatch.extract.nlp import build_nlp
from pledgewatch.knowledge import knowledge_path
from pledgewatch.knowledge.actors import ActorIndex, load_actors
from pledgewatch.knowledge.places import Gazetteer, load_places
from pledgewatch.models import (
    CLAIMS_SCHEMA_ID,
    ActorRef,
    Casualty,
    Claim,
    DateRange,
    Document,
    Event,
    short_hash,
)

EXTRACTOR_NAME = "pledgewatch.rules"
EXTRACTOR_VERSION = "0.3.8"
CLAIMS_SCHEMA_FILE = "schema/claims.v1.schema.json"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_ARMED_TYPES = frozenset({"state", "state_force", "de_facto_authority", "armed_group"})
_SITUATION_TAGS = frozenset({"safe_haven", "training_camp"})
_OPENING_QUOTES = "“‘"
_CLOSING_QUOTES = "”’"
_FIRST_PERSON = frozenset({"we", "i", "our", "us"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_VENUE_DEPS = frozenset({"advcl", "npadvmod", "dobj", "dative", "nsubjpass"})
# "since the Doha understanding": a place that names an agreement, not where anything happened
_ACCORD_NOUNS = frozenset(
    {"understanding", "agreement", "accord", "accords", "process", "talks", "declaration", "format"}
)
_HOME_NOUNS = frozenset({"resident", "residents", "native", "natives"})  # "a resident of Khuzdar"
_REPORT_NOUNS = frozenset({"claims", "claim", "reports", "report", "allegations", "allegation", "assertions"})
_CARE_NOUNS = frozenset({"hospital", "hospitals", "cmh", "dhq", "clinic", "clinics", "infirmary"})
_CARE_VERBS = frozenset(
    {
        "treated",
        "admitted",
        "received",
        "died",
        "succumbed",
        "undergoing",
        "remained",
        "recovering",
        "receiving",
    }
)
_TRANSFER_VERBS = frozenset(
    {"shifted", "taken", "moved", "evacuated", "rushed", "referred", "airlifted", "transferred", "brought"}
)
# "Referring to the attack in Chaman on Thursday, X said": what is spoken about, not where or when
_TOPIC_PARTICIPLES = frozenset({"referring", "commenting"})
# verbs whose object is the event itself, never a venue: "condemned the attack near Parachinar"
_EVENT_OBJECT_VERBS = frozenset(
    {"condemn", "condemned", "condemns", "condemning", "denounced", "denounces", "denouncing"}
)
_GENERIC_TYPES = frozenset({"attack", "armed_clash"})
_CONTENT_DEPS = frozenset({"ccomp", "dobj", "xcomp", "dative"})
_ALLEGATION_NOUNS = frozenset({"allegation", "allegations", "claim", "claims", "accusation", "accusations"})
_VENUE_PREPOSITIONS = frozenset({"in", "at", "from"})
_LIST_PREPOSITIONS = frozenset({"in", "at", "near"})
_AGGREGATE_PRECISIONS = frozenset({"period", "year"})
_FEATURE_NOUNS = frozenset({"district", "province", "tehsil", "agency", "area", "region", "division"})
_SEPARATE = re.compile(
    r"\b(?:separate|another|an other|unrelated) (?:incident|attack|clash|strike)|\bseparately\b", re.I
)
_SPECIFIC_TYPES = frozenset(
    {"suicide_bomb", "air_drone_strike", "shelling_artillery_missile_attack", "remote_explosive_landmine_ied"}
)


@dataclass
class _Paragraph:
    """What the steps found in one paragraph, shared by its sentences."""

    doc: Doc
    offset: int
    dates: list[DateMention]
    places: list[PlaceMention]
    quotes: list[tuple[int, int]] = field(default_factory=list)  # char spans of quotations
    armed_group: str | None = None  # the one armed group the paragraph names, if only one
    last_date: DateRange | None = None  # the date of the paragraph's last dated event
    # where its words were spoken ("told a press conference in Rawalpindi"): no place for the next sentence
    venues: set[int] = field(default_factory=set)


@dataclass
class _State:
    """What one document's extraction remembers from sentence to sentence."""

    document: Document
    voice: str | None  # actor id of the issuer when the document is a party's own release
    country: str | None = None  # the report's country: its dateline's, else its first place's
    lead_text: str | None = None  # the report's first paragraph
    last_speaker: Speaker | None = None
    speakers: list[Speaker] = field(default_factory=list)  # every named speaker so far, in order
    previous_figure: tuple[str, str | None] | None = None  # group and side of the last figure
    counted: set[tuple[str, str, str | None]] = field(
        default_factory=set
    )  # (outcome, group, side) with a number
    outcomes: set[str] = field(default_factory=set)  # outcomes of the figures given so far


@dataclass
class _Unit:
    """One would-be claim of a sentence: a frame's words, or the document's own words."""

    frame: Frame | None
    scope: set[int]
    speaker: ActorRef | None = None
    service: tuple[str | None, str | None] = (None, None)
    kind: str | None = None  # forced kind (a quoted sentence, an issuer's own position)
    anaphoric: bool = False
    figures: bool = True  # whether the unit's figures are claimed here
    claimed: bool = False  # the sentence has a claim of responsibility for the act it names


def _overlap(first: DateRange | None, second: DateRange) -> bool:
    return first is not None and first.start <= second.end and second.start <= first.end


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each non-blank paragraph; sentences never cross a blank line."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            yield start, text[start : match.start()]
        start = match.end()
    if text[start:].strip():
        yield start, text[start:]


def quotations(text: str) -> list[tuple[int, int]]:
    """Char spans (opening to closing mark, inclusive) of the quotations in a paragraph."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    straight: int | None = None
    for index, char in enumerate(text):
        if char == "“":
            opened = index
        elif char == "”" and opened is not None:
            spans.append((opened, index + 1))
            opened = None
        elif char == '"':
            if straight is None:
                straight = index
            else:
                spans.append((straight, index + 1))
                straight = None
    return spans


class Extractor:
    """Extracts attributed claims from documents. Build once, call ``extract`` many times."""

    name = EXTRACTOR_NAME
    version = EXTRACTOR_VERSION

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        settings: Settings | None = None,
        actors: ActorIndex | None = None,
        gazetteer: Gazetteer | None = None,
    ):
        self.settings = settings or get_settings()
        self.actors = actors or ActorIndex(load_actors(knowledge_file(self.settings, "actors.yaml")))
        self.gazetteer = gazetteer or Gazetteer(load_places(knowledge_file(self.settings, "places.csv")))
        self.lexicon = load_lexicon(knowledge_file(self.settings, "lexicon.yaml"))
        self.nlp = nlp or build_nlp(self.settings, actors=self.actors.actors, places=self.gazetteer.places)
        self.dates = DateFinder()
        self.casualties = CasualtyFinder(self.lexicon, self.actors)
        self.attributor = Attributor(self.lexicon, self.actors)
        self.classifier = EventClassifier(self.lexicon)
        self.places = PlaceFinder(self.gazetteer, self.actors, self.lexicon)
        self.roles = ActorRoles(self.lexicon, self.actors, self.gazetteer)

    @property
    def extractor_id(self) -> str:
        return f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"

    # --- documents -----------------------------------------------------------------------------

    def extract(self, document: Document) -> list[Claim]:
        """Claims in ``document.text``; dates anchored on ``document.published`` (may be None)."""
        return next(iter(self.extract_many([document])))

    def extract_many(self, documents: Iterable[Document], *, batch_size: int = 64) -> Iterator[list[Claim]]:
        """Claims per document, in order; the paragraphs of all documents go through one ``nlp.pipe``."""
        documents = list(documents)
        blocks = [list(paragraphs(d.text)) for d in documents]
        # a dateline ("KABUL —") says where a report was filed; blanked (same length, so offsets hold)
        # it can be neither a place, a date nor a speaker
        skips = [[self._dateline(text) for _, text in doc_blocks] for doc_blocks in blocks]
        # hard-wrapped lines ("Khyber\nPakhtunkhwa") are one line to the parser: "\n" -> " " keeps offsets
        texts = (
            " " * skip + text[skip:].replace("\n", " ")
            for doc_blocks, doc_skips in zip(blocks, skips, strict=True)
            for skip, (_, text) in zip(doc_skips, doc_blocks, strict=True)
        )
        parsed = self.nlp.pipe(texts, batch_size=batch_size)
        for document, doc_blocks, doc_skips in zip(documents, blocks, skips, strict=True):
            docs = [next(parsed) for _ in doc_blocks]
            yield self._document(document, doc_blocks, doc_skips, docs)

    def _document(
        self, document: Document, blocks: list[tuple[int, str]], skips: list[int], docs: list[Doc]
    ) -> list[Claim]:
        state = _State(document=document, voice=self._issuer(document.source))
        state.country = self._report_country(blocks, skips, docs)
        state.lead_text = next(
            (doc_text(d) for (_, b), d in zip(blocks, docs, strict=True) if not b.lstrip().startswith("#")),
            None,
        )
        claims: list[Claim] = []
        spoke_before = False
        for (offset, block), skip, doc in zip(blocks, skips, docs, strict=True):
            if block.lstrip().startswith("#"):
                continue  # a Markdown heading: the title, not the body of the report
            if not spoke_before:
                state.last_speaker = None  # "he said" refers back one paragraph at most
            paragraph = _Paragraph(
                doc=doc,
                offset=offset,
                dates=self.dates.find(doc_text(doc), document.published),
                places=self.places.mentions(doc, skip_before=skip),
                quotes=quotations(doc_text(doc)),
            )
            sentences = [s for s in doc.sents if s.end_char > skip]
            frames = [self._frames(state, sent) for sent in sentences]
            spoke_before = any(f.speaker is not None for found in frames for f in found)
            paragraph.armed_group = self._armed_group(doc, frames)
            owners = self._quote_owners(paragraph, sentences, frames)
            for sent, found, owner in zip(sentences, frames, owners, strict=True):
                claims.extend(self._sentence(state, paragraph, sent, found, owner, skip))
        return self._with_lead(claims)

    def _report_country(self, blocks: list[tuple[int, str]], skips: list[int], docs: list[Doc]) -> str | None:
        """The country a report is about when a figure or a speaker needs one and its text gives none:
        the dateline's ("PESHAWAR:"; not "ISLAMABAD/KABUL —"), else the first place named."""
        for (_, text), skip in zip(blocks, skips, strict=True):
            if skip:
                names = re.split(r"[,/]", text[:skip].strip(" :—–-\t"))
                countries = {
                    place.country
                    for name in names
                    if (place := self.gazetteer.lookup(name.strip().title())) is not None
                }
                if len(countries) == 1:
                    return countries.pop() or None
                break
        for doc in docs:
            for ent in doc.ents:
                place = self.gazetteer.lookup(ent.text) if ent.label_ in ("GPE", "LOC", "FAC") else None
                if place is not None and place.country:
                    return place.country
        return None

    def _issuer(self, source: str | None) -> str | None:
        """The actor a document speaks for when its source is a party or an organisation itself."""
        if not source:
            return None
        actor = self.actors.exact(source) or self._issuer_named(source)
        if actor is not None:
            return actor
        # "Inter Services Public Relations (ISPR), press conference": the name before the comma,
        # or the acronym it gives in brackets
        name = source.split(",")[0].strip()
        bracketed = re.search(r"\(([^()]+)\)", name)
        for candidate in (name, bracketed.group(1).strip() if bracketed else None):
            actor = self.actors.exact(candidate) if candidate and candidate != source else None
            if actor is not None:
                return actor
        return None

    def _issuer_named(self, source: str) -> str | None:
        mentions = self.actors.find_all(source)
        if not mentions:
            return None
        last_word = source.split()[-1].lower().strip(".,")
        best = max(mentions, key=lambda m: m.end - m.start)
        if best.end >= len(source.rstrip(" .,")) or last_word in self.lexicon.speaker_roles:
            return best.actor  # "Islamic Emirate spokesman", "ISPR"; not "Afghanistan Cricket Board"
        return None

    def _dateline(self, text: str) -> int:
        """Length of a leading dateline; "ISPR:" is a speaker, not a place, and is kept."""
        end = dateline_end(text)
        word = text[:end].strip(" :—–-\t")
        first = re.split(r"[,/]", word)[0].strip()
        if end and self.gazetteer.lookup(first.title()) is None and self.actors.resolve(word):
            return 0
        return end

    # --- speakers across sentences -------------------------------------------------------------

    def _frames(self, state: _State, sent: Span) -> list[Frame]:
        frames = self.attributor.frames(sent, state.last_speaker)
        for frame in frames:
            if (
                not frame.anaphoric
                and frame.speaker is not None
                and frame.speaker.actor is None
                and frame.service is None
            ):
                earlier = self._named_before(state, frame.speaker.name)
                if earlier is not None:
                    # "Abdul Qahar Balkhi, spokesman for the ministry ..." then "Balkhi said": the same man
                    frame.speaker = ActorRef(name=frame.speaker.name, actor=earlier.ref.actor)
                    frame.service, frame.state = earlier.service, earlier.state
            if frame.anaphoric:
                self._role_antecedent(state, sent, frame)
            if frame.unresolved_anaphor and state.voice is not None:
                # "the spokesman said" in a release that named nobody before: its issuer
                frame.speaker = ActorRef(name=frame.speaker.name, actor=state.voice)
                frame.unresolved_anaphor = False
            if frame.memorable and not frame.anaphoric and frame.speaker is not None:
                state.last_speaker = frame.remembered
                state.speakers.append(frame.remembered)
        if not frames and state.voice is not None:
            issuer = self._issuer_subject(sent, state.voice)
            if issuer is not None:
                state.last_speaker = Speaker(issuer)  # "The Secretary-General ... He calls on ..."
        elif not frames:
            named = self._named_subject(sent)
            if named is not None:
                state.last_speaker = Speaker(named)  # "The spokesman, X, gave other numbers. He told ..."
        return frames

    @staticmethod
    def _named_before(state: _State, name: str) -> Speaker | None:
        """An earlier speaker whose full name ends with ``name`` (a surname, or first and last name),
        or the group "one of the officials" / "one of them" is one of."""
        part = re.match(
            r"(?i)^(?:one|two|some|each|either|both|neither) of (?:the |them$|those )?(\w+)?", name
        )
        if part is not None:
            noun = (part.group(1) or "").lower()
            for earlier in reversed(state.speakers):
                named = earlier.ref.name.lower().split()
                if (earlier.ref.actor is not None or earlier.service) and (
                    not noun or noun == "them" or noun in named
                ):
                    return earlier
            return None
        words = name.split()
        if not 1 <= len(words) <= 2 or not all(w[:1].isupper() for w in words):
            return None
        for earlier in reversed(state.speakers):
            known = earlier.ref.name.split(",")[0].split()
            if earlier.ref.actor is not None and len(known) > len(words) and known[-len(words) :] == words:
                return earlier
        return None

    def _named_subject(self, sent: Span) -> ActorRef | None:
        """A spokesman or official introduced as a sentence's subject without a reporting verb; the
        "he" of the next sentence is this person."""
        root = sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        tokens = phrase_tokens(subject)
        # "Zabihullah Mujahid, the Taliban government's chief spokesman, gave ...": the apposition
        # says it is a person who speaks for someone, whatever ner made of the name
        person = any(t.ent_type_ == "PERSON" for t in tokens) or any(
            t.lower_ in self.lexicon.speaker_roles for t in subject.subtree
        )
        actor = self.attributor.speaker_actor(subject) if person else None
        return ActorRef(name=span_text(tokens), actor=actor) if actor is not None else None

    def _role_antecedent(self, state: _State, sent: Span, frame: Frame) -> None:
        """ "the Team assesses", "the ministry said": a role noun points back to the last speaker it
        names (the Monitoring Team, a ministry), not merely the last one; pronouns keep the last."""
        doc = sent.doc
        roles = [
            doc[i].lower_
            for i in sorted(frame.speaker_tokens)
            if doc[i].lower_ in self.lexicon.anaphoric_speakers and doc[i].lower_ not in _PRONOUNS
        ]
        if not roles:
            return
        role = roles[-1]
        for earlier in reversed(state.speakers):
            if role in earlier.ref.name.lower().split():
                frame.speaker = ActorRef(name=earlier.ref.name, actor=earlier.ref.actor)
                frame.service, frame.state = earlier.service, earlier.state
                frame.unresolved_anaphor = False
                return
        if state.voice is not None:
            actor = self.actors.get(state.voice)
            names = [actor.name, *actor.aliases] if actor is not None else []
            if any(role in name.lower().split() for name in names):
                frame.speaker = ActorRef(
                    name=frame.speaker.name if frame.speaker else role, actor=state.voice
                )
                frame.unresolved_anaphor = False

    def _issuer_subject(self, sent: Span, voice: str) -> ActorRef | None:
        """In a release, a sentence whose subject is the issuer ("Security forces remain determined")."""
        root = sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return None
        tokens = phrase_tokens(subject)
        name = span_text(tokens)
        words = " ".join(t.lower_ for t in tokens if t.dep_ != "det")
        actor = self.attributor.speaker_actor(subject)
        if actor is None and words in self.lexicon.own_side_subjects:
            actor = voice  # "Security forces remain determined": the issuer's own forces
        if actor is None or self.actors.get(actor).type == "armed_group":
            return None
        related = set(self.actors.ancestors(actor)) & set(self.actors.ancestors(voice))
        return ActorRef(name=name, actor=actor) if related else None

    def _quote_owners(
        self, paragraph: _Paragraph, sentences: list[Span], frames: list[list[Frame]]
    ) -> list[Frame | None]:
        """For each sentence wholly inside a quotation, the frame that attributes the quotation."""
        owners: list[Frame | None] = [None] * len(sentences)
        previous: tuple[int, Frame] | None = None  # last sentence of the quotation before, its owner
        for start, end in paragraph.quotes:
            inside = [
                i
                for i, sent in enumerate(sentences)
                if start <= self._first_char(sent) and sent.end_char <= end + 2
            ]
            owner = None
            for i, sent in enumerate(sentences):
                if sent.end_char <= start or sent.start_char >= end + 2:
                    continue
                for frame in frames[i]:
                    verb = frame.verb.idx
                    if not start <= verb < end and frame.speaker is not None:
                        owner = frame
                        break
                if owner is not None:
                    break
            if owner is None and inside and previous is not None and inside[0] == previous[0] + 1:
                # '"... will respond," he said. "The claims are false."': the next quotation, unattributed,
                # goes on in the same voice
                owner = previous[1]
            if owner is None:
                previous = None
                continue
            for i in inside:
                owners[i] = owner
            touched = [
                i for i, sent in enumerate(sentences) if sent.start_char < end + 2 and sent.end_char > start
            ]
            previous = (max(touched), owner) if touched else None
        return owners

    @staticmethod
    def _first_char(sent: Span) -> int:
        words = [t for t in sent if not t.is_space]
        return words[0].idx if words else sent.start_char

    def _armed_group(self, doc: Doc, frames: list[list[Frame]]) -> str | None:
        """The one armed group a paragraph names other than as a speaker ("strikes on HGB hideouts")."""
        speaking = {i for found in frames for f in found for i in f.speaker_tokens}
        groups = set()
        for mention in self.actors.find_all(doc_text(doc)):
            actor = self.actors.get(mention.actor)
            if actor is None or actor.type != "armed_group":
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and any(t.i in speaking for t in span):
                continue
            words = f" {mention.words.lower()} "
            if any(f" {term} " in words for term in self.lexicon.collective_terms):
                return None
            groups.add(mention.actor)
        return next(iter(groups)) if len(groups) == 1 else None

    # --- one sentence --------------------------------------------------------------------------

    def _sentence(
        self,
        state: _State,
        paragraph: _Paragraph,
        sent: Span,
        frames: list[Frame],
        owner: Frame | None,
        skip: int,
    ) -> list[Claim]:
        blocked = [(d.start, d.end) for d in paragraph.dates]
        mentions = [m for m in self.casualties.find(sent, blocked=blocked) if m.start >= skip]

        units: list[_Unit] = []
        for frame in frames:
            if frame.relay or frame.nested:
                continue
            if frame.responsibility:
                # the claimant's statement; the act itself stays an event in the document's voice
                units.append(
                    _Unit(frame, frame.scope, frame.speaker, (None, None), kind="statement", figures=False)
                )
                continue
            speaker, service, anaphoric = frame.speaker, (frame.service, frame.state), frame.anaphoric
            if owner is not None and (frame.anaphoric or self._first_person(frame)):
                # "We expect ...", inside a quotation attributed at its end: the quotation's speaker
                speaker, service, anaphoric = owner.speaker, (owner.service, owner.state), True
            kinds = frame_kinds(frame)
            if frame.refined and any(m.anchor in frame.scope for m in mentions):
                # "said no post was captured and that 200 were killed": the figures are reported as
                # events; what the proposition also does (a denial ...) is a claim of its own
                units.append(
                    _Unit(frame, frame.scope, speaker, service, kind="event_report", anaphoric=anaphoric)
                )
            else:
                units.append(_Unit(frame, frame.scope, speaker, service, anaphoric=anaphoric))
                kinds = kinds[1:]
            for extra in kinds:
                units.append(
                    _Unit(
                        frame, frame.scope, speaker, service, kind=extra, anaphoric=anaphoric, figures=False
                    )
                )
            if frame.kind == "commitment":
                # "Pakistan and Afghanistan agreed to ...": each party's commitment is tracked alike
                for partner in frame.co_speakers:
                    units.append(_Unit(replace(frame, addressees=[]), frame.scope, partner, (None, None)))
        not_places: set[int] = set()
        speakers: set[int] = set()
        venues: set[int] = set()  # where words were spoken, kept for the next sentences
        for frame in frames:
            speakers |= frame.speaker_tokens
            if frame.verb.lower_ in ("according", "by") or frame.verb.dep_ == "parataxis":
                continue
            for child in frame.verb.children:
                # "told a press conference in Kabul", "addressing reporters in Peshawar": the venue
                # ("received reports that ... in Urgun": the reports are what is said, not a venue)
                if child.dep_ == "dobj" and frame.verb.lower_ in _EVENT_OBJECT_VERBS:
                    continue
                if child.dep_ == "advcl" and child.lower_ in _TOPIC_PARTICIPLES:
                    continue
                if child.dep_ in _VENUE_DEPS and child.lower_ not in self.lexicon.statement_nouns:
                    not_places |= {t.i for t in child.subtree}
                    if child.lower_ in AUDIENCE_NOUNS:
                        venues |= {t.i for t in child.subtree}  # "told a press conference in Rawalpindi"
                elif child.dep_ == "prep" and child.i < frame.verb.i and self._seat(child):
                    venues |= {t.i for t in child.subtree}  # "In Kabul, the spokesman told reporters"
                elif (
                    child.dep_ == "prep"
                    and child.i > frame.verb.i
                    and child.lower_ in _VENUE_PREPOSITIONS
                    and any(c.dep_ == "ccomp" and c.i < frame.verb.i for c in frame.verb.children)
                ):
                    # "..., the spokesperson told the weekly briefing in Islamabad": after the report
                    venues |= {t.i for t in child.subtree}
                elif (
                    child.dep_ == "prep"
                    and child.lower_ in _VENUE_PREPOSITIONS
                    and child.i > 0
                    and sent.doc[child.i - 1].lower_ in AUDIENCE_NOUNS
                    and sent.doc[child.i - 1].head == frame.verb
                ):
                    venues |= {t.i for t in child.subtree}  # "told reporters in Kabul that ..."
        paragraph.venues |= venues - speakers
        not_places |= venues | speakers
        for token in sent:
            # "planned and directed by handlers in Khost": where the plotters are, not where it happened
            if token.dep_ == "agent" and token.head.lower_ in self.lexicon.planning_verbs:
                not_places |= {t.i for t in token.subtree}
            # "Naib Subedar X, a resident of Khuzdar, embraced shahadat near Panjgur": a home, not a place
            if token.lower_ == "of" and token.head.lower_ in _HOME_NOUNS:
                for home in (c for c in token.children if c.dep_ == "pobj"):
                    not_places |= {home.i, *(t.i for t in home.lefts if t.dep_ == "compound")}
            # "since the Doha understanding", "the Istanbul process": a place naming an agreement
            if token.dep_ == "compound" and token.head.lower_ in _ACCORD_NOUNS:
                not_places.add(token.i)
            not_places |= self._care_place(token)
        voice = set(range(sent.start, sent.end))
        for frame in frames:
            if not frame.responsibility:
                voice -= frame.subtree | frame.speaker_tokens
        if owner is not None:
            units.append(
                _Unit(None, voice, owner.speaker, (owner.service, owner.state), kind="quoted", anaphoric=True)
            )
        elif not frames and self._rejected_report(sent):
            # "Claims that Pakistani fire killed three border guards are baseless": the document's
            # voice denies what the claims say; their figures are not asserted by anyone here
            units.append(_Unit(None, voice, kind="denial"))
        else:
            units.append(_Unit(None, voice, claimed=any(f.responsibility for f in frames)))
            if not frames and state.voice is not None and not any(m.anchor in voice for m in mentions):
                # a release's own words: its positions, demands, denials ("must take action")
                issuer = self._issuer_subject(sent, state.voice)
                spoken = self.attributor.kinds.kinds(sent.root, state.voice)
                located = any(sent.start <= m.token < sent.end for m in paragraph.places) or any(
                    sent.start_char <= d.start < sent.end_char for d in paragraph.dates
                )
                if self.classifier.event_type(sent.text) is not None and located:
                    # "forces conducted an operation in Mir Ali on the reported presence of khwarij":
                    # narration of an incident; "the killed khwarij were involved in target killings" is not
                    spoken = [k for k in spoken if k != "accusation"]
                for kind in spoken:
                    units.append(_Unit(None, voice, issuer, kind=kind, figures=False))

        words = [t for t in sent if not t.is_space]
        if not words:
            return []
        start = paragraph.offset + words[0].idx
        end = paragraph.offset + sent.end_char
        text = state.document.text[start:end]
        # spaCy's sentence may end in whitespace; the span must match the text exactly
        end = start + len(text.rstrip())
        text = state.document.text[start:end]
        # "Police in Lakki Marwat said": where the police serve, the place when the words name no other
        jurisdiction = {i for f in frames if f.service is not None for i in f.speaker_tokens}
        claims: list[Claim] = []
        said: set[tuple] = set()
        for unit in units:
            for claim in self._claims(
                state,
                paragraph,
                sent,
                unit,
                mentions,
                (start, end, text),
                len(claims),
                not_places,
                jurisdiction,
            ):
                if claim.kind != "event_report" and not claim.casualties:
                    # one claim per kind and speaker in a sentence ("reiterates that all parties must
                    # ..., and calls on both sides to ...": one demand), unless they place other events
                    event = claim.event
                    key = (
                        claim.kind,
                        claim.speaker.actor if claim.speaker else None,
                        event.type if event else None,
                        event.location.name if event and event.location else None,
                        event.date.start if event and event.date else None,
                    )
                    if key in said:
                        continue
                    said.add(key)
                claims.append(claim)
        return claims

    def _rejected_report(self, sent: Span) -> bool:
        """A sentence that calls reports false: "Claims that X happened are baseless/propaganda"."""
        root = sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ not in _REPORT_NOUNS:
            return False
        verdict = [c for c in root.children if c.dep_ in ("acomp", "attr", "oprd")]
        return any(self.lexicon.denial_pattern.search(c.text) or c.lower_ == "propaganda" for c in verdict)

    def _care_place(self, token: Token) -> set[int]:
        """Where the wounded were taken or treated, not where it happened: "shifted to CMH Bannu",
        "treated in hospitals in Sharana", "taken to the Civil Hospital in Quetta". A hospital that was
        the target ("attacked a hospital in Quetta") stays a place."""
        if token.dep_ == "prep" and token.lower_ == "to" and token.head.lower_ in _TRANSFER_VERBS:
            return {t.i for t in token.subtree}  # "evacuated to Peshawar"
        if token.lower_ not in _CARE_NOUNS:
            return set()
        head = token
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head  # "CMH Bannu", "District Headquarters Hospital Tank"
        if head.dep_ == "pobj":
            prep = head.head
            verb = prep.head
            while verb.dep_ in ("pobj", "prep") and verb.head.i != verb.i:
                verb = verb.head  # "treated for wounds in hospitals in Sharana"
            if (
                prep.lower_ == "to"
                or verb.lower_ in _CARE_VERBS
                or verb.lower_ in self.lexicon.reporting_verbs
            ):
                return {t.i for t in head.subtree}
        return set()

    def _seat(self, prep: Token) -> bool:
        """ "In Kabul," before a reporting verb: a capital that stands for its government is where
        the words were spoken ("In neighbouring Panjgur, officials said ..." places the report)."""
        if prep.lower_ not in _VENUE_PREPOSITIONS:
            return False
        place = next((c for c in prep.children if c.dep_ == "pobj"), None)
        return place is not None and self.actors.exact(span_text(phrase_tokens(place))) is not None

    def _first_person(self, frame: Frame) -> bool:
        return frame.speaker is not None and frame.speaker.name.lower() in _FIRST_PERSON

    def _scope_text(self, doc: Doc, scope: set[int]) -> str:
        return "".join(doc[i].text_with_ws for i in sorted(scope))

    def _date(
        self,
        paragraph: _Paragraph,
        lo: int,
        hi: int,
        scope_chars: list[tuple[int, int]],
        spoken: list[tuple[int, int]],
    ) -> DateRange | None:
        resolved = [
            d for d in paragraph.dates if d.range is not None and not any(a <= d.start < b for a, b in spoken)
        ]
        # a period ("whose whereabouts have been unknown since 14 August") gives way to a day, and
        # "today" to another date ("summoned today over the attack on the night of 27/28 September")
        resolved.sort(key=lambda d: (d.range.precision == "period", d.text.lower().strip() == "today"))
        for d in resolved:
            if any(a <= d.start < b for a, b in scope_chars):
                return d.range
        for d in resolved:
            if lo <= d.start < hi:
                return d.range
        resolved.sort(key=lambda d: d.start)
        # else the paragraph's last event date ("More than 120 people were wounded." after "Sunday's
        # bombing ... rose to 54 on Monday" is Sunday's), else the nearest date earlier in it
        if paragraph.last_date is not None:
            return paragraph.last_date
        earlier = [d for d in resolved if d.start < lo]
        return earlier[-1].range if earlier else None

    def _place(
        self,
        paragraph: _Paragraph,
        sent: Span,
        scope: set[int],
        not_places: set[int],
        jurisdiction: set[int] = frozenset(),
    ) -> tuple[PlaceMention | None, set[int]]:
        """The claim's place and the tokens it was picked from: its words, sentence, paragraph, and
        last the place a local service speaker is named after ("Police in Lakki Marwat said")."""
        own = scope - not_places
        sentence = set(range(sent.start, sent.end)) - not_places
        for tokens in (own, sentence):
            found = PlaceFinder.pick(paragraph.places, tokens)
            if found is not None:
                return found, tokens
        # the paragraph: the nearest sentence before, else the nearest after
        doc = paragraph.doc
        before = [m for m in paragraph.places if m.token < sent.start and m.token not in paragraph.venues]
        after = [m for m in paragraph.places if m.token >= sent.end]
        for group in (before[::-1], after):
            if group:
                first, last = sentence_of(doc, group[0].token)
                tokens = set(range(first, last))
                return PlaceFinder.pick(group, tokens), set()
        return PlaceFinder.pick(paragraph.places, jurisdiction), set()

    def _siblings(self, paragraph: _Paragraph, place: PlaceMention, tokens: set[int]) -> list[PlaceMention]:
        """Other places listed with the claim's place ("at Angoor Adda, Bajaur and Kurram")."""
        doc = paragraph.doc

        def top(token: Token) -> Token:
            while token.dep_ in ("conj", "compound") and token.head.i != token.i:
                token = token.head
            return token

        anchor = top(doc[place.token])
        found: list[PlaceMention] = []
        for mention in sorted(paragraph.places, key=lambda m: abs(m.token - place.token)):
            if mention is place or mention.token not in tokens or mention.place.id == place.place.id:
                continue
            if top(doc[mention.token]).i != anchor.i and not any(
                _listed(doc, other.token, mention.token) for other in (place, *found)
            ):
                continue
            inside = {mention.place.name, *mention.place.aliases}
            if place.place.admin1 in inside or place.place.admin2 in inside:
                continue  # "Spin Boldak, Kandahar": the province of the place, not another place
            if (
                mention.token >= 2
                and doc[mention.token - 1].lower_ == "of"
                and doc[mention.token - 2].lower_ in _FEATURE_NOUNS
            ):
                continue  # "the Barmal district of Paktika": the province of a listed place
            if mention.place.feature in ("country", "region"):
                continue
            if all(m.place.id != mention.place.id for m in found):
                found.append(mention)
        return found

    def _kind(self, unit: _Unit, own: list[CasualtyMention], scope_type: str | None) -> str:
        frame = unit.frame
        if unit.kind is not None and unit.kind != "quoted":
            return unit.kind
        if frame is None:
            return "event_report"
        if frame.kind == "statement":
            if not own and frame.verb.lower_ in self.lexicon.condemnation_verbs:
                return "statement"  # "condemned the bombing": a position on an event, not a report of it
            return "event_report" if own or scope_type else "statement"
        return frame.kind

    def _claims(  # noqa: C901 - one readable sequence of decisions
        self,
        state: _State,
        paragraph: _Paragraph,
        sent: Span,
        unit: _Unit,
        mentions: list[CasualtyMention],
        where: tuple[int, int, str],
        index: int,
        not_places: set[int],
        jurisdiction: set[int],
    ) -> list[Claim]:
        scope = unit.scope
        frame = unit.frame
        if not scope:
            return []
        document = state.document
        doc = paragraph.doc
        own = [m for m in mentions if m.anchor in scope] if unit.figures else []
        scope_text = self._scope_text(doc, scope)
        scope_type = self.classifier.event_type(scope_text)
        if (
            scope_type == "arrests"
            and any(m.outcome == "killed" for m in own)
            and self.classifier.is_type("armed_clash", scope_text)
        ):
            scope_type = "armed_clash"  # "after an exchange of fire, nine were killed and four arrested"
        speaker = unit.speaker
        kind = self._kind(unit, own, scope_type)
        if unit.kind == "quoted":
            spoken = self.attributor.kinds.kinds(sent.root, speaker.actor if speaker else None)
            kind = "event_report" if own or scope_type else (spoken[0] if spoken else "statement")

        # where and when: the claim's own words first, then the sentence, then the paragraph
        place, place_tokens = self._place(paragraph, sent, scope, not_places, jurisdiction)
        said_when: set[int] = set()
        if frame is not None:
            # "the ISPR said on Saturday": when it was said, not when it happened
            # (a date after what is said belongs to it: "accused Pakistani forces of killing three
            # civilians in Dand-e-Patan on Saturday")
            said = [
                c.i
                for c in frame.verb.children
                if c.dep_ in _CONTENT_DEPS and c.i > frame.verb.i and c.lower_ not in AUDIENCE_NOUNS
            ]
            for child in frame.verb.children:
                if child.dep_ in ("prep", "npadvmod") and frame.verb.i < child.i < min(
                    said, default=len(doc)
                ):
                    said_when |= {t.i for t in child.subtree}
                if child.dep_ == "dobj" and child.lower_ in _ALLEGATION_NOUNS:
                    # "rejects the allegation, made by the spokesman on Monday, that ...": when it was made
                    for acl in (c for c in child.children if c.dep_ == "acl"):
                        said_when |= {
                            t.i for c in acl.children if c.dep_ in ("prep", "npadvmod") for t in c.subtree
                        }
                if (
                    child.dep_ == "advcl"
                    and child.lower_ not in _TOPIC_PARTICIPLES
                    and not any(c.dep_ == "mark" for c in child.children)
                ):
                    said_when |= {t.i for t in child.subtree}  # "Addressing reporters on Friday, X said"
        scope_chars = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in scope - said_when]
        spoken_at = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in said_when]
        when = self._date(paragraph, sent.start_char, sent.end_char, scope_chars, spoken_at)
        if kind == "event_report" and frame is None and not own and unit.kind is None:
            # the document's own words with no figure: an event only if it is placed (below the
            # country: "attacks inside Pakistan" is no incident) or dated here
            local_place = PlaceFinder.pick(
                [m for m in paragraph.places if m.place.feature != "country"], scope - not_places
            )
            local_date = any(
                d.range and any(a <= d.start < b for a, b in scope_chars) for d in paragraph.dates
            )
            claimed = any(
                t.dep_ == "dobj" and t.lower_ in self.lexicon.responsibility_nouns
                for t in (doc[i] for i in scope)
            )
            if scope_type is None or (local_place is None and not local_date and not claimed):
                return []

        service, service_state = unit.service
        if service is not None and speaker is not None:
            country = self._speaker_country(paragraph, frame, place, state)
            speaker = ActorRef(name=speaker.name, actor=self._service_actor(service, service_state, country))
        if frame is not None and speaker is None and kind == "statement":
            return []  # nobody says it and nothing happens in it
        if kind == "statement" and frame is not None and not frame.about and unit.kind is None:
            return []

        country = place.place.country if place is not None else None
        figures, state.previous_figure = self.casualties.settle(
            own,
            speaker=speaker.actor if speaker else None,
            voice=state.voice,
            country=country or state.country,
            previous=state.previous_figure,
            armed_group=paragraph.armed_group,
        )
        figures = self._new_figures(state, own, figures)

        tags = self.classifier.tags(sent.text)
        # safe havens and camps are standing situations: a report of one is evidence even without an act
        situation = bool(set(tags) & _SITUATION_TAGS) and kind in ("statement", "accusation", "denial")
        # an act named in words (an accusation, a denial) is an event only where the words place or
        # date it below the country level: "attacks inside Pakistan" is a pattern, not an incident
        located = (place is not None and place.place.feature not in ("country",)) or when is not None
        # an accusation's act is an event only where its sentence places or dates it, or the paragraph
        # names a place below the province ("Balochistan" from another sentence is not a place for it)
        located_here = (
            place is not None
            and place.place.feature not in ("country", "admin1")
            or (place is not None and bool(place_tokens) and place.place.feature != "country")
            or any(sent.start_char <= d.start < sent.end_char for d in paragraph.dates)
        )
        with_event = not (frame is not None and frame.responsibility) and (
            kind == "event_report"
            or bool(figures)
            or (situation and located)
            or (kind in ("accusation", "denial") and scope_type is not None and located_here)
            or (unit.kind is None and frame is None and scope_type is not None)
        )
        event = None
        actors: list[ActorRef] = []
        if with_event:
            event_type = scope_type or self.classifier.event_type(sent.text)
            if event_type is None and figures:
                event_type = self.classifier.event_type(doc_text(doc))
            exclude = frame.speaker_tokens if frame is not None else set()
            actors = self.roles.find(sent, scope, exclude=exclude)
            armed_targets = any(
                a.role == "target" and a.actor and self.actors.get(a.actor).type in _ARMED_TYPES
                for a in actors
            )
            if (figures or unit.claimed) and event_type in _GENERIC_TYPES:
                # "six policemen were martyred in the attack", "IS-K claimed the attack": the attack
                # the report described ("a suicide bomber rammed ... the gate") keeps its most specific type
                event_type = self._specific_type(paragraph, state, sent) or event_type
            event_type = EventClassifier.refine(event_type, figures, armed_targets)
            if (
                figures
                and all(f.outcome == "captured" for f in figures)
                and event_type not in ("arrests", "abduction_forced_disappearance")
                and self.classifier.is_type("arrests", sent.text)
            ):
                event_type = "arrests"  # "arrested three terrorists and recovered hand grenades"
            if speaker is not None and speaker.actor is not None:
                actors = [a for a in actors if not (a.actor == speaker.actor and a.role == "other")]
            actors = ActorRoles.add_casualty_sides(actors, figures)
            if (
                (when is not None and when.precision in _AGGREGATE_PRECISIONS)
                or self.lexicon.habitual_pattern.search(scope_text)
                or (not figures and place is not None and place.place.feature == "country")
            ):
                # "in the last two years 1,093 were killed", "600 attacks in 2024", "an average of 40
                # operations a day", "arrests in recent months": aggregates and habits, not incidents;
                # nor is an act placed only in a country ("reports of air strikes in Afghanistan")
                event_type = None
            event = Event(
                type=event_type,
                tags=tags,
                actors=actors,
                location=self.places.location(place) if place is not None else None,
                date=when,
            )
            if when is not None and event_type is not None:
                paragraph.last_date = when

        targets: list[ActorRef] = []
        if frame is not None and kind in ("accusation", "demand", "commitment"):
            targets = list(frame.addressees)
            if not targets:
                for ref in self.roles.find(sent, frame.about_tokens, exclude=frame.speaker_tokens):
                    if speaker is None or ref.actor != speaker.actor:
                        targets.append(ActorRef(name=ref.name, actor=ref.actor))

        start, end, text = where
        about = None
        if kind != "event_report":
            about = frame.about if frame is not None else _clean(scope_text)
        claim = Claim(
            id="clm_" + short_hash(document.id, start, end, kind, index),
            kind=kind,
            text=text,
            span=(start, end),
            speaker=speaker,
            polarity="denied" if kind == "denial" else "asserted",
            about=about,
            targets=targets,
            event=event,
            casualties=figures,
            confidence=0.0,
            extractor=self.extractor_id,
            document_id=document.id,
        )
        bare = sum(1 for m in own if not m.has_noun)
        confidence = claim_confidence(claim, anaphoric=unit.anaphoric, bare_figures=bare)
        claim = claim.model_copy(update={"confidence": confidence})
        found = [claim]
        if event is not None and place is not None and (kind == "event_report" or event.type is not None):
            # ACLED codes one event per named place: "at Angoor Adda, Bajaur and Kurram" is three; an
            # accusation that names the places ("operations in Spin Boldak and Barmal") says what it
            # says once, and the other places are reports of the same act
            for number, sibling in enumerate(self._siblings(paragraph, place, place_tokens), start=1):
                found.append(
                    claim.model_copy(
                        update={
                            "id": "clm_" + short_hash(document.id, start, end, kind, index, "place", number),
                            "kind": "event_report",
                            "polarity": "asserted",
                            "about": None,
                            "targets": [],
                            "casualties": [],
                            "event": event.model_copy(update={"location": self.places.location(sibling)}),
                        }
                    )
                )
        return found

    def _specific_type(self, paragraph: _Paragraph, state: _State, sent: Span) -> str | None:
        """A more specific type than "attack"/"armed_clash" named in the paragraph up to this sentence
        or in the report's lead (not the lead when the paragraph reports "a separate incident")."""
        described = doc_text(paragraph.doc)[: sent.end_char]
        lead = None if _SEPARATE.search(described) else state.lead_text
        for text in (described, lead):
            found = self.classifier.event_type(text) if text else None
            if found in _SPECIFIC_TYPES:
                return found
        return None

    def _new_figures(
        self, state: _State, own: list[CasualtyMention], figures: list[Casualty]
    ) -> list[Casualty]:
        """Drop a person named without a number when the document already counted those people.

        "Two policemen were martyred ... Constable X and Constable Y embraced martyrdom": the names
        restate the figure; "A constable was also killed" adds one.
        """
        kept = []
        for mention, figure in zip(own, figures, strict=True):
            key = (figure.outcome, figure.group, figure.side)  # one side's dead do not name the other's
            if mention.pronoun and figure.outcome in state.outcomes:
                continue  # "A policeman was shot dead. He was ...": the same person
            if mention.singular and not mention.pronoun and not mention.also and key in state.counted:
                continue
            if not mention.singular:
                state.counted.add(key)
            state.outcomes.add(figure.outcome)
            kept.append(figure)
        return kept

    def _speaker_country(
        self, paragraph: _Paragraph, frame: Frame | None, place: PlaceMention | None, state: _State
    ) -> str | None:
        """The country whose police / army / officials a service speaker is."""
        if frame is not None:
            for mention in paragraph.places:
                if mention.token in frame.speaker_tokens and mention.place.country:
                    return mention.place.country  # "Police in Lakki Marwat", "Balochistan Home Minister"
            doc = paragraph.doc
            for index in sorted(frame.speaker_tokens):
                # "Kandahar's provincial information department": a place named as an office's
                # seat is no event place (the finder leaves it out), but it says whose office it is
                if doc[index].ent_type_ in ("GPE", "LOC") and doc[index].ent_iob_ == "B":
                    entity = next(e for e in doc.ents if e.start == index)
                    found = self.gazetteer.lookup(entity.text)
                    if found is not None and found.country and found.feature != "country":
                        return found.country
            words = " ".join(doc[i].lower_ for i in sorted(frame.speaker_tokens))
            for office, country in self.lexicon.office_countries.items():
                if f" {office} " in f" {words} ":
                    return country  # "Chief Minister Sarfraz Bugti": an office of one country's system
            if (
                state.voice
                and frame.speaker is not None
                and not frame.speaker_tokens & {m.token for m in paragraph.places}
            ):
                # "according to information received by the Ministry" in a party's own release: its own
                return self.actors.country_of(state.voice)
        if place is not None and place.place.country:
            return place.place.country
        for mention in paragraph.places:
            if mention.place.country:
                return mention.place.country
        if state.country:
            return state.country
        return self.actors.country_of(state.voice) if state.voice else None

    def _service_actor(self, service: str, state: str | None, country: str | None) -> str | None:
        lexicon = self.lexicon
        if state is not None:
            if service == "police":
                return lexicon.police_speaker_by_country.get(self.actors.country_of(state) or "", state)
            if service == "forces":
                return lexicon.forces_of.get(state, state)
            return lexicon.government_of.get(state, state)
        if country is None:
            return None
        table = {
            "police": lexicon.police_speaker_by_country,
            "forces": lexicon.forces_by_country,
            "government": lexicon.government_by_country,
        }[service]
        return table.get(country)

    @staticmethod
    def _with_lead(claims: list[Claim]) -> list[Claim]:
        """Figures far from any place or date take the report's lead: its first placed / dated event.

        News and press releases set time and place once ("On the night of 11/12 October ... at
        Angoor Adda") and give the tolls paragraphs later; without this, those tolls cannot be
        reconciled. A place is only borrowed from an event whose dates overlap (a report often recalls
        an earlier strike elsewhere). Confidence is left as computed (lower: the claim had neither).
        """
        lead_date: DateRange | None = None
        placed: list[Event] = []
        typed: list[Event] = []
        settled = []
        for claim in claims:
            event = claim.event
            if (
                event is not None
                and claim.casualties
                and (event.location is None or event.date is None or event.type is None)
            ):
                date = event.date or lead_date
                update: dict = {"date": date} if event.date is None and date is not None else {}
                if event.location is None:
                    donor = next((e for e in placed if date is None or _overlap(e.date, date)), None)
                    if donor is not None:
                        update["location"] = donor.location
                if event.type is None and not (
                    event.date is not None and event.date.precision in _AGGREGATE_PRECISIONS
                ):
                    # "23 soldiers were killed and 29 wounded": in the fighting the report is about
                    donor = next((e for e in typed if date is None or _overlap(e.date, date)), None)
                    if donor is not None:
                        update["type"] = donor.type
                if update:
                    claim = claim.model_copy(update={"event": event.model_copy(update=update)})
            event = claim.event
            if (
                event is not None
                and event.type == "attack"
                and not any(c.group == "civilians" for c in claim.casualties)
            ):
                # "Attacks were reported at Angoor Adda, Bajaur ..." in a report of a border clash on
                # those dates: ACLED's "attack" is on civilians; these are the clash's fronts
                lead = next((e for e in typed if event.date is None or _overlap(e.date, event.date)), None)
                if lead is not None and lead.type == "armed_clash":
                    claim = claim.model_copy(
                        update={"event": event.model_copy(update={"type": "armed_clash"})}
                    )
            if claim.event is not None:
                lead_date = lead_date or claim.event.date
                if claim.event.location is not None:
                    placed.append(claim.event)
                if claim.event.type is not None:
                    typed.append(claim.event)
            settled.append(claim)
        return settled


def _listed(doc: Doc, first: int, second: int) -> bool:
    """Two places in one list whatever the parse: "in the Dand-e-Patan district of Paktia, the Spin
    Boldak district of Kandahar and ..." - only names, "district of X", commas and "and" between;
    "near Angoor Adda in South Waziristan and in Bajaur": a list that repeats its preposition."""
    low, high = sorted((first, second))
    between = doc[low + 1 : high]
    repeated = high - 2 > low and doc[high - 2].lower_ == "and" and doc[high - 1].lower_ in _LIST_PREPOSITIONS

    def breaks(token: Token) -> bool:
        if token.pos_ in ("VERB", "AUX"):
            return True
        if token.dep_ != "prep" and not (token.dep_ == "conj" and token.lower_ in _LIST_PREPOSITIONS):
            return False
        return token.lower_ != "of" and not (repeated and token.lower_ in _LIST_PREPOSITIONS)

    return (
        0 < len(between) <= 12
        and any(t.text == "," or t.lower_ == "and" for t in between)
        and not any(breaks(t) for t in between)
    )


def frame_kinds(frame: Frame) -> list[str]:
    """The kinds a frame's claim carries: its own, then any other its proposition adds."""
    return [frame.kind, *(k for k in frame.extra_kinds if k != frame.kind)]


def _clean(text: str) -> str | None:
    text = " ".join(text.split()).strip(" ,;:.\"'“”‘’-—–")
    return text or None


# --- the output contract -------------------------------------------------------------------------


def claims_payload(document: Document, claims: list[Claim]) -> dict:
    """The schema-v1 object for one document: ``{"schema", "document", "claims"}``."""
    return {
        "schema": CLAIMS_SCHEMA_ID,
        "document": {
            "id": document.id,
            "path": document.path,
            "title": document.title,
            "source": document.source,
            "published": document.published.isoformat() if document.published else None,
            "url": document.url,
            "language": document.language,
        },
        "claims": [claim.contract_dict() for claim in claims],
    }


def load_claims_schema() -> dict:
    """The packaged JSON Schema of ``claims_payload`` output (``pledgewatch.claims/v1``)."""
    return json.loads(knowledge_path(CLAIMS_SCHEMA_FILE).read_text(encoding="utf-8"))
