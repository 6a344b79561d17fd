"""The rule-based claim extractor (``pledgewatch.rules``): document text in, schema-v1 claims out.

Steps per paragraph (each a small class built once in ``Extractor.__init__``):
1. spaCy parse (built once per process, see ``nlp.py``);
2. dates found and anchored on the publication date (``dates.py``); their numbers are never figures;
3. per sentence, reporting frames and speakers (``attribution.py``) and casualty figures
   (``casualties.py``); each figure goes to the frame whose words contain it, or to the document's
   own voice;
4. per frame (and for the document's voice), one claim: kind from the verb, event type and tags
   (``events.py``), place, date, actors with roles, figures completed with group and side, and a
   confidence (``confidence.py``).

A claim's ``text`` and ``span`` are the whole sentence it rests on; two claims from one sentence
(two speakers) share the span and differ in id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from pledgewatch.config import Settings, get_settings
from pledgewatch.extract.attribution import Attributor, Frame
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
from pledgewatch.models import CLAIMS_SCHEMA_ID, ActorRef, Claim, DateRange, Document, Event, short_hash

EXTRACTOR_NAME = "pledgewatch.rules"
EXTRACTOR_VERSION = "0.1.0"
CLAIMS_SCHEMA_FILE = "schema/claims.v1.schema.json"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_ARMED_TYPES = frozenset({"state", "state_force", "de_facto_authority", "armed_group"})
_SITUATION_TAGS = frozenset({"safe_haven", "training_camp"})


@dataclass
class _Paragraph:
    """What the steps found in one paragraph, shared by its sentences."""

    doc: Doc
    offset: int
    dates: list[DateMention]
    places: list[PlaceMention]


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
        self.places = PlaceFinder(self.gazetteer)
        self.roles = ActorRoles(self.lexicon, self.actors, self.gazetteer)

    @property
    def extractor_id(self) -> str:
        return f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"

    def extract(self, document: Document) -> list[Claim]:
        """Claims in ``document.text``; dates anchored on ``document.published`` (may be None)."""
        blocks = list(paragraphs(document.text))
        claims: list[Claim] = []
        last_speaker: ActorRef | None = None
        # a dateline ("KABUL —") says where a report was filed; blanked (same length, so offsets hold)
        # it can be neither a place, a date nor a speaker
        skips = [self._dateline(text) for _, text in blocks]
        # hard-wrapped lines ("Khyber\nPakhtunkhwa") are one line to the parser: "\n" -> " " keeps offsets
        texts = (
            " " * skip + text[skip:].replace("\n", " ") for skip, (_, text) in zip(skips, blocks, strict=True)
        )
        for number, ((offset, _), doc) in enumerate(zip(blocks, self.nlp.pipe(texts), strict=True)):
            if number > 0 and not self._spoke_recently(claims, offset, blocks[number - 1][0]):
                last_speaker = None  # "he said" refers back one paragraph at most
            skip = skips[number]
            paragraph = _Paragraph(
                doc=doc,
                offset=offset,
                dates=self.dates.find(doc.text, document.published),
                places=self.places.mentions(doc, skip_before=skip),
            )
            for sent in doc.sents:
                found, last_speaker = self._sentence(document, paragraph, sent, last_speaker, skip)
                claims.extend(found)
        return self._with_lead(claims)

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
        settled = []
        for claim in claims:
            event = claim.event
            if event is not None and claim.casualties and (event.location is None or event.date is None):
                date = event.date or lead_date
                update: dict = {"date": date} if event.date is None and date is not None else {}
                if event.location is None:
                    donor = next((e for e in placed if date is None or _overlap(e.date, date)), None)
                    if donor is not None:
                        update["location"] = donor.location
                if update:
                    claim = claim.model_copy(update={"event": event.model_copy(update=update)})
            if claim.event is not None:
                lead_date = lead_date or claim.event.date
                if claim.event.location is not None:
                    placed.append(claim.event)
            settled.append(claim)
        return settled

    def _dateline(self, text: str) -> int:
        """Length of a leading dateline; "ISPR:" is a speaker, not a place, and is kept."""
        end = dateline_end(text)
        word = text[:end].strip(" :—–-\t")
        if end and self.gazetteer.lookup(word.split(",")[0].title()) is None and self.actors.resolve(word):
            return 0
        return end

    @staticmethod
    def _spoke_recently(claims: list[Claim], offset: int, previous_offset: int) -> bool:
        return any(
            c.speaker is not None and c.speaker.actor and previous_offset <= c.span[0] < offset
            for c in claims
        )

    # --- one sentence --------------------------------------------------------------------------

    def _sentence(
        self, document: Document, paragraph: _Paragraph, sent: Span, last_speaker: ActorRef | None, skip: int
    ) -> tuple[list[Claim], ActorRef | None]:
        frames = self.attributor.frames(sent, last_speaker)
        for frame in frames:
            if frame.speaker is not None and frame.speaker.actor is not None and not frame.anaphoric:
                last_speaker = frame.speaker
        blocked = [(d.start, d.end) for d in paragraph.dates]
        mentions = [m for m in self.casualties.find(sent, blocked=blocked) if m.start >= skip]

        units: list[tuple[Frame | None, set[int]]] = []
        for frame in frames:
            units.append((frame, frame.scope))
            if frame.kind == "commitment":
                # "Pakistan and Afghanistan agreed to ...": each party's commitment is tracked alike
                for partner in frame.co_speakers:
                    units.append((replace(frame, speaker=partner, addressees=[]), frame.scope))
        not_places: set[int] = set()
        for frame in frames:
            not_places |= frame.speaker_tokens
            for child in frame.verb.children:
                if child.dep_ in ("dobj", "dative", "nsubjpass"):
                    not_places |= {t.i for t in child.subtree}
        voice = set(range(sent.start, sent.end))
        for frame in frames:
            voice -= frame.subtree | frame.speaker_tokens
        units.append((None, voice))

        claims: list[Claim] = []
        words = [t for t in sent if not t.is_space]
        if not words:
            return [], last_speaker
        start = paragraph.offset + words[0].idx
        end = paragraph.offset + sent.end_char
        text = document.text[start:end]
        # spaCy's sentence may end in whitespace; the span must match the text exactly
        end = start + len(text.rstrip())
        text = document.text[start:end]
        for frame, scope in units:
            claim = self._claim(
                document, paragraph, sent, frame, scope, mentions, (start, end, text), len(claims), not_places
            )
            if claim is not None:
                claims.append(claim)
        return claims, last_speaker

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
        for d in resolved:
            if any(a <= d.start < b for a, b in scope_chars):
                return d.range
        for d in resolved:
            if lo <= d.start < hi:
                return d.range
        # else the nearest date earlier in the paragraph: later sentences often move on in time
        earlier = [d for d in resolved if d.start < lo]
        return earlier[-1].range if earlier else None

    def _claim(  # noqa: C901 - one readable sequence of decisions
        self,
        document: Document,
        paragraph: _Paragraph,
        sent: Span,
        frame: Frame | None,
        scope: set[int],
        mentions: list[CasualtyMention],
        where: tuple[int, int, str],
        index: int,
        not_places: set[int],
    ) -> Claim | None:
        if not scope:
            return None
        doc = paragraph.doc
        own = [m for m in mentions if m.anchor in scope]
        scope_text = self._scope_text(doc, scope)
        scope_type = self.classifier.event_type(scope_text)

        if frame is None:
            kind = "event_report"
        elif frame.kind == "statement":
            kind = "event_report" if own or scope_type else "statement"
        else:
            kind = frame.kind

        # where and when: the claim's own words first, then the sentence, then the paragraph
        sentence_tokens = set(range(sent.start, sent.end)) - not_places
        # earlier in the paragraph only: a later sentence often moves on to another event
        elsewhere = set(range(sent.start))
        place = (
            PlaceFinder.pick(paragraph.places, scope - not_places)
            or PlaceFinder.pick(paragraph.places, sentence_tokens)
            or PlaceFinder.pick(paragraph.places, elsewhere)
        )
        said_when: set[int] = set()
        if frame is not None:
            # "the ISPR said on Saturday": when it was said, not when it happened
            for child in frame.verb.children:
                if child.dep_ in ("prep", "npadvmod") and child.i > frame.verb.i:
                    said_when |= {t.i for t in child.subtree}
        scope_chars = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in scope - said_when]
        spoken = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in said_when]
        when = self._date(paragraph, sent.start_char, sent.end_char, scope_chars, spoken)
        if frame is None and not own:
            # the document's own words with no figure: an event only if it is placed or dated here
            local_place = PlaceFinder.pick(paragraph.places, scope - not_places)
            local_date = any(
                d.range and any(a <= d.start < b for a, b in scope_chars) for d in paragraph.dates
            )
            claimed = any(
                t.dep_ == "dobj" and t.lower_ in self.lexicon.responsibility_nouns
                for t in (doc[i] for i in scope)
            )
            if scope_type is None or (local_place is None and not local_date and not claimed):
                return None

        speaker = frame.speaker if frame is not None else None
        if frame is not None and frame.service and speaker is not None and place is not None:
            # "police said": the police of the country where it happened
            table = (
                self.lexicon.police_by_country
                if frame.service == "police"
                else self.lexicon.forces_by_country
            )
            speaker = ActorRef(name=speaker.name, actor=table.get(place.place.country))
        if frame is not None and speaker is None and kind == "statement":
            return None  # nobody says it and nothing happens in it
        if kind == "statement" and frame is not None and not frame.about:
            return None

        country = place.place.country if place is not None else None
        # the document's own voice is its issuer's: an ISPR press release's "martyred" are PAK.MIL
        voice = self.actors.resolve(document.source) if document.source else None
        casualties = self.casualties.settle(own, speaker=speaker.actor if speaker else voice, country=country)

        tags = self.classifier.tags(sent.text)
        # safe havens and camps are standing situations: a report of one is evidence even without an act
        situation = bool(set(tags) & _SITUATION_TAGS) and kind in ("statement", "accusation", "denial")
        with_event = (
            kind == "event_report"
            or bool(own)
            or situation
            or (kind in ("accusation", "denial") and scope_type is not None)
        )
        event = None
        if with_event:
            event_type = scope_type or self.classifier.event_type(sent.text)
            if event_type is None and own:
                event_type = self.classifier.event_type(doc.text)
            exclude = frame.speaker_tokens if frame is not None else set()
            actors = self.roles.find(sent, scope, exclude=exclude)
            armed_targets = any(
                a.role == "target" and a.actor and self.actors.get(a.actor).type in _ARMED_TYPES
                for a in actors
            )
            event_type = EventClassifier.refine(event_type, casualties, armed_targets)
            if speaker is not None and speaker.actor is not None:
                actors = [a for a in actors if not (a.actor == speaker.actor and a.role == "other")]
            actors = ActorRoles.add_casualty_sides(actors, casualties)
            event = Event(
                type=event_type,
                tags=tags,
                actors=actors,
                location=self.places.location(place) if place is not None else None,
                date=when,
            )

        targets: list[ActorRef] = []
        if frame is not None and kind in ("accusation", "demand", "commitment"):
            targets = list(frame.addressees)
            if not targets:
                about_tokens = frame.about_tokens
                for ref in self.roles.find(sent, about_tokens, exclude=frame.speaker_tokens):
                    if speaker is None or ref.actor != speaker.actor:
                        targets.append(ActorRef(name=ref.name, actor=ref.actor))

        start, end, text = where
        claim = Claim(
            id="clm_" + short_hash(document.id, start, end, kind, index),
            kind=kind,
            text=text,
            span=(start, end),
            speaker=speaker,
            polarity="denied" if kind == "denial" else "asserted",
            about=frame.about if frame is not None and kind != "event_report" else None,
            targets=targets,
            event=event,
            casualties=casualties,
            confidence=0.0,
            extractor=self.extractor_id,
            document_id=document.id,
        )
        bare = sum(1 for m in own if not m.has_noun)
        confidence = claim_confidence(claim, anaphoric=bool(frame and frame.anaphoric), bare_figures=bare)
        return claim.model_copy(update={"confidence": confidence})


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
