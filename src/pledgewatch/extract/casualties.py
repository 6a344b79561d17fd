"""Casualty figures: which numbers in a sentence are head counts, of whom, and what happened to them.

A number counts only when the parse ties it to a person noun ("23 soldiers", "six of the attackers")
or, with no noun, directly to an outcome word ("killing 12", "30 wounded", "eight bodies",
"1 fatality"). Numbers inside dates, after labels ("Article 5", "House No 12"), before units
("21 posts", "a 12-year-old") or in apposition ("Ahmed Khan, 45,") never count. A person named or
counted without a number ("a policeman was killed", "Sepoy X embraced martyrdom", "killing a
woman") is a figure of one.

Quantity words (the original words are always kept in ``text``; the gold conventions in
``eval/gold/extraction/README.md``):
- "at least N", "more than N", "over N" -> low N, high null (open-ended; N itself is kept as low)
- "nearly / about / around / some / as many as / up to N" -> low = high = N (the speaker's figure)
- "15-20", "between 15 and 20", "15 or 16", "nearly 25 to 30" -> low 15, high 20

Lists give one figure per item ("12 policemen and one civilian", "three soldiers and a Frontier
Corps officer"); an item without a noun takes the group of the figure before it ("37 civilians were
killed and 425 injured", "30 others were injured"), unless that figure counted things ("eleven posts
were destroyed and three were captured": posts). A subset after "including" or "among them" is a
figure only when it names another group than its total ("26 people, including 14 soldiers");
"16 khwarij, including four suicide bombers" is counted once. A casualty total is not a figure, its
bracketed break-down is, with the total's group ("142 civilian casualties (49 killed and 93
injured)"); a count by nationality of people already counted is not ("54 of the khwarij killed were
Afghan nationals"). The outcome comes from the words that govern the number: "four of the wounded
succumbed" died, "the number of injured put at 10" were injured, "claimed the lives of" killed.
Deaths the text puts down to heat, illness or accidents are not violent casualties.

Group and side come in two steps: ``find`` reads what the words say (the noun class, an actor or
demonym in the phrase, partisan markers, "its"/"our"); ``settle`` completes them once the speaker,
the issuer and the place are known (ISPR's "martyred" soldiers are PAK.MIL; "policemen" in Pakistan
are PAK.POL; soldiers whose side the text does not give belong to the forces of the country where
it happened, else to the speaker's own side).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.tokens import Span, Token

from pledgewatch.extract.attribution import doc_text, sentence_of
from pledgewatch.extract.lexicon import Lexicon
from pledgewatch.extract.numbers import is_number_word, parse_figure
from pledgewatch.knowledge.actors import ActorIndex
from pledgewatch.models import Casualty

_NON_CARDINAL_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
_HEAD_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "attr", "ROOT", "npadvmod", "oprd", "dep", "appos", "meta"}
)
_CODING_VERBS = frozenset({"coded", "estimated", "put", "recorded", "given", "counted", "reported", "placed"})
_SUBSET_WORDS = frozenset({"including", "among", "incl", "includes", "included"})
_COPULAS = frozenset({"was", "were", "is", "are", "be", "been", "include", "included", "includes"})
_MAX_CLIMB = 6
_PLACE_PREPOSITIONS = frozenset(
    {"in", "on", "at", "near", "from", "inside", "during", "across", "into", "within"}
)
_YEARS = range(1900, 2101)
_PRONOUNS = frozenset({"them", "those", "whom", "these", "they"})
_OWN_POSSESSIVES = frozenset({"its", "our", "their"})
_RANGE_JOINERS = frozenset({"-", "–", "—", "to"})
_LOSS_VERBS = frozenset({"lost", "lose", "loses", "losing"})
_TOLL_VERBS = frozenset({"put", "puts", "stood", "stands", "stand", "rose", "rise", "rises", "risen",
                         "rising", "reached", "reach", "reaches", "climbed", "climbs", "increased", "jumped",
                         "was", "is", "were", "bringing", "brought", "raising", "raised", "taking", "took",
                         "pushing", "pushed"})  # fmt: skip
_TOLL_NOUNS = frozenset({"number", "tally", "count", "figure"})
_LOSS_NOUNS = frozenset({"loss", "losses"})
# Decision: "attackers" killed are not given the one armed group their paragraph names: a claim of
# responsibility or an accusation names who sent them, and coders leave the side open until a source
# says it of the dead themselves (seen in three held-out sets)
_ATTACKER_NOUNS = frozenset({"attackers", "attacker", "assailants", "assailant", "gunmen", "gunman"})
_AGED_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "conj", "appos", "pobj"})
_BODY_NOUNS = frozenset({"body", "bodies", "remains", "corpse", "corpses"})
_GENERIC_FORCE_NOUNS = frozenset(
    {"officers", "officer", "personnel", "jawans", "jawan", "men", "commandos", "commando", "guards", "guard"}
)
_WOUND_NOUNS = frozenset({"wounds", "wound", "injuries", "injury"})
_GENERIC_PERSON_NOUNS = frozenset({"members", "member", "official", "officials", "men", "man", "personnel"})
_FAMILY_NOUNS = frozenset({"family", "families", "household", "households", "clan"})
_INTRANSITIVE_DEATHS = frozenset({"died", "dies", "succumbed", "perished", "expired"})
_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth"})
_PERSONAL_PRONOUNS = frozenset({"we", "they", "it", "he", "she", "i"})
_SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
_OUTCOME_NOUNS = frozenset({"bodies", "corpses", "deaths", "fatalities", "dead"})
_DEATH_VERBS = frozenset({"died", "succumbed", "perished", "expired", "killed", "dies", "martyred"})
_NATIONALITY_NOUNS = frozenset({"nationals", "citizens", "natives"})
_TOTAL_NOUNS = frozenset({"casualties", "victims", "people", "persons"})


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
    others: bool = False  # "30 others": the people of the figure before
    possessive: bool = False  # "its soldiers", "our men": the speaker's own side
    mixed: bool = False  # "Taliban and affiliated terrorists": several parties in one figure
    forces_mix: bool = False  # "soldiers and policemen": the state's forces together
    singular: bool = False  # one person named or counted without a number
    pronoun: bool = False  # "he was killed": one person, perhaps one already counted
    also: bool = False  # "was also killed": in addition to figures already given
    inherited: tuple[str | None, str | None] | None = None  # "23 of them": the group and side meant
    subset: bool = False  # "among them four children": a part of the figure before, of another group
    injured_too: bool = False  # "apprehended in injured condition": captured, and wounded as well
    generic_force: bool = False  # "officers", "personnel", "jawans": a force's people, not which force
    lost_by_speaker: bool = False  # "it had lost only two men": the losses of the party speaking
    attackers: bool = False  # "four attackers", "the gunmen": named by what they did, not who they are


class CasualtyFinder:
    """Finds casualty figures in a parsed sentence. Built once; holds no per-document state."""

    def __init__(self, lexicon: Lexicon, actors: ActorIndex):
        self.lexicon = lexicon
        self.actors = actors

    # --- candidates ----------------------------------------------------------------------------

    def _extend_range(self, span: Span) -> Span:
        """ "60 - 70" that ner cut after "60": join the rest of the range."""
        doc, end = span.doc, span.end
        while (
            end + 1 < sentence_of(doc, span.start)[1]
            and doc[end].text in _RANGE_JOINERS
            and is_number_word(doc[end + 1].text)
            and not (doc[end].text == "to" and doc[end - 1].lower_ in ("rose", "risen"))
        ):
            end += 2
            while end < sentence_of(doc, span.start)[1] and is_number_word(doc[end].text):
                end += 1
        return doc[span.start : end] if end != span.end else span

    def _number_spans(self, sent: Span, blocked: list[tuple[int, int]]) -> list[Span]:
        doc = sent.doc
        spans: list[Span] = []
        covered: set[int] = set()
        for ent in sent.ents:
            if ent.start in covered:
                continue  # the rest of a range joined to the entity before
            if (
                ent.label_ in ("DATE", "TIME")
                and ent[-1].lower_ in ("and", "to", "-", "–")
                and ent.end < sent.end
                and is_number_word(doc[ent.end].text)
            ):
                ent = doc[ent.start : ent.end + 1]  # "Between 15 and" | "18 khwarij": ner cut the range
                ent.label_ = "DATE"
            elif (
                ent.label_ in ("DATE", "TIME")
                and ent[0].lower_ == "between"
                and ent.end + 1 < sent.end
                and doc[ent.end].lower_ == "and"
                and is_number_word(doc[ent.end + 1].text)
            ):
                ent = doc[ent.start : ent.end + 2]  # "Between 12" | "and 14 khwarij"
                ent.label_ = "DATE"
            if ent.label_ in ("DATE", "TIME") and self._plain_figure(ent):
                spans.append(ent)  # ner reads "between 15 and 20" as a date; the date rules did not
                covered.update(range(ent.start, ent.end))
            elif (
                ent.label_ == "DATE"
                and is_number_word(ent[0].text)
                and len(ent) > 1
                and ent[1].lower_ not in self.lexicon.non_person_units
                and not any(ent.start_char < e and b < ent.end_char for b, e in blocked)
            ):
                # ner reads "up from 45 a day earlier" as one date; the date rules read no date here
                spans.append(ent[0:1])
                covered.update(range(ent.start, ent.end))
            elif (
                ent.label_ == "QUANTITY"
                and len(ent) > 1
                and is_number_word(ent[0].text)
                and (
                    ent[1].lower_ in self.lexicon.person_nouns or ent[-1].lower_ in self.lexicon.person_nouns
                )
            ):
                spans.append(ent[0:1])  # ner reads "917 khwarij" as a quantity: the people are counted
                covered.update(range(ent.start, ent.end))
            elif ent.label_ in _NON_CARDINAL_LABELS:
                covered.update(range(ent.start, ent.end))
            elif ent.label_ == "CARDINAL" and any(is_number_word(t.text) for t in ent):
                span = self._extend_range(ent)
                spans.append(span)
                covered.update(range(span.start, span.end))
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
        window_start = max(sentence_of(doc, span.start)[0], span.start - 4)
        words = [t for t in doc[window_start : span.start] if t.text not in ("“", '"', "‘", "'")]
        lead = " ".join(t.lower_ for t in words)
        inner = span.text.lower()
        for phrase, kind in self.lexicon.modifiers:
            if inner.startswith(phrase + " "):
                return kind, span.start_char
            if lead == phrase or lead.endswith(" " + phrase):
                first = words[len(words) - len(phrase.split())]
                return kind, first.idx
        return None, span.start_char

    @cached_property
    def _modifier_words(self) -> frozenset[str]:
        """Last words of the quantity modifiers ("around", "least"): never a label before a number."""
        return frozenset(phrase.split()[-1] for phrase, _kind in self.lexicon.modifiers)

    def _is_label(self, span: Span) -> bool:
        doc = span.doc
        sent_start, sent_end = sentence_of(doc, span.start)
        before = doc[span.start - 1] if span.start > sent_start else None
        after = doc[span.end] if span.end < sent_end else None
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
        if span.root.dep_ == "appos" and span.root.head.ent_type_ == "PERSON":
            return True  # "Ahmed Khan, 45," is an age
        # a capitalised word right before a bare number names it ("Flight 302", "Resolution 2593")
        opening = sent_start
        while opening < sent_end and doc[opening].is_punct:
            opening += 1  # a sentence opening with a quotation mark starts at its first word
        return (
            before is not None
            and before.i > opening
            and before.lower_ not in self._modifier_words
            and before.text[:1].isupper()
            and before.is_alpha
            and before.lower_ not in self.lexicon.reporting_verbs
            and before.lower_ not in self.lexicon.person_nouns
            and self.actors.resolve(before.text) is None
        )

    def _person_class(self, noun: Token) -> str | None:
        lowered = _hyphenated(noun)  # "passers-by" ends in the token "by"
        after = " ".join(t.lower_ for t in noun.doc[noun.i : min(noun.i + 5, len(noun.doc))])
        for idiom, group in self.lexicon.idioms.items():
            if after.startswith(idiom) or after.startswith(idiom.replace(" the ", " ")):
                return group
        for left in noun.lefts:
            if left.dep_ in ("compound", "amod") and left.i == noun.i - 1:
                two = f"{left.lower_} {lowered}"
                if two in self.lexicon.person_nouns:
                    return self.lexicon.person_nouns[two]
        if lowered in _GENERIC_PERSON_NOUNS:
            if lowered in ("members", "member"):
                # "five members of one family", "two members of the border forces"
                of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
                if whole is not None and whole.lower_ in _FAMILY_NOUNS:
                    return "civilians"
                if whole is not None and (group := self._person_class(whole)) not in (None, "unknown"):
                    return group
            for left in noun.lefts:
                # "a CTD official", "Levies men": the force's name says whose people they are
                group = (
                    self.lexicon.person_nouns.get(left.lower_) if left.dep_ in ("compound", "amod") else None
                )
                if group in ("police", "security_forces"):
                    return group
        if lowered in self.lexicon.person_nouns:
            group = self.lexicon.person_nouns[lowered]
            if group == "security_forces" and any(
                left.dep_ in ("compound", "amod") and self.lexicon.person_nouns.get(left.lower_) == "police"
                for left in noun.lefts
            ):
                return "police"  # "12 police recruits", "Levies sentries": the force's name decides
            return group
        if lowered in self.lexicon.singular_person_nouns:
            return self.lexicon.singular_person_nouns[lowered]
        singular = _singular_form(lowered)
        if singular in self.lexicon.singular_person_nouns:
            return self.lexicon.singular_person_nouns[
                singular
            ]  # "cooks", "tourists": the plural of one listed
        for left in noun.lefts:
            # "two civilian cooks", "a woman tourist": a noun the lexicon does not know, named by its modifier
            if (
                left.dep_ in ("compound", "amod")
                and left.i == noun.i - 1
                and noun.tag_ != "NNP"
                and lowered not in _TOTAL_NOUNS
                and self._outcome_at(noun) is None  # "civilian deaths", "civilian casualties": outcomes
            ):
                group = self.lexicon.singular_person_nouns.get(left.lower_)
                if group == "civilians":
                    return group
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
        if lowered == "treated" and any(c.lower_ == "being" for c in token.children):
            return "injured", [token]  # "28 people were still being treated": for wounds, in hospital
        sent_end = sentence_of(token.doc, token.i)[1]
        for entry in self.lexicon.outcomes:
            if lowered in entry.words:
                return entry.outcome, [token]
            tails = entry.phrases.get(lowered)
            if tails:
                for follower in token.doc[token.i + 1 : min(token.i + 8, sent_end)]:
                    if follower.lower_ in tails:
                        if follower.lower_ == "price" and not any(
                            c.lower_ in ("ultimate", "supreme") for c in follower.children
                        ):
                            break  # "paid the ultimate price", not "paid a heavy price"
                        return entry.outcome, [token, follower]
                for prep in token.children:
                    # "sent 'more than 50 khwarij and their facilitators' to hell": a long object
                    if prep.dep_ == "prep":
                        pobj = next(
                            (c for c in prep.children if c.dep_ == "pobj" and c.lower_ in tails), None
                        )
                        if pobj is not None:
                            return entry.outcome, [token, pobj]
        return None

    def _is_perpetrator(self, phrase_head: Token, verb: Token, outcome_tokens: list[Token]) -> bool:
        # "12 militants killed 3 soldiers": the subject of an active verb with an object did it
        # (but "embraced martyrdom", "lost their lives": that object is part of the outcome words)
        if any(c.dep_ == "dobj" and c in outcome_tokens for c in verb.children):
            return False  # "four civilians lost their lives and ..., two women among them": a second
            # object the parser hung on "lost" is a misparse, the phrase already has its object
        return phrase_head.dep_ == "nsubj" and any(
            c.dep_ == "dobj" and c not in outcome_tokens for c in verb.children
        )

    def _toll_of(self, head: Token) -> Token | None:
        """The toll word a verb or preposition reports: "the death toll rose to 54", "put at 16"."""
        # "put the number of militants killed at between 15 and 20": "at" hangs on "killed"
        candidates = [head, *list(head.ancestors)[:4]]
        for candidate in candidates:
            for child in (candidate, *candidate.children):
                if child.dep_ in ("nsubj", "nsubjpass", "dobj") or child is candidate:
                    if child.lower_ in self.lexicon.toll_words:
                        return child
                    if child.lower_ in _TOLL_NOUNS and any(
                        c.dep_ == "prep" and c.lower_ == "of" for c in child.children
                    ):
                        return child  # "the number of martyred soldiers stands at 23"
        return None

    def _toll_outcome(self, toll: Token) -> tuple[str, list[Token]]:
        """What a toll word counts: "the number of injured civilians" counts the injured; a bare
        "toll" or "the number of martyred soldiers" the dead."""
        if toll.lower_ in _TOLL_NOUNS:
            for child in toll.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for word in child.subtree:
                        found = self._outcome_at(word)
                        if found is not None and found[0] != "killed":
                            return found[0], [toll]
        return "killed", [toll]

    def _find_outcome(self, anchor: Token, person_class: str | None) -> tuple[str, list[Token]] | None:  # noqa: C901
        if anchor.dep_ == "dobj" and (found := self._outcome_at(anchor.head)) is not None:
            return found  # "shot dead a man who had been missing": the verb, not the clause after
        total = self._pronoun_subset_total(anchor)
        if total is not None:
            # "nine people had been wounded, among them six FC personnel": what happened to the total
            return self._find_outcome(total, self._person_class(total))
        doc = anchor.doc
        after = [t for t in doc[anchor.i + 1 : min(anchor.i + 8, sentence_of(doc, anchor.i)[1])]]
        words = [t.lower_ for t in after]
        if words[:3] == ["of", "them", "in"] and len(after) > 4 and words[4] == "condition":
            # "two were arrested, one of them in injured condition"
            found = self._outcome_at(after[3])
            if found is not None and found[0] == "injured":
                return found
        if words[:3] == ["of", "them", "with"] or words[:1] == ["with"]:
            # "two were apprehended, one of them with bullet wounds" (the parser may hang "with" anywhere)
            start = words.index("with")
            wound = next((t for t in after[start + 1 : start + 4] if t.lower_ in _WOUND_NOUNS), None)
            if wound is not None:
                return "injured", [wound]
        if anchor.dep_ == "appos":
            # "In Sar Hawza, nine civilians ... were martyred", "After an exchange of fire, six khwarij
            # ... were neutralised": the parser hung the subject on the fronted phrase before it
            for ancestor in list(anchor.ancestors)[:4]:
                found = self._outcome_at(ancestor)
                if found is None:
                    continue
                subject = next((c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if ancestor.i > anchor.i and (
                    subject is None
                    or (subject.i < anchor.i and not subject.like_num and self._person_class(subject) is None)
                ):
                    return found
                break
        if (
            anchor.dep_ == "pobj"
            and anchor.head.lower_ == "of"
            and anchor.head.head.dep_ == "nsubj"
            and anchor.head.head.head.lower_ in _INTRANSITIVE_DEATHS
            and (found := self._outcome_at(anchor.head.head.head)) is not None
        ):
            return found  # "One of the wounded policemen succumbed to his injuries": a death
        if anchor.dep_ == "nsubj" and anchor.head.lower_ in _INTRANSITIVE_DEATHS:
            found = self._outcome_at(anchor.head)
            if found is not None:
                return found  # "Two more constables wounded in the attack died": the verb, not the participle
        for subset in (c for c in anchor.children if c.dep_ == "prep" and c.lower_ in _SUBSET_WORDS):
            # "the 23 Pakistani nationals, including traders and two women, who were arrested": the
            # parser hangs the clause after the subset on its last item; it speaks of the total
            items = [c for c in subset.children if c.dep_ == "pobj"]
            while items and (more := [c for c in items[-1].children if c.dep_ == "conj"]):
                items.append(more[-1])
            for relcl in (c for t in items[-1:] for c in t.children if c.dep_ == "relcl"):
                if relcl.left_edge.i > 0 and anchor.doc[relcl.left_edge.i - 1].text == ",":
                    found = next((o for t in relcl.subtree if (o := self._outcome_at(t))), None)
                    if found:
                        return found
        for child in anchor.children:
            if child.dep_ in ("acl", "amod", "relcl"):
                found = self._outcome_at(child)
                if found is None and child.dep_ == "relcl":
                    found = next((o for t in child.subtree if (o := self._outcome_at(t))), None)
                if found:
                    return found
        token = anchor
        for _ in range(_MAX_CLIMB):
            if token.dep_ in ("conj", "appos") and token.head.i != token.i:
                # "12 policemen and one civilian were injured": share the verb of the first noun, but
                # not across a misparse that hangs the noun on an object ("embraced shahadat and 29 ...")
                if token.dep_ == "conj" and (found := self._outcome_at(token.head)) is not None:
                    return (
                        found  # "killing his wife and three of their children", "three" read as a verb's conj
                    )
                if (
                    self._person_class(token.head) is None
                    and not is_number_word(token.head.text)
                    and not (token.head.ent_type_ == "PERSON" or self._ranked_name(token.head))
                ):
                    break  # but "Captain X and four soldiers ... embraced shahadat" share the verb
                token = token.head
                if token.i < anchor.i:
                    # "The injured, among them a Levies naik and a ten-year-old boy" (the parser makes
                    # "injured" a modifier of the first item): what the first item's words say
                    for child in token.children:
                        if (
                            child.dep_ in ("acl", "amod")
                            and child.i < token.i
                            and (found := self._outcome_at(child))
                        ):
                            return found
                continue
            head = token.head
            if head.i == token.i:
                break
            if head.lower_ in _SUBSET_WORDS and head.dep_ != "prep":
                subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
                found = self._outcome_at(subject) if subject is not None else None
                if found is not None:
                    return found  # "the dead included at least three civilians"
            if head.lower_ in _SUBSET_WORDS:
                total = head.head if head.dep_ == "prep" else None
                if total is None or total is head:
                    return None
                if self._person_class(total) is None and not is_number_word(total.text):
                    # "put the number of dead in Bannu at nine, including two policemen": "including"
                    # hung on the verb; the total is the figure the verb puts
                    counted = [
                        p
                        for c in total.children
                        if c.dep_ == "prep"
                        for p in c.children
                        if p.dep_ == "pobj" and is_number_word(p.text) and p.i < token.i
                    ]
                    total = counted[-1] if counted else total
                total_class = self._person_class(total)
                if total_class is None and is_number_word(total.text):
                    total_class = "unknown"  # "put the number of dead at seven, including three policemen"
                if person_class is None or total_class in (None, person_class):
                    return None  # "including 3 children" of 10 civilians: part of a figure already counted
                token = (
                    total  # "8 people, including 3 cricketers, were killed": another group, its own figure
                )
                continue
            if head.lower_ in self.lexicon.reporting_verbs and self._outcome_at(head) is None:
                # "one trooper was claimed to be killed", "two were reported to have died"
                said = next((c for c in head.children if c.dep_ == "xcomp" and self._outcome_at(c)), None)
                if said is not None and token.dep_ in ("nsubjpass", "nsubj"):
                    return self._outcome_at(said)
                break
            if token.dep_ == "pobj" and head.lower_ == "as" and head.head.lower_ in _CODING_VERBS:
                subject = next(
                    (
                        c
                        for c in head.head.children
                        if c.dep_ in ("nsubj", "nsubjpass") and self._outcome_at(c)
                    ),
                    None,
                )
                if subject is not None:
                    return self._outcome_at(subject)  # "unknown fatalities coded as 3"
            if head.lower_ == "by" and head.dep_ == "agent":
                return None  # "killed by 12 militants"
            if token.dep_ == "pobj" and head.lower_ == "from" and head.head.lower_ in ("up", "down"):
                start, end = sentence_of(token.doc, token.i)
                toll = next((t for t in token.doc[start:end] if t.lower_ in self.lexicon.toll_words), None)
                if toll is not None:
                    return "killed", [toll]  # "rose to 54, up from 45"
                # "212 were killed this year, up from 168 in 2025": what the clause says happened
                return self._outcome_at(head.head.head) if head.head.head.i != head.head.i else None
            if token.dep_ == "pobj" and head.lower_ in _PLACE_PREPOSITIONS:
                toll = self._toll_of(head.head)
                if toll is not None:
                    return self._toll_outcome(toll)  # "the toll had been put at 16"
                break  # "in 30", "at 12": a misparse or a label, unless an outcome follows the figure
            found = self._outcome_at(head)
            if found:
                if self._is_perpetrator(token, head, found[1]):
                    return None
                return self._later_death(head) or found
            if head.lower_ in _LOSS_VERBS and token.dep_ == "dobj":
                return "killed", [head]  # "we have lost 57 policemen"
            if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _LOSS_NOUNS:
                return "killed", [head.head]  # "for the loss of three soldiers"
            if head.lower_ in _COPULAS:
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ == "among":
                        for pobj in child.children:
                            if (found := self._outcome_at(pobj)) is not None:
                                return found
                            for participle in (c for c in pobj.children if c.dep_ in ("acl", "amod")):
                                if (found := self._outcome_at(participle)) is not None:
                                    return found  # "Among those detained were 37 women and children"
                    if child.dep_ == "nsubj" and (found := self._outcome_at(child)) is not None:
                        return found  # "the dead included at least three civilians"
            toll = next(
                (c for c in head.children if c.dep_ == "nsubj" and c.lower_ in self.lexicon.toll_words), None
            )
            if toll is None and head.lower_ in self.lexicon.toll_words:
                toll = head
            if toll is None and head.lower_ in _TOLL_VERBS:
                toll = self._toll_of(head)
            if toll is not None:
                return self._toll_outcome(toll)
            if token.dep_ == "nsubjpass" and head.lower_ not in _COPULAS:
                for conj in (c for c in head.children if c.dep_ == "conj"):
                    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children) and (
                        found := self._outcome_at(conj)
                    ):
                        return found  # "two refugees, both labourers, were beaten and seriously injured"
            if token.dep_ in ("nsubj", "nsubjpass") and head.lower_ not in _COPULAS:
                break  # "2 militants attacked the post, and one was killed": the attackers did something else
            token = head
        # "left 10 dead", "30 wounded", "35 khawarij were sent to hell" (misparsed): an outcome
        # word right after the figure
        doc = anchor.doc
        window = 6 if anchor.dep_ != "dobj" else 3
        for follower in doc[anchor.i + 1 : min(anchor.i + window, sentence_of(doc, anchor.i)[1])]:
            if follower.is_punct or follower.lower_ in self.lexicon.reporting_verbs:
                break
            found = self._outcome_at(follower)
            if found:
                return found
        return None

    def _later_death(self, verb: Token) -> tuple[str, list[Token]] | None:
        """A later death: "was wounded and later succumbed to injuries" means the person died."""
        for conj in verb.children:
            if conj.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass", "det") for c in conj.children):
                continue
            if conj.lower_ not in _DEATH_VERBS:
                continue  # "1 injured and no fatalities": a noun, not a later death
            found = self._outcome_at(conj) or self._later_death(conj)
            if found is not None and found[0] == "killed":
                return found
        return None

    def _antecedent(self, number: Token) -> tuple[str | None, str | None] | None:
        """The people "them" means in "23 of them": the nearest person noun before, with its side."""
        token = self._antecedent_token(number)
        if token is None:
            return None
        if token.lower_ in ("injured", "wounded", "dead"):
            return "unknown", None
        words = " ".join(t.text for t in token.lefts if t.dep_ in ("compound", "amod", "nmod", "poss"))
        return self.lexicon.person_nouns[token.lower_], self.actors.resolve(f"{words} {token.text}".strip())

    def _antecedent_token(self, number: Token) -> Token | None:
        """The noun "them" points back to: the nearest plural person noun (or "the injured") before."""
        doc = number.doc
        start = sentence_of(doc, number.i)[0]
        if start > 0:
            start = sentence_of(doc, start - 1)[0]  # the sentence before may name them
        for token in reversed(doc[start : number.i]):
            if token.lower_ in ("injured", "wounded", "dead") and any(
                c.dep_ == "det" and c.lower_ == "the" for c in token.children
            ):
                return token  # "The injured ... where one of them later succumbed"
            if token.lower_ in self.lexicon.other_words or token.dep_ in ("compound", "amod"):
                continue  # "four others" are the people named before; "a Levies naik" is one naik
            plural = token.lower_.endswith("s") or any(
                c.dep_ in ("nummod", "quantmod") for c in token.children
            )
            if token.lower_ in self.lexicon.person_nouns and plural:  # "17 khwarij", "policemen"
                return token
        return None

    def _side_words(self, descriptor: list[Token], noun: Token | None) -> tuple[str | None, bool]:
        """The actor the figure's own words name, and whether they name several ("X and affiliated Y")."""
        words = " ".join(t.text for t in descriptor)
        if noun is not None:
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "of" and child.i > noun.i:
                    words += " " + " ".join(t.text for t in child.subtree if t.dep_ not in ("relcl", "punct"))
        if not words.strip():
            return None, False
        lowered = f" {words.lower()} "
        if any(f" {term} " in lowered for term in self.lexicon.collective_terms):
            return None, True  # "Fitna al Hindustan": several groups under one name
        mentions = {m.actor for m in self.actors.find_all(words)}
        coordinated = any(t.lower_ in ("and", "&") for t in descriptor) and (
            len(mentions) > 1 or any(t.lower_ in self.lexicon.affiliation_words for t in descriptor)
        )
        if coordinated:
            return None, True
        return (self.actors.resolve(words), False)

    def _owner(self, noun: Token | None, outcome_tokens: list[Token]) -> str | None:
        """Whose people a figure counts when its words name them only through another word: the
        subject of "lost" ("Afghan border forces lost one fighter") or what "their" points back to
        ("destroyed several Taliban posts, killing 15 of their fighters")."""
        verb = outcome_tokens[0]
        if verb.lower_ in _LOSS_VERBS and noun is not None and noun.dep_ == "dobj" and noun.head.i == verb.i:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ not in _PERSONAL_PRONOUNS:
                return self.actors.resolve(" ".join(t.text for t in subject.subtree))
        if noun is not None and any(c.dep_ == "poss" and c.lower_ == "their" for c in noun.children):
            doc = noun.doc
            start = sentence_of(doc, noun.i)[0]
            mentions = self.actors.find_all(doc_text(doc)[doc[start].idx : noun.idx])
            if mentions:
                return mentions[-1].actor
        return None

    def _parties_differ(self, noun: Token, joined: Token) -> bool:
        """Whether two nouns of one figure name different parties ("Taliban fighters and khwarij",
        "khwarij and terrorists"), not one party twice or the forces of one state."""

        def party(token: Token) -> str | None:
            words = [t.text for t in token.lefts if t.dep_ in ("compound", "amod", "nmod")] + [token.text]
            return self.actors.resolve(" ".join(words))

        first, second = party(noun), party(joined)
        if first == second:
            return False
        classes = {self._person_class(noun), self._person_class(joined)}
        return "militants" in classes and (first is not None or second is not None)

    def _other_party(self, noun: Token, joined: Token) -> bool:
        """Whether "X and their Y" names a second party in Y ("khwarij and their Taliban facilitators")."""
        if not any(c.dep_ == "poss" and c.lower_ == "their" for c in joined.children):
            return False
        theirs = {m.actor for m in self.actors.find_all(" ".join(t.text for t in joined.subtree))}
        return bool(theirs - {self.actors.resolve(noun.text)})

    @staticmethod
    def _subset_total(noun: Token) -> Token | None:
        """The total an apposed subset belongs to: "eight civilians, among them five children"."""
        first = noun
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.dep_ != "appos":
            return None
        items = [first, *(t for t in first.subtree if t.dep_ == "conj" and t.head.i >= first.i)]
        if any(c.dep_ == "prep" and c.lower_ in _SUBSET_WORDS for t in items for c in t.children):
            total = first.head
            counted = [
                c
                for c in total.children
                if c.dep_ == "appos"
                and c.i < first.i
                and any(g.dep_ in ("nummod", "quantmod") for g in c.children)
            ]
            if counted and not any(c.dep_ in ("nummod", "quantmod") for c in total.children):
                # "According to the officials, 19 civilians, among them eleven children, ...": both
                # hung on "officials"; the subset belongs to the counted noun before it
                return counted[-1]
            return total
        return None

    def _pronoun_subset_total(self, noun: Token) -> Token | None:
        """The total an "among them" subset belongs to: "killing eleven passengers, among them two
        women and a child". Read on the words, as the parser hangs "among them" anywhere."""
        first = noun
        while first.dep_ == "conj" and first.head.i < first.i and self._person_class(first.head) is not None:
            first = first.head
        doc = noun.doc
        opening = min([first.i, *(t.left_edge.i for t in first.lefts if t.dep_ != "prep")])
        start = sentence_of(doc, noun.i)[0]
        end = sentence_of(doc, noun.i)[1]
        if (
            noun.i + 2 < end
            and doc[noun.i + 1].lower_ == "among"
            and doc[noun.i + 2].lower_ in _PRONOUNS
            and opening - 1 >= start
            and doc[opening - 1].is_punct
        ):
            # "eleven were injured, two women among them": the subset after its total
            before = opening - 1
        elif (
            opening - 2 < start
            or doc[opening - 2].lower_ not in _SUBSET_WORDS
            or doc[opening - 1].lower_ not in _PRONOUNS
        ):
            return None
        else:
            before = opening - 2
        for token in reversed(doc[start:before]):
            if token.like_num and token.dep_ in ("nsubj", "nsubjpass", "dobj") and before == opening - 1:
                return token  # "eleven were injured, ...": a bare number counts people too
            if self._person_class(token) is not None and any(
                c.dep_ in ("nummod", "quantmod") for c in token.children
            ):
                return token
        return None

    def _nationality_count(self, span: Span) -> bool:
        """ "54 of the khwarij killed were Afghan nationals": a count by nationality of people
        already counted, not a figure of its own."""
        doc = span.doc
        end = min(span.end + 14, sentence_of(doc, span.start)[1])
        words = doc[span.end : end]
        for n, token in enumerate(words):
            if token.is_punct:
                return False
            if token.lower_ in ("were", "are", "was", "is"):
                rest = [t.lower_ for t in words[n + 1 : n + 4]]
                return any(w in _NATIONALITY_NOUNS for w in rest)
        return False

    def _bracket_owner(self, span: Span) -> tuple[str | None, str | None] | None:
        """The people a bracketed break-down counts: "142 civilian casualties (49 killed and 93
        injured)" are civilians; the total itself is no figure."""
        doc = span.doc
        start = sentence_of(doc, span.start)[0]
        for index in range(span.start - 1, max(start, span.start - 8) - 1, -1):
            token = doc[index]
            if token.text == ")":
                return None
            if token.text != "(":
                continue
            if index == start or doc[index - 1].lower_ not in _TOTAL_NOUNS:
                return None
            total = doc[index - 1]
            for left in total.lefts:
                word = left.lower_
                person = self.lexicon.person_nouns.get(word) or self.lexicon.singular_person_nouns.get(word)
                if person is not None:
                    side = self.lexicon.demonyms.get(word)
                    return person, side
            return None
        return None

    def _elided_thing(self, span: Span) -> bool:
        """A bare number after a count of things: "Eleven enemy posts were destroyed and three were
        captured" - the elided noun is "posts"."""
        doc = span.doc
        start = sentence_of(doc, span.start)[0]
        for token in reversed(doc[start : span.start]):
            if token.is_punct and token.text in (";", ":"):
                return False
            if (
                token.dep_ == "nummod"
                and is_number_word(token.text)
                and token.head.i > token.i
                and token.head.dep_ in ("nsubj", "nsubjpass", "dobj", "conj")
            ):
                noun = token.head  # the subject or object of a clause, not "in the last two years"
                return noun.lower_ in self.lexicon.non_person_units or (
                    self._person_class(noun) is None
                    and self._outcome_at(noun) is None
                    and noun.pos_ == "NOUN"
                )
            if token.lower_ in self.lexicon.person_nouns or self._outcome_at(token) is not None:
                return False
        return False

    @staticmethod
    def _counted(noun: Token) -> bool:
        """A noun with its own number or article ("one civilian", "a woman") is its own figure."""
        return any(c.dep_ in ("nummod", "quantmod", "det") for c in noun.children)

    # --- one figure ----------------------------------------------------------------------------

    def _mention(self, span: Span) -> CasualtyMention | None:  # noqa: C901 - one reading of one figure
        figure = parse_figure(span.text)
        before = [t for t in span.doc[max(0, span.start - 3) : span.start] if t.text not in "“”\"'‘’"]
        if figure is None and before and before[-1].lower_ == "between":
            figure = parse_figure("between " + span.text)  # 'claimed that "between six and eight" ...'
        if figure is None:
            # ner sometimes keeps "at least" inside the entity: read the figure without it
            words = span.text.lower().strip("“”\"' ")
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
        if root.lower_ == "between":
            # "between 15 and 20 Afghan Taliban ...": the parser may make the preposition the head
            root = next((t for t in span if t.dep_ in ("nummod", "quantmod") and t.head.i >= span.end), root)
        if root.lower_ == "one" and (
            any(c.dep_ in ("det", "relcl") for c in root.children)
            or (root.head.lower_ in _SUBSET_WORDS and not any(c.dep_ == "prep" for c in root.children))
        ):
            return None  # "the one announced earlier", "including one in which ...": a pronoun
        holders = [root] + ([root.head] if root.dep_ == "nsubj" and root.head.lower_ in _COPULAS else [])
        following = [t.lower_ for t in doc[span.end : min(span.end + 7, sentence_of(doc, span.start)[1])]]
        if (
            following[:3] == ["of", "them", "in"]
            and "condition" in following
            and following[3:4] not in (["injured"], ["wounded"])
        ):
            return None  # "28 people were still being treated, six of them in critical condition"
        # (but "two were arrested, one of them in injured condition" counts one wounded)
        if following[3:4] not in (["injured"], ["wounded"]) and any(
            c.dep_ == "prep" and c.lower_ == "in" and any(p.lower_ == "condition" for p in c.children)
            for holder in holders
            for c in holder.children
        ):
            # "nearly 30 ..., eight of them in critical condition", "two of them are in critical
            # condition": a condition of people already counted, not a count
            return None
        noun: Token | None = None
        descriptor: list[Token] = []
        inherited = None
        partitive_outcome = None
        own_people = False
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
            if pobj is not None and pobj.lower_ in _PRONOUNS:
                inherited = self._antecedent(root)
                after = doc[pobj.i + 1] if pobj.i + 1 < sentence_of(doc, pobj.i)[1] else None
                if after is not None and self._person_class(after) not in (None, "unknown"):
                    # "killed 19 people, 11 of them labourers": the part named after "of them" is a
                    # figure when it names another group ("nine civilians, six of them children" is not)
                    if inherited is not None and inherited[0] == self._person_class(after):
                        return None
                    noun, descriptor, inherited = after, [after], None
                    antecedent = self._antecedent_token(root)
                    if antecedent is not None:
                        partitive_outcome = self._find_outcome(antecedent, self._person_class(antecedent))
            elif pobj is not None and pobj.lower_ == "own":
                # "admitted to losing only three of their own": the speaker's side's people
                inherited, own_people = ("security_forces", None), True
            elif pobj is not None and (outcome := self._outcome_at(pobj)) is not None:
                partitive_outcome = outcome  # "four of the dead were policemen"
                if root.dep_ in ("nsubj", "nsubjpass") and root.head.lower_ in _DEATH_VERBS:
                    partitive_outcome = "killed", [root.head]  # "four of the wounded succumbed"
                if self._nationality_count(span):
                    return None
                attr = next(
                    (c for c in root.head.children if c.dep_ in ("attr", "acomp") and c.i > root.i), None
                )
                if attr is not None and self._person_class(attr) is not None:
                    noun = attr
                    descriptor = [attr]
                elif partitive_outcome is outcome:
                    # "two of the dead terrorists were wanted in ...", "two of the injured were in
                    # critical condition": people already counted, described, not counted again
                    return None
            elif pobj is not None:
                if self._nationality_count(span):
                    return None  # "54 of the khwarij killed were Afghan nationals": who, not how many
                if (
                    any(c.dep_ == "amod" and self._outcome_at(c) for c in pobj.children)
                    and root.dep_ in ("nsubj", "nsubjpass")
                    and self._outcome_at(root.head) is None
                ):
                    return None  # "two of the dead terrorists were wanted in ...": counted already
                noun = pobj
                descriptor = list(doc[partitive.i + 1 : pobj.i + 1])
        else:
            return None
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _BODY_NOUNS:
            partitive_outcome = "killed", [root.head.head]  # "the body of one of the abducted passengers"
        if noun is None and inherited is None:
            # "killing “nearly 25 to 30” of them": the partitive the parser hung elsewhere
            rest = [
                t
                for t in doc[span.end : min(span.end + 4, sentence_of(doc, span.start)[1])]
                if t.text not in "“”\"'’"
            ]
            if len(rest) >= 2 and rest[0].lower_ == "of" and rest[1].lower_ in _PRONOUNS:
                inherited = self._antecedent(root)
            elif span.end < len(doc) and doc[span.end].text in "“\"'‘":
                # 'said 12 "Afghan Taliban and khwarij" were killed': the people are in the quotation
                quoted = next((t for t in rest[:3] if self._person_class(t) is not None), None)
                if quoted is not None:
                    noun = quoted
                    descriptor = list(doc[span.end : noun.i + 1])
        while (
            noun is not None
            and noun.dep_ in ("nmod", "compound", "amod")
            and noun.head.i > noun.i
            and self._person_class(noun.head) is not None
        ):
            # "200 Taliban [and affiliated] fighters": the number hangs on a modifier of the noun
            noun = noun.head
            descriptor = list(doc[span.end : noun.i + 1])
        several_parties = classes_mixed = False
        if noun is not None:
            # "200 Taliban and affiliated terrorists": one figure of several parties, named by its
            # last noun (the speaker's own term); "12 policemen and one civilian" are two figures
            joined = [c for c in noun.children if c.dep_ == "conj" and not self._counted(c)]
            named_first = noun.lower_ not in self.lexicon.person_nouns and self.actors.resolve(noun.text)
            # "80 Taliban fighters and affiliated militants": the second noun marks the affiliation
            affiliated = bool(joined) and any(
                c.dep_ == "amod" and c.lower_ in self.lexicon.affiliation_words for c in joined[-1].children
            )
            if joined and (named_first or affiliated) and self._person_class(joined[-1]) is not None:
                descriptor = list(doc[span.end : joined[-1].i + 1])
                noun = joined[-1]
            elif joined and self._other_party(noun, joined[-1]):
                # "50 khwarij and their Taliban facilitators": one figure of several parties
                descriptor = list(doc[span.end : joined[-1].i + 1])
            elif (
                joined
                and self._person_class(joined[-1]) is not None
                and self._parties_differ(noun, joined[-1])
            ):
                # "1,268 khwarij and terrorists", "25 Taliban fighters and khwarij": one figure of
                # several parties, named by the speaker's last term, with no single side
                descriptor = list(doc[span.end : joined[-1].i + 1])
                noun = joined[-1]
                several_parties = True
            elif joined and {self._person_class(noun), self._person_class(joined[-1])} == {
                "security_forces",
                "civilians",
            }:
                several_parties = classes_mixed = True  # "1,240 security personnel and civilians"
        if noun is None and inherited is None:
            inherited = self._bracket_owner(span)  # "142 civilian casualties (49 killed and 93 injured)"
            if inherited is None and self._elided_thing(span):
                return None  # "Eleven posts were destroyed and three were captured": posts, not people
        elif inherited is None and self._person_class(noun) is None and self._outcome_at(noun) is not None:
            inherited = self._bracket_owner(span)  # "(19 killed and 27 injured)": "27" hangs on "injured"
        if (
            noun is not None
            and noun.lower_ in _NATIONALITY_NOUNS
            and noun.head.lower_ in _COPULAS
            and any(c.dep_ == "prep" and c.lower_ == "among" for c in noun.head.children)
        ):
            return None  # "21 Afghan nationals were among the attackers killed": who, not how many
        if noun is not None and noun.lower_ in _NATIONALITY_NOUNS and self._in_subset(noun):
            return None  # "1,268 khwarij, including 148 Afghan nationals": who, not how many
        person_class = self._person_class(noun) if noun is not None else None
        if classes_mixed:
            person_class = "unknown"  # forces and civilians in one figure: whoever they were
        if noun is not None and person_class is not None:
            total = self._subset_total(noun)
            if total is not None and self._person_class(total) is None:
                # "the attack ..., which claimed the lives of seven people, among them four police
                # officials": the parser hung the subset on "attack"; the words say whose subset it is
                total = self._pronoun_subset_total(noun)
            total = total or self._pronoun_subset_total(noun)
            if total is not None and self._part_of(total, person_class):
                return None  # "eight civilians, among them five children": part of a figure already given
        outcome_noun = None
        if noun is not None and person_class is None:
            outcome_noun = self._outcome_at(noun)
            if outcome_noun is None or noun.lower_ in self.lexicon.toll_words:
                return None  # "21 posts", "5 vehicles": not people
            person_class = "unknown"  # "eight bodies", "5 fatalities"
            for modifier in (c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i):
                named = self._person_class(modifier) or self.lexicon.singular_person_nouns.get(
                    modifier.lower_
                )
                if named is not None:
                    person_class = named  # "seven civilian deaths", "three police fatalities"
            following = doc[span.end] if span.end < sentence_of(doc, span.start)[1] else None
            if (
                following is not None
                and (noun is None or following.i != noun.i)
                and (said := self._outcome_at(following))
            ):
                # "3 injured and no fatalities": the word right after the number says what happened
                outcome_noun, noun, descriptor = said, None, []
                person_class = "unknown" if following.lower_ in _OUTCOME_NOUNS else None
        anchor = noun if noun is not None and partitive_outcome is None else root
        found = partitive_outcome or outcome_noun or self._find_outcome(anchor, person_class)
        if found is None and span.start > 0 and doc[span.start - 1].dep_ in ("relcl", "acl", "ROOT", "conj"):
            # "clashes that killed at least 11 people, ..., officials said", the parser making
            # "people" the subject of "said": the verb right before the figure says what happened
            found = self._outcome_at(doc[span.start - 1])
        if found is None:
            return None
        outcome, outcome_tokens = found
        others = noun is not None and noun.lower_ in self.lexicon.other_words
        if others:
            person_class = None

        side, mixed = self._side_words(descriptor, noun)
        if several_parties:
            side, mixed = None, True
        if side is None and not mixed:
            side = self._owner(noun, outcome_tokens)
        country_actor = next(
            (self.lexicon.demonyms[t.lower_] for t in descriptor if t.lower_ in self.lexicon.demonyms), None
        )
        possessive = noun is not None and any(
            c.dep_ == "poss" and c.lower_ in _OWN_POSSESSIVES for c in noun.children
        )
        forces_mix = False
        if noun is not None and person_class in ("security_forces", "police"):
            # "27 soldiers and policemen" share one number; "147 soldiers and 98 policemen" do not
            partners = {
                self._person_class(c) for c in noun.children if c.dep_ == "conj" and not self._counted(c)
            }
            forces_mix = bool(partners & ({"security_forces", "police"} - {person_class}))
            # "security personnel": the state's forces of every kind, soldiers and police alike
            forces_mix = forces_mix or (
                noun.lower_ == "personnel" and any(c.lower_ == "security" for c in noun.lefts)
            )
        markers = {t.lower_ for t in outcome_tokens} | {t.lower_ for t in descriptor}
        own_side = bool(markers & self.lexicon.own_side_markers) or own_people
        enemy = bool(markers & self.lexicon.enemy_markers)

        modifier, start_char = self._modifier(span)
        low, high = figure.low, figure.high
        if not figure.is_range and modifier == "open_low":
            high = None
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
                start_char,
                min(t.idx for t in outcome_tokens[0].subtree if t.i <= first_outcome and not t.is_space),
            )
        elif last_outcome < span.start and span.start - last_outcome <= 2:
            start_char = min(start_char, doc[first_outcome].idx)
        if outcome_tokens[0].lower_ in _TOLL_NOUNS | self.lexicon.toll_words and person_class is None:
            # "the number of martyred soldiers stands at 23", "the toll among security personnel
            # had been 97": the people are in the "of" / "among" phrase
            of = next(
                (c for c in outcome_tokens[0].children if c.dep_ == "prep" and c.lower_ in ("of", "among")),
                None,
            )
            people = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if people is not None and (person_class := self._person_class(people)) is not None:
                forces_mix = forces_mix or (
                    people.lower_ == "personnel" and any(c.lower_ == "security" for c in people.lefts)
                )  # "the toll among security personnel": soldiers and police alike
                words = {t.lower_ for t in people.subtree}
                own_side = own_side or bool(words & self.lexicon.own_side_markers)
                side, mixed = self._side_words(list(people.subtree), None)
        if (
            person_class is None
            and noun is None
            and (
                outcome_tokens[0].lower_ in self.lexicon.toll_words | _TOLL_NOUNS
                or (
                    any(c.dep_ == "det" for c in root.children)
                    and not any(c.lower_ in self.lexicon.other_words for c in root.children)
                )
            )
        ):
            person_class = "unknown"  # "the toll rose to 54", "the 20 injured": whoever they were
            toll = outcome_tokens[0]
            for modifier in (c for c in toll.children if c.dep_ in ("compound", "amod", "nmod")):
                named = self._person_class(modifier)
                if named not in (None, "unknown"):
                    person_class = named  # "raising the police death toll to seven"
            if toll.lower_ in _LOSS_NOUNS and any(c.dep_ == "poss" for c in toll.children):
                # "put its own losses at four": a party's losses are its forces' dead
                person_class, possessive, own_side = "security_forces", True, True
            demonym = next(
                (self.lexicon.demonyms[c.lower_] for c in toll.children if c.lower_ in self.lexicon.demonyms),
                None,
            )
            if toll.lower_ in _LOSS_NOUNS and demonym is not None:
                person_class, country_actor = "security_forces", demonym  # "put Pakistani losses at over 20"
        if (
            person_class in (None, "unknown")
            and (noun is None or noun.i == outcome_tokens[0].i)
            and self._own_losses(outcome_tokens[0])
        ):
            # "put its own losses at two dead and five wounded": the figures are the party's losses
            person_class, possessive, own_side = "security_forces", True, True
        owner = next((c for c in outcome_tokens[0].children if c.dep_ == "poss"), None)
        named_owner = (
            self.actors.resolve(owner.text)
            if outcome_tokens[0].lower_ in _LOSS_NOUNS and owner is not None and owner.lower_ not in _PRONOUNS
            else None
        )
        if named_owner is not None and person_class in ("security_forces", "police", "unknown", None):
            # "put Pakistan's losses at around 20 soldiers": the losses of the party named, not the speaker's
            person_class = "security_forces" if person_class in ("unknown", None) else person_class
            country_actor, possessive, own_side = named_owner, False, False
        elif outcome_tokens[0].lower_ in _LOSS_NOUNS and person_class in ("security_forces", "police"):
            own_side = True  # "for the loss of three soldiers": the speaker's own
        lost_by_speaker = outcome_tokens[0].lower_ in _LOSS_VERBS and any(
            c.dep_ == "nsubj" and c.lower_ in ("it", "we", "i") for c in outcome_tokens[0].children
        )
        if lost_by_speaker:
            own_side = True  # "Pakistan said it lost six soldiers"
        return CasualtyMention(
            outcome=outcome,
            person_class=person_class,
            side=side,
            country_actor=country_actor,
            low=low,
            high=high,
            text=doc_text(doc)[start_char:end_char],
            start=start_char,
            end=end_char,
            anchor=root.i,
            own_side=own_side,
            enemy=enemy,
            has_noun=noun is not None or inherited is not None,
            others=others,
            possessive=possessive,
            mixed=mixed,
            forces_mix=forces_mix,
            also=any(c.lower_ == "also" for c in outcome_tokens[0].children),
            inherited=inherited,
            subset=noun is not None and self._in_subset(noun),
            injured_too=self._injured_too(outcome, outcome_tokens),
            generic_force=noun is not None and noun.lower_ in _GENERIC_FORCE_NOUNS,
            lost_by_speaker=lost_by_speaker,
            attackers=noun is not None and noun.lower_ in _ATTACKER_NOUNS,
        )

    @staticmethod
    def _own_losses(outcome: Token) -> bool:
        """Whether a figure's clause puts a party's own losses at it: the verb above the figure has
        "its/their (own) losses" as its object ("put its own losses at two dead and five wounded")."""
        for ancestor in list(outcome.ancestors)[:3]:
            for child in ancestor.children:
                if (
                    child.dep_ == "dobj"
                    and child.lower_ in _LOSS_NOUNS
                    and any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in child.children)
                ):
                    return True
        return False

    # --- one person without a number -----------------------------------------------------------

    @staticmethod
    def _aged(noun: Token) -> bool:
        """Whether the noun carries an age: "a 19-year-old seller", "a man aged 40"."""
        for child in noun.children:
            if (
                child.dep_ == "amod"
                and child.lower_ == "old"
                and any(t.lower_ in ("year", "years") for t in child.subtree)
            ):
                return True
            if (
                child.dep_ in ("acl", "amod")
                and child.lower_ == "aged"
                and any(t.like_num for t in child.subtree)
            ):
                return True
        return False

    def _singular(self, noun: Token, taken: set[int]) -> CasualtyMention | None:
        """A figure of one: "a policeman was killed", "killing a woman", "Sepoy X embraced martyrdom"."""
        lowered = _hyphenated(noun)
        # "The killed khwarij" that ner tags as a person is a group word, not a name
        named = (
            noun.ent_type_ == "PERSON" or self._ranked_name(noun)
        ) and lowered not in self.lexicon.person_nouns
        pronoun = lowered in _SINGULAR_PRONOUNS
        person_class = self.lexicon.singular_person_nouns.get(lowered)
        if (
            person_class is None
            and lowered in self.lexicon.person_nouns
            and noun.left_edge.lower_ in ("a", "an")
        ):
            # "a levies personnel was killed": a collective noun used for one person
            person_class = self._person_class(noun)
        if pronoun:
            person_class = "unknown"  # "He was killed in the attack", "killing him"
        if (
            person_class is None
            and lowered in self.lexicon.kin_nouns
            and any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in noun.children)
        ):
            person_class = "civilians"  # "killing his wife"
        if person_class is None and not named and not pronoun and self._aged(noun):
            # "a 45-year-old chowkidar", "a 19-year-old vegetable seller": an age makes the noun a
            # person; one the lexicon does not place in a force or group is a civilian
            person_class = "civilians"
        elided = self._elided_person(noun)
        if elided:
            person_class = "unknown"  # "a soldier was martyred and another injured": one more of them
        if person_class is None and not named:
            return None
        if noun.i in taken or any(c.dep_ in ("nummod", "quantmod") for c in noun.children):
            return None
        death_of = (
            noun.dep_ == "pobj"
            and noun.head.lower_ == "of"
            and noun.head.head.lower_
            in _OUTCOME_NOUNS
            | {"death", "killing", "murder", "assassination", "abduction", "kidnapping", "martyrdom"}
            and self._outcome_at(noun.head.head) is not None
        )
        root = noun.sent.root
        orphan = (
            named
            and (
                noun.dep_ == "appos" or (noun.dep_ == "conj" and noun.head.ent_type_ in ("GPE", "LOC", "FAC"))
            )
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
            and self._outcome_at(root) is not None
        )  # "..., near Panjgur, Naib Subedar X, age 41, ... embraced shahadat": the parse lost the subject
        if (
            noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "conj")
            and not death_of
            and not orphan
            and not (noun.dep_ == "pobj" and any(c.dep_ == "relcl" for c in noun.children))
            and not self._continues_list(noun)
            and not elided
            # "seven people, including a child, were injured": one person of another group
            and not (noun.dep_ == "pobj" and noun.head.lower_ in _SUBSET_WORDS)
            # "Among the dead ... was a 16-year-old mechanic": the parser may make the person the attribute
            and not (
                noun.dep_ == "attr"
                and any(c.dep_ == "prep" and c.lower_ == "among" for c in noun.head.children)
            )
        ):
            return None  # but "searching for a teacher whose whereabouts are unknown" is one
        determiner: str | None = None
        if person_class == "unknown" and lowered in _GENERIC_PERSON_NOUNS:
            person_class = self._person_class(noun) or person_class  # "a CTD official"
        if person_class == "security_forces" and any(
            self.lexicon.person_nouns.get(t.lower_) == "police" for t in noun.lefts if t.dep_ == "compound"
        ):
            person_class = "police"  # "a Levies naik": the force's name says police, not the rank
        if named:
            if noun.head.ent_type_ == "PERSON" and noun.dep_ != "conj":
                return None  # only the last word of a name
            ranks = [t.lower_ for t in noun.lefts if t.dep_ == "compound"]
            person_class = next(
                (self.lexicon.rank_titles[r] for r in ranks if r in self.lexicon.rank_titles), None
            )
            actor = self.actors.resolve(" ".join(t.text for t in noun.subtree if t.ent_type_ == "PERSON"))
            if actor is not None and person_class is None:
                kind = self.actors.get(actor).type
                person_class = "militants" if kind == "armed_group" else None
            if person_class is None:
                return None  # a name alone is too unsure: the killer, a witness, a speaker
            side = actor if actor is not None and self.actors.get(actor).type == "armed_group" else None
        elif pronoun:
            if (noun.dep_ in ("nsubj", "nsubjpass")) == (lowered in ("him", "her")):
                return None  # "he was killed", "killing him"; not "he killed", "killed by him"
            side = None
        else:
            determiner = next((c.lower_ for c in noun.children if c.dep_ in ("det", "poss")), None)
            if noun.left_edge.lower_ in ("a", "an", "the", "one", "another"):
                determiner = noun.left_edge.lower_  # "a 'death squad' member": the article opens the phrase
            kin = lowered in self.lexicon.kin_nouns and determiner in ("his", "her", "their")
            if determiner not in ("a", "an", "the", "one", "another") and not kin:
                return None
            side = None
        first = noun
        while first.dep_ == "conj" and first.head.i < first.i and first.head.dep_ == "conj":
            first = first.head
        if first.dep_ == "conj" and first.head.i in taken and self._renames(first):
            return None  # "two civilians, a woman and her son, ...": the two again, by who they were
        if noun.dep_ == "conj" and noun.head.i in taken and (named or determiner not in ("a", "an", "one")):
            # "Two soldiers, Naik X and Sepoy Y": the names of a figure already given; but "three
            # soldiers and a Frontier Corps officer": another item of the list, counted on its own
            return None
        head = noun
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if (
            (head.dep_ == "appos" or head.head.dep_ == "appos")
            and not orphan
            and not self._continues_list(head)
        ):
            return None
        total = self._pronoun_subset_total(noun)
        if total is not None and self._part_of(total, person_class):
            return None  # "eleven passengers, among them ... a child": part of a figure already given
        if orphan:
            found = self._outcome_at(root)
        elif death_of:
            found = self._outcome_at(noun.head.head)  # "the deaths of a woman and two children"
        elif noun.dep_ == "pobj" and noun.head.lower_ not in _SUBSET_WORDS:
            relcl = next(c for c in noun.children if c.dep_ == "relcl")
            found = next((o for t in relcl.subtree if (o := self._outcome_at(t))), None)
        else:
            found = self._find_outcome(noun, person_class)
        if found is None:
            return None
        outcome, outcome_tokens = found
        if (
            any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
            and outcome_tokens[0].head == noun
            and outcome_tokens[0].i < noun.i
            and not any(t.is_punct for t in noun.doc[outcome_tokens[0].i : noun.i])
        ):
            return None  # "The martyred constable was identified as X": one already counted, named
        if noun.dep_ == "nsubj" and self._is_perpetrator(noun, outcome_tokens[0], outcome_tokens):
            return None
        verb = outcome_tokens[0]
        if (
            verb.dep_ == "relcl"
            and verb.head.i == noun.i
            and any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in verb.children)
            and any(c.dep_ == "dobj" for c in verb.children)
        ):
            return None  # "the suicide bomber who killed 16 worshippers": the killer, not one killed
        if pronoun and noun.dep_ == "nsubj" and outcome_tokens[0].i != noun.head.i:
            return None  # "He deplored the deaths of ...": he speaks of the dead, he is not one of them
        if (
            pronoun
            and noun.dep_ == "nsubjpass"
            and outcome_tokens[0].i != noun.head.i
            and outcome_tokens[0].head.i != noun.head.i
        ):
            return None  # "He was convicted of murder": not "he was killed", "he was found dead"
        doc = noun.doc
        first = min([noun.i, *(t.i for t in noun.lefts)])
        start_char = doc[first].idx
        last = max(noun.i, *(t.i for t in outcome_tokens)) if outcome_tokens[0].i > noun.i else noun.i
        if outcome_tokens[0].i < noun.i and noun.i - outcome_tokens[-1].i <= 3:
            start_char = doc[outcome_tokens[0].i].idx
        end_char = doc[last].idx + len(doc[last].text)
        descriptor = list(doc[first : noun.i + 1])
        country_actor = next(
            (self.lexicon.demonyms[t.lower_] for t in descriptor if t.lower_ in self.lexicon.demonyms), None
        )
        markers = {t.lower_ for t in outcome_tokens}
        return CasualtyMention(
            outcome=outcome,
            person_class=None if elided else person_class,
            side=side,
            country_actor=country_actor,
            low=1,
            high=1,
            text=doc_text(doc)[start_char:end_char],
            start=start_char,
            end=end_char,
            anchor=noun.i,
            own_side=bool(markers & self.lexicon.own_side_markers),
            enemy=bool(markers & self.lexicon.enemy_markers),
            has_noun=True,
            singular=True,
            pronoun=pronoun,
            also=any(c.lower_ == "also" for c in outcome_tokens[0].children)
            or self._list_item(noun)
            or self._continues_list(noun)
            or elided
            # "an officer ... embraced shahadat": one more
            or (determiner in ("a", "an") and noun.dep_ in ("nsubj", "nsubjpass")),
            subset=self._in_subset(noun),
            injured_too=self._injured_too(outcome, outcome_tokens),
            generic_force=lowered in _GENERIC_FORCE_NOUNS,
        )

    def _continues_list(self, first: Token) -> bool:
        """ "Twelve policemen, a civilian and a child were killed", parsed as an apposition: items with
        their own article after a figure they cannot rename (another group, another count)."""
        if first.dep_ != "appos" or not any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in first.children
        ):
            return False
        items = [first]
        while more := [c for c in items[-1].children if c.dep_ == "conj"]:
            items.append(more[-1])
        number = next((c for c in first.head.children if c.dep_ == "nummod"), None)
        count = parse_figure(number.text) if number is not None else None
        return count is not None and count.low != len(items)

    @staticmethod
    def _renames(noun: Token) -> bool:
        """Whether singular items after a comma name, one by one, the people of the figure before them
        ("two civilians, a woman and her son"), rather than continue a list ("12 policemen, a
        civilian and a child"): no "and" before them, and as many of them as the figure counts."""
        head = noun.head
        doc = noun.doc
        between = doc[head.i + 1 : noun.left_edge.i]
        if not between or between[-1].text != "," or any(t.dep_ == "cc" for t in between):
            return False
        items = [noun]
        while more := [c for c in items[-1].children if c.dep_ == "conj"]:
            items.append(more[-1])
        number = next((c for c in head.children if c.dep_ == "nummod"), None)
        count = parse_figure(number.text) if number is not None else None
        return count is not None and count.low == count.high == len(items)

    @staticmethod
    def _injured_too(outcome: str, outcome_tokens: list[Token]) -> bool:
        """ "three others were apprehended in injured condition": the captured are wounded too."""
        if outcome != "captured":
            return False
        for prep in (c for c in outcome_tokens[0].children if c.dep_ == "prep" and c.lower_ == "in"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.lower_ == "condition"):
                if any(c.lower_ in ("injured", "wounded") for c in pobj.children):
                    return True
        return False

    def _part_of(self, total: Token, person_class: str | None) -> bool:
        """Whether a subset of ``total`` only details people already counted there (the same group,
        or a total that names no group but counts people: "20 killed, including five children" is a
        figure of its own only when the total names another group)."""
        group = self._person_class(total)
        if person_class == "unknown":
            return True  # "eleven khwarij, including two leaders": a subset naming no other group
        if group is None:
            return any(c.dep_ in ("nummod", "quantmod") for c in total.children) or is_number_word(total.text)
        return group == person_class

    def _in_subset(self, noun: Token) -> bool:
        """Whether a noun names part of a figure given just before ("among them four children",
        "including 14 soldiers"), whatever the parse."""
        if self._subset_total(noun) is not None or self._pronoun_subset_total(noun) is not None:
            return True
        first = noun
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        return first.dep_ == "pobj" and first.head.lower_ in _SUBSET_WORDS

    @staticmethod
    def _elided_person(token: Token) -> bool:
        """ "another" or "a third" standing for a person of the figure before, as the subject of what
        happened to them: "a soldier was martyred and another injured", "a third was arrested"."""
        if token.lower_ == "another" and token.dep_ == "det" and token.head.dep_ == "conj":
            # "a soldier was martyred and another injured", the parser reading "another injured" as a noun
            return token.head.lower_ in ("injured", "wounded", "killed", "martyred", "hurt", "arrested")
        if token.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "prep" for c in token.children):
            return False
        if token.lower_ == "another":
            return True
        return token.lower_ in _ORDINALS and any(c.dep_ == "det" and c.lower_ == "a" for c in token.children)

    def _ranked_name(self, noun: Token) -> bool:
        """ "Lance Naik Muhammad Saleem" that ner reads as an organisation: a capitalised name after a
        rank."""
        return noun.text[:1].isupper() and any(
            t.dep_ == "compound" and t.lower_ in self.lexicon.rank_titles for t in noun.lefts
        )

    @staticmethod
    def _list_item(noun: Token) -> bool:
        """ "three soldiers and a Frontier Corps officer": one more person in a list of figures."""
        return noun.dep_ == "conj" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)

    def find(self, sent: Span, *, blocked: Iterable[tuple[int, int]] = ()) -> list[CasualtyMention]:
        """Casualty figures in one sentence; ``blocked`` are char ranges (dates) that hold no figures."""
        if self.lexicon.nonviolent_pattern.search(sent.text):
            return []  # "died from heat", "killed in a road accident": not violence
        mentions = []
        taken: set[int] = set()
        for span in self._number_spans(sent, list(blocked)):
            mention = self._mention(span)
            if mention is not None:
                mentions.append(mention)
                root = span.root
                taken.add(root.i)
                if root.dep_ in ("nummod", "quantmod", "compound"):
                    taken.add(root.head.i)  # "two soldiers": the noun is counted; not "a woman and two of .."
        for token in sent:
            if (
                _hyphenated(token) in self.lexicon.singular_person_nouns
                or token.lower_ in self.lexicon.singular_person_nouns
                or token.lower_ in self.lexicon.person_nouns
                or token.lower_ in self.lexicon.kin_nouns
                or token.lower_ in _SINGULAR_PRONOUNS
                or token.ent_type_ == "PERSON"
                or self._ranked_name(token)
                or self._elided_person(token)
                or (token.pos_ in ("NOUN", "") and token.dep_ in _AGED_NOUN_DEPS and self._aged(token))
            ):
                mention = self._singular(token, taken)
                if mention is not None and (
                    mention.also or not any(m.start <= mention.start < m.end for m in mentions)
                ):
                    mentions.append(mention)
                    taken.add(token.i)
        # "apprehended in injured condition": one figure of the captured, one of the wounded
        mentions += [
            replace(m, outcome="injured", also=True, injured_too=False) for m in mentions if m.injured_too
        ]
        mentions.sort(key=lambda m: m.anchor)
        return mentions

    # --- completing group and side -------------------------------------------------------------

    def settle(
        self,
        mentions: list[CasualtyMention],
        *,
        speaker: str | None,
        country: str | None,
        voice: str | None = None,
        previous: tuple[str, str | None] | None = None,
        armed_group: str | None = None,
    ) -> tuple[list[Casualty], tuple[str, str | None] | None]:
        """Casualties with group and side, and the last (group, side) for the next figure to inherit.

        ``speaker`` is the claim's speaker (actor id), ``voice`` the issuer of the document,
        ``country`` the incident's ISO2 country, ``previous`` the group and side of the figure before
        (in this sentence or earlier), ``armed_group`` the one armed group the paragraph names.
        """
        settled: list[Casualty] = []
        for mention in mentions:
            if mention.inherited is not None:
                person, side = mention.inherited
                mention = replace(mention, person_class=person, side=side)
            if mention.person_class is None and previous is not None:
                group, side = previous  # "58 soldiers were killed, 30 wounded": the same people
            else:
                group, side = self._group_and_side(mention, speaker=speaker or voice, country=country)
                if (
                    group == "militants"
                    and side is None
                    and not mention.mixed
                    and not mention.attackers
                    and armed_group
                ):
                    side = armed_group
            if not mention.subset:
                previous = (group, side)  # "nine people, among them four children, and six others": people
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
        return settled, previous

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

    def _group_and_side(  # noqa: C901 - the order of the rules is the documentation
        self, mention: CasualtyMention, *, speaker: str | None, country: str | None
    ) -> tuple[str, str | None]:
        person = mention.person_class
        police = person == "police"
        actor = mention.side
        actor_type = self.actors.get(actor).type if actor else None

        if mention.mixed:
            group = "militants" if person in (None, "militants") else person
            return ("security_forces" if group == "police" else group), None
        if person == "civilians":
            if mention.possessive:
                return "civilians", self._state_of(speaker)
            return "civilians", mention.country_actor
        if actor_type == "armed_group":
            return "militants", actor
        if actor_type == "state_force":
            return "security_forces", actor
        if actor_type in ("state", "de_facto_authority"):
            # Taliban forces are security forces since Aug 2021, whatever a rival calls them
            if mention.forces_mix:
                return "security_forces", actor
            return "security_forces", self._force_of(actor, police=police)
        if actor_type == "civilians":
            return "civilians", None

        if person in ("security_forces", "police"):
            # whose forces: the words ("Pakistani", "its"), then the speaker's own dead ("martyred"),
            # then the country where it happened, then the speaker's own side
            state = mention.country_actor
            speaker_state = self._state_of(speaker)
            if state is None and (mention.possessive or mention.own_side):
                state = speaker_state
            if state is None and country:
                state = self.lexicon.government_by_country.get(country)
            if state is None:
                state = speaker_state
            if mention.forces_mix:
                return "security_forces", state
            if mention.generic_force and speaker in self.lexicon.police_of.values():
                police = True  # the police's "two jawans", "six officers": its own men
            side = self._force_of(state, police=police)
            if side is None and police and country:
                side = self.lexicon.police_by_country.get(country)
            return "security_forces", side
        if person == "militants":
            return "militants", None
        if person == "unknown" or person is None:
            if mention.enemy:
                return "militants", None
            if mention.possessive and speaker is not None and self.actors.get(speaker).type == "state_force":
                return "security_forces", speaker  # the police: "four of our men are among the martyred"
            if mention.possessive:
                return "unknown", self._state_of(speaker)
            if mention.lost_by_speaker and (state := self._state_of(speaker)) is not None:
                # a government saying "it had lost only two men": its forces' dead
                return "security_forces", self._force_of(state, police=police)
            return "unknown", mention.country_actor
        return "unknown", None


def _singular_form(word: str) -> str:
    """A regular English plural's singular ("cooks" -> "cook", "deputies" -> "deputy",
    "watchmen" -> "watchman"); other words unchanged."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _hyphenated(token: Token) -> str:
    """The word a token ends: "passer-by" for "by" after "passer -" (the tokenizer splits it)."""
    doc = token.doc
    if (
        token.i >= 2
        and doc[token.i - 1].text in ("-", "‐")
        and not doc[token.i - 1].whitespace_
        and not doc[token.i - 2].whitespace_
    ):
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return token.lower_


def mention_with_offset(mention: CasualtyMention, offset: int) -> CasualtyMention:
    """The same mention with char offsets shifted into the document's text."""
    return replace(mention, start=mention.start + offset, end=mention.end + offset)
