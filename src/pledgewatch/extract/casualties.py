"""Casualty figures: which numbers in a sentence are head counts, of whom, and what happened to them.

A number counts only when the parse ties it to a person noun ("23 soldiers", "six of the attackers")
or, with no noun, directly to an outcome word ("killing 12", "30 wounded"). Numbers inside dates,
after labels ("Article 5", "House No 12"), before units ("21 posts", "a 12-year-old") or in
apposition ("Ahmed Khan, 45,") never count. Subsets ("including 3 children") are skipped so that a
figure is not counted twice.

Quantity words (the original words are always kept in ``text``):
- "at least N", "more than N", "over N" -> low N, high null (open-ended; N itself is kept as low)
- "nearly / about / around / some / as many as N" -> low = high = N (the speaker's figure)
- "up to N" -> low 1, high N
- "15-20", "between 15 and 20", "15 or 16" -> low 15, high 20

Group and side come in two steps: ``find`` reads what the words say (the noun class, an actor or
demonym in the phrase, partisan markers); ``settle`` completes them once the speaker and the place
are known (ISPR's "martyred" soldiers are PAK.MIL; "policemen" in Pakistan are PAK.POL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from pledgewatch.extract.lexicon import Lexicon
from pledgewatch.extract.numbers import is_number_word, parse_figure
from pledgewatch.knowledge.actors import ActorIndex
from pledgewatch.models import Casualty

_NON_CARDINAL_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
_HEAD_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "attr", "ROOT", "npadvmod", "oprd", "dep"}
)
_SUBSET_WORDS = frozenset({"including", "among", "incl", "includes", "included"})
_COPULAS = frozenset({"was", "were", "is", "are", "be", "been", "include", "included", "includes"})
_MAX_CLIMB = 6
_PLACE_PREPOSITIONS = frozenset(
    {"in", "on", "at", "near", "from", "inside", "during", "across", "into", "within"}
)
_YEARS = range(1900, 2101)


@dataclass(frozen=True)
class CasualtyMention:
    """A figure as the text states it, before the speaker and place complete it."""

    outcome: str
    person_class: str | None  # security_forces | police | militants | civilians | unknown | None (no noun)
    side: str | None  # actor id named in the phrase
    country_actor: str | None  # from a demonym ("Pakistani soldiers" -> PAK)
    low: int
    high: int | None
    text: str
    start: int  # char offsets in the parsed text
    end: int
    anchor: int  # token index of the number, to place the figure under a speaker
    own_side: bool  # "martyred": the speaker's own dead
    enemy: bool  # "sent to hell": the speaker's enemy
    has_noun: bool


class CasualtyFinder:
    """Finds casualty figures in a parsed sentence. Built once; holds no per-document state."""

    def __init__(self, lexicon: Lexicon, actors: ActorIndex):
        self.lexicon = lexicon
        self.actors = actors

    # --- candidates ----------------------------------------------------------------------------

    def _number_spans(self, sent: Span, blocked: list[tuple[int, int]]) -> list[Span]:
        doc = sent.doc
        spans: list[Span] = []
        covered: set[int] = set()
        for ent in sent.ents:
            if ent.label_ in ("DATE", "TIME") and self._plain_figure(ent):
                spans.append(ent)  # ner reads "between 15 and 20" as a date; the date rules did not
                covered.update(range(ent.start, ent.end))
            elif ent.label_ in _NON_CARDINAL_LABELS:
                covered.update(range(ent.start, ent.end))
            elif ent.label_ == "CARDINAL" and any(is_number_word(t.text) for t in ent):
                spans.append(ent)
                covered.update(range(ent.start, ent.end))
        index = sent.start
        while index < sent.end:
            token = doc[index]
            if index in covered or not is_number_word(token.text):
                index += 1
                continue
            end = index + 1
            # join "twenty - three", "15 - 20", "15 to 20" that ner left apart
            while end < sent.end and (
                is_number_word(doc[end].text)
                or (
                    doc[end].text in ("-", "–", "to", "or", "and")
                    and end + 1 < sent.end
                    and is_number_word(doc[end + 1].text)
                )
            ):
                end += 1
            spans.append(doc[index:end])
            index = end
        return [s for s in spans if not any(s.start_char < e and b < s.end_char for b, e in blocked)]

    def _plain_figure(self, ent: Span) -> bool:
        words = ent.text.lower()
        for phrase, _kind in self.lexicon.modifiers:
            if words.startswith(phrase + " "):
                words = words[len(phrase) + 1 :]
                break
        figure = parse_figure(words)
        return figure is not None and figure.low not in _YEARS and (figure.high or 0) not in _YEARS

    # --- the words around a number -------------------------------------------------------------

    def _modifier(self, span: Span) -> tuple[str | None, int]:
        """A quantity word before (or inside) the number: ("open_low", start_char) etc."""
        doc = span.doc
        window_start = max(span.sent.start, span.start - 4)
        lead = doc[window_start : span.start].text.lower()
        inner = span.text.lower()
        for phrase, kind in self.lexicon.modifiers:
            if inner.startswith(phrase + " "):
                return kind, span.start_char
            if lead == phrase or lead.endswith(" " + phrase):
                return kind, doc[window_start].idx + len(lead) - len(phrase)
        return None, span.start_char

    def _is_label(self, span: Span) -> bool:
        doc = span.doc
        before = doc[span.start - 1] if span.start > span.sent.start else None
        after = doc[span.end] if span.end < span.sent.end else None
        if before is not None and before.lower_ in self.lexicon.number_labels:
            return True
        if before is not None and before.lower_ in ("aged", "age", "ages"):
            return True
        if after is not None and (after.lower_ in self.lexicon.non_person_units or after.text in ("-", "–")):
            nxt = doc[span.end + 1] if span.end + 1 < len(doc) else None
            if after.text not in ("-", "–") or (
                nxt is not None and nxt.lower_ in self.lexicon.non_person_units
            ):
                return True
        if span.root.dep_ == "appos":
            return True  # "Ahmed Khan, 45," is an age
        # a capitalised word right before a bare number names it ("Flight 302", "Resolution 2593")
        return (
            before is not None
            and before.i > span.sent.start
            and before.text[:1].isupper()
            and before.is_alpha
            and before.lower_ not in self.lexicon.reporting_verbs
            and self.actors.resolve(before.text) is None
        )

    def _person_class(self, noun: Token) -> str | None:
        lowered = noun.lower_
        after = noun.doc[noun.i : min(noun.i + 4, len(noun.doc))].text.lower()
        for idiom, group in self.lexicon.idioms.items():
            if after.startswith(idiom):
                return group
        for left in noun.lefts:
            if left.dep_ in ("compound", "amod") and left.i == noun.i - 1:
                two = f"{left.lower_} {lowered}"
                if two in self.lexicon.person_nouns:
                    return self.lexicon.person_nouns[two]
        if lowered in self.lexicon.person_nouns:
            return self.lexicon.person_nouns[lowered]
        actor = self.actors.resolve(noun.text)
        if actor is not None:
            kind = self.actors.get(actor).type
            if kind == "armed_group":
                return "militants"
            if kind in ("state_force", "de_facto_authority"):
                return "security_forces"
            if kind == "civilians":
                return "civilians"
        return None

    def _outcome_at(self, token: Token) -> tuple[str, list[Token]] | None:
        lowered = token.lower_
        sent_end = token.sent.end
        for entry in self.lexicon.outcomes:
            if lowered in entry.words:
                return entry.outcome, [token]
            tails = entry.phrases.get(lowered)
            if tails:
                for follower in token.doc[token.i + 1 : min(token.i + 5, sent_end)]:
                    if follower.lower_ in tails:
                        return entry.outcome, [token, follower]
        return None

    def _is_perpetrator(self, phrase_head: Token, verb: Token, outcome_tokens: list[Token]) -> bool:
        # "12 militants killed 3 soldiers": the subject of an active verb with an object did it
        # (but "embraced martyrdom", "lost their lives": that object is part of the outcome words)
        return phrase_head.dep_ == "nsubj" and any(
            c.dep_ == "dobj" and c not in outcome_tokens for c in verb.children
        )

    def _find_outcome(self, anchor: Token) -> tuple[str, list[Token]] | None:
        for child in anchor.children:
            if child.dep_ in ("acl", "amod", "relcl"):
                found = self._outcome_at(child)
                if found is None and child.dep_ == "relcl":
                    found = next((o for t in child.subtree if (o := self._outcome_at(t))), None)
                if found:
                    return found
        token = anchor
        for _ in range(_MAX_CLIMB):
            if token.dep_ in ("conj", "appos") and token.head is not token:
                # "12 policemen and one civilian were injured": share the verb of the first noun, but
                # not across a misparse that hangs the noun on an object ("embraced shahadat and 29 ...")
                if self._person_class(token.head) is None and not is_number_word(token.head.text):
                    break
                token = token.head
                continue
            head = token.head
            if head is token:
                break
            if head.lower_ in _SUBSET_WORDS:
                return None  # "including 3 children": part of a figure already counted
            if head.lower_ in self.lexicon.reporting_verbs and self._outcome_at(head) is None:
                break
            if head.lower_ == "by" and head.dep_ == "agent":
                return None  # "killed by 12 militants"
            if token.dep_ == "pobj" and head.lower_ in _PLACE_PREPOSITIONS:
                return None  # "in 30", "at 12": a misparse or a label, not people
            found = self._outcome_at(head)
            if found:
                return None if self._is_perpetrator(token, head, found[1]) else found
            if head.lower_ in _COPULAS:
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ == "among":
                        for pobj in child.children:
                            if (found := self._outcome_at(pobj)) is not None:
                                return found
            toll = next(
                (c for c in head.children if c.dep_ == "nsubj" and c.lower_ in self.lexicon.toll_words), None
            )
            if toll is None and head.lower_ in self.lexicon.toll_words:
                toll = head
            if toll is not None:
                return "killed", [toll]
            token = head
        # "left 10 dead", "30 wounded": an outcome word right after the figure
        doc = anchor.doc
        for follower in doc[anchor.i + 1 : min(anchor.i + 3, anchor.sent.end)]:
            if follower.is_punct:
                break
            found = self._outcome_at(follower)
            if found:
                return found
        return None

    # --- one figure ----------------------------------------------------------------------------

    def _mention(self, span: Span) -> CasualtyMention | None:
        figure = parse_figure(span.text)
        if figure is None:
            # ner sometimes keeps "at least" inside the entity: read the figure without it
            kind, _ = self._modifier(span)
            words = span.text.lower()
            for phrase, _kind in self.lexicon.modifiers:
                if words.startswith(phrase + " "):
                    figure = parse_figure(words[len(phrase) + 1 :])
                    break
            if figure is None:
                return None
        if self._is_label(span):
            return None
        root = span.root
        doc = span.doc
        noun: Token | None = None
        descriptor: list[Token] = []
        if root.dep_ in ("nummod", "quantmod", "compound") and root.head.i > root.i:
            noun = root.head
            descriptor = list(doc[span.end : noun.i + 1])
        elif root.dep_ in _HEAD_DEPS or root.dep_ in ("nummod",):
            partitive = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = (
                next((c for c in partitive.children if c.dep_ == "pobj"), None)
                if partitive is not None
                else None
            )
            if pobj is not None and pobj.lower_ not in ("them", "those", "whom", "these"):
                noun = pobj
                descriptor = list(doc[partitive.i + 1 : pobj.i + 1])
        else:
            return None
        person_class = self._person_class(noun) if noun is not None else None
        if noun is not None and person_class is None:
            return None  # "21 posts", "5 vehicles": not people
        anchor = noun if noun is not None else root
        found = self._find_outcome(anchor)
        if found is None:
            return None
        outcome, outcome_tokens = found

        # side and group words in the phrase itself
        words = " ".join(t.text for t in descriptor)
        for child in noun.children if noun is not None else ():
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > noun.i:
                words += " " + " ".join(t.text for t in child.subtree if t.dep_ not in ("relcl", "punct"))
        side = self.actors.resolve(words) if words.strip() else None
        country_actor = next(
            (self.lexicon.demonyms[t.lower_] for t in descriptor if t.lower_ in self.lexicon.demonyms), None
        )
        markers = {t.lower_ for t in outcome_tokens} | {t.lower_ for t in descriptor}
        own_side = bool(markers & self.lexicon.own_side_markers)
        enemy = bool(markers & self.lexicon.enemy_markers)

        modifier, start_char = self._modifier(span)
        low, high = figure.low, figure.high
        if not figure.is_range:
            if modifier == "open_low":
                high = None
            elif modifier == "upper":
                low = min(1, high or 1)
        end_token = max(span.end - 1, noun.i if noun is not None else span.end - 1)
        if noun is not None:
            for child in noun.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    end_token = max(end_token, max(t.i for t in child.subtree if t.dep_ != "punct"))
        first_outcome = min(t.i for t in outcome_tokens)
        last_outcome = max(t.i for t in outcome_tokens)
        end_char = doc[end_token].idx + len(doc[end_token].text)
        between = doc[end_token + 1 : first_outcome]
        if end_token < first_outcome <= end_token + 6 and not any(is_number_word(t.text) for t in between):
            # keep the speaker's own verb with the figure: "23 soldiers were martyred"
            end_char = doc[last_outcome].idx + len(doc[last_outcome].text)
        elif outcome_tokens[0].lower_ in self.lexicon.toll_words and first_outcome < span.start:
            start_char = min(
                start_char, min(t.idx for t in outcome_tokens[0].subtree if t.i <= first_outcome)
            )
        elif last_outcome < span.start and span.start - last_outcome <= 2:
            start_char = min(start_char, doc[first_outcome].idx)
        return CasualtyMention(
            outcome=outcome,
            person_class=person_class,
            side=side,
            country_actor=country_actor,
            low=low,
            high=high,
            text=doc.text[start_char:end_char],
            start=start_char,
            end=end_char,
            anchor=root.i,
            own_side=own_side,
            enemy=enemy,
            has_noun=noun is not None,
        )

    def find(self, sent: Span, *, blocked: Iterable[tuple[int, int]] = ()) -> list[CasualtyMention]:
        """Casualty figures in one sentence; ``blocked`` are char ranges (dates) that hold no figures."""
        mentions = []
        for span in self._number_spans(sent, list(blocked)):
            mention = self._mention(span)
            if mention is not None:
                mentions.append(mention)
        return mentions

    # --- completing group and side -------------------------------------------------------------

    def settle(
        self,
        mentions: list[CasualtyMention],
        *,
        speaker: str | None,
        country: str | None,
    ) -> list[Casualty]:
        """Casualties with group and side, given the speaker's actor id and the incident's country."""
        settled: list[Casualty] = []
        previous: tuple[str, str | None] | None = None
        for mention in mentions:
            if mention.person_class is None and previous is not None:
                group, side = previous  # "58 soldiers were killed, 30 wounded": the same people
            else:
                group, side = self._group_and_side(mention, speaker=speaker, country=country)
            previous = (group, side)
            settled.append(
                Casualty(
                    outcome=mention.outcome,
                    group=group,
                    side=side,
                    low=mention.low,
                    high=mention.high,
                    text=mention.text,
                )
            )
        return settled

    def _state_of(self, actor_id: str | None) -> str | None:
        """The state or authority an actor belongs to (PAK.MIL -> PAK), if any."""
        if actor_id is None:
            return None
        for ancestor in self.actors.ancestors(actor_id):
            if self.actors.get(ancestor).type in ("state", "de_facto_authority"):
                return ancestor
        return None

    def _force_of(self, state: str | None, *, police: bool) -> str | None:
        if state is None:
            return None
        table = self.lexicon.police_of if police else self.lexicon.forces_of
        return table.get(state, state)

    def _group_and_side(
        self, mention: CasualtyMention, *, speaker: str | None, country: str | None
    ) -> tuple[str, str | None]:
        person = mention.person_class
        police = person == "police"
        actor = mention.side
        actor_type = self.actors.get(actor).type if actor else None

        if person == "civilians":
            return "civilians", mention.country_actor if actor_type != "civilians" else None
        if actor_type == "armed_group":
            return "militants", actor
        if actor_type == "state_force":
            return "security_forces", actor
        if actor_type in ("state", "de_facto_authority"):
            # Taliban forces are security forces since Aug 2021, whatever a rival calls them
            return "security_forces", self._force_of(actor, police=police)
        if actor_type == "civilians":
            return "civilians", None

        if person in ("security_forces", "police"):
            side = self._force_of(mention.country_actor, police=police)
            if side is None and police and country:
                side = self.lexicon.police_by_country.get(country)
            if side is None and mention.own_side:
                speaker_state = self._state_of(speaker)
                if speaker_state is not None:
                    side = self._force_of(speaker_state, police=police)
                elif speaker is None and country:
                    table = self.lexicon.police_by_country if police else self.lexicon.forces_by_country
                    side = table.get(country)
            return "security_forces", side
        if person == "militants":
            return "militants", None
        if person == "unknown" or person is None:
            if mention.enemy:
                return "militants", None
            return "unknown", mention.country_actor
        return "unknown", None


def mention_with_offset(mention: CasualtyMention, offset: int) -> CasualtyMention:
    """The same mention with char offsets shifted into the document's text."""
    return replace(mention, start=mention.start + offset, end=mention.end + offset)
