"""Who says what: reporting frames in a parsed sentence.

A *frame* is a reporting verb ("said", "denied", "accused", "vowed", "urged" ...), "according to X",
"by X's count", or "X put the toll at", with its speaker, the words it governs (its *scope*: the
verb's subtree minus nested frames and the speaker) and, for accusations, demands and commitments,
whom it is addressed to. Claims are then built per frame, so that in "ISPR said 23 soldiers were
martyred, while Mujahid claimed 58 were killed" each figure stays with its own speaker.

Speakers, in order:
- the subject of the verb (or of the reporting verb it is coordinated with), the agent of a passive
  ("was announced by the ISPR"), the object of "according to" / the owner in "by X's count";
- a passive without an agent ("is urged to", "was told") has no speaker: the document's own voice;
- no subject at all: the actor named shortly before the verb (the fallback in DESIGN.md);
- a parenthetical "he said" / "Pakistan says," / ", the statement from the military's media wing
  read," governs the whole sentence around it, as does "according to X" at the end of a sentence.

A speaker's words resolve to an actor id when the name is an alias, or when an alias sits in the
name and the name's head is a role ("Taliban official", "Qatar's foreign ministry") or the alias
itself ("Taliban spokesman Zabihullah Mujahid"); "Afghanistan Cricket Board" is not Afghanistan.
Speakers named by their service ("police said", "the military said", "Assistant Commissioner X",
"Balochistan Home Minister X") get a ``service`` resolved later by the incident's country.
Pronouns and definite role nouns ("he", "the spokesman", "the statement") point back to the last
named speaker (a role noun to the last speaker it names: "the Team" is the Monitoring Team; a
trailing "..., he said" is never the subject of the words it reports); indefinite ones ("a local
official") never do.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pledgewatch.extract.lexicon import Lexicon
from pledgewatch.knowledge.actors import ActorIndex
from pledgewatch.models import ActorRef

_VERB_DEPS = frozenset(
    {"ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "parataxis", "pcomp", "csubj", "acomp", "acl"}
)
_PHRASE_DROP = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "punct", "cc", "conj"})
_COMPLEMENT_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "prep", "dative", "attr", "oprd", "advcl", "npadvmod", "acomp"}
)
_TRIM = " \t\n,;:.\"'“”‘’-—–()"
_LEADING_WORDS = ("that ", "to ", "of ", "as ", "about ", "for ")
_TRAILING_WORDS = (" and", " but", " while", " whereas", " as", " or")
_MODALS = frozenset({"should", "would", "could", "might", "may", "must", "can", "shall", "will", "ought"})
AUDIENCE_NOUNS = frozenset({"reporters", "journalists", "media", "newsmen", "press", "correspondents",
                            "audience", "gathering", "participants", "newspaper", "channel", "agency",
                            "conference", "briefing"})  # fmt: skip
_INDEFINITE = frozenset({"a", "an", "another", "one", "some", "several", "two", "three"})
_CLAUSE_DEPS = frozenset({"conj", "advcl", "xcomp", "ROOT", "parataxis", "ccomp"})
_PERSONAL = frozenset({"he", "she", "i", "we", "they", "it"})
_NESTED_DEPS = frozenset({"ccomp", "acl", "relcl", "pcomp", "xcomp"})
_FIRST_PERSON = frozenset({"we", "i"})
_FORCE_HEADS = frozenset({"forces", "army", "military", "troops", "soldiers"})
_NOTHING = frozenset({"little", "nothing", "anything", "much"})
_WARN_VERBS = frozenset({"warned", "warns", "warn", "warning", "cautioned", "cautions"})
_STATE_TYPES = frozenset({"state", "state_force", "de_facto_authority"})
_ASPECT_VERBS = frozenset({"continue", "continues", "continued", "continuing", "keep", "keeps", "kept"})


@dataclass(frozen=True)
class Speaker:
    """A speaker remembered across sentences: "he said" in the next sentence is the same voice."""

    ref: ActorRef
    service: str | None = None  # police | forces | government: resolved by the incident's country
    state: str | None = None  # the state a demonym names: "Pakistani security officials" -> PAK


@dataclass
class Frame:
    verb: Token
    kind: str  # statement | denial | accusation | commitment | demand
    speaker: ActorRef | None
    speaker_tokens: set[int]
    anaphoric: bool = False
    service: str | None = None
    state: str | None = None
    unresolved_anaphor: bool = False  # "the spokesman" with nobody named before: the issuer, if any
    memorable: bool = False  # a named speaker that "he said" may point back to
    co_speakers: list[ActorRef] = field(default_factory=list)  # "Pakistan and Afghanistan agreed"
    addressees: list[ActorRef] = field(default_factory=list)
    about: str | None = None
    about_tokens: set[int] = field(default_factory=set)
    subtree: set[int] = field(default_factory=set)
    scope: set[int] = field(default_factory=set)
    extra_kinds: list[str] = field(default_factory=list)  # "X will not allow ..., and we expect ..."
    refined: bool = False  # the kind comes from the proposition's words, not from the verb
    plausible: bool = True  # the speaker's words can name someone who speaks
    responsibility: bool = False  # "IS-K claimed responsibility": a claim about its own act
    relay: bool = False  # "X rejects ..., Y said": the outer verb only passes on the inner frame
    nested: bool = False  # a third party's words reported inside another frame: not coded alone

    @property
    def remembered(self) -> Speaker | None:
        if self.speaker is None:
            return None
        return Speaker(self.speaker, self.service, self.state)


def phrase_tokens(head: Token) -> list[Token]:
    """A noun phrase without its clauses and trailing words: "Taliban spokesman Zabihullah Mujahid"."""
    keep = [head]
    for child in head.children:
        if child.dep_ in _PHRASE_DROP:
            continue
        keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    # the phrase is the contiguous run around the head
    start = end = keep.index(head)
    while start > 0 and keep[start - 1].i == keep[start].i - 1:
        start -= 1
    while end + 1 < len(keep) and keep[end + 1].i == keep[end].i + 1:
        end += 1
    tokens = keep[start : end + 1]
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    opened = next((n for n, t in enumerate(tokens) if t.text == "("), None)
    if opened and not any(t.text == ")" for t in tokens[opened:]):
        tokens = tokens[:opened]  # "the Mission (UNAMA" cut by the parse: keep the name before it
    return tokens or [head]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins every token on each access)."""
    text = doc.user_data.get("pledgewatch.text")
    if text is None:
        text = doc.user_data["pledgewatch.text"] = doc.text
    return text


def sentence_of(doc: Doc, index: int) -> tuple[int, int]:
    """(start, end) token indices of the sentence holding token ``index``; cached per doc
    (``token.sent`` scans the parse on every call)."""
    starts = doc.user_data.get("pledgewatch.sents")
    if starts is None:
        starts = doc.user_data["pledgewatch.sents"] = [s.start for s in doc.sents] + [len(doc)]
    position = bisect_right(starts, index) - 1
    return starts[position], starts[position + 1]


def span_text(tokens: list[Token]) -> str:
    doc = tokens[0].doc
    return doc_text(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _clean_about(text: str) -> str | None:
    text = text.strip(_TRIM)
    lowered = text.lower()
    for word in _LEADING_WORDS:
        if lowered.startswith(word):
            text = text[len(word) :]
            break
    text = text.strip(_TRIM)
    for word in _TRAILING_WORDS:
        if text.lower().endswith(word):
            text = text[: -len(word)].strip(_TRIM)
            break
    return text or None


def _contains_phrase(words: list[str], phrases: frozenset[str]) -> bool:
    """True when one of ``phrases`` (one or more words) occurs in ``words`` as whole words."""
    joined = " " + " ".join(words) + " "
    return any(f" {phrase} " in joined for phrase in phrases)


class Attributor:
    """Finds reporting frames and their speakers. Built once; ``frames`` is called per sentence."""

    def __init__(self, lexicon: Lexicon, actors: ActorIndex):
        self.lexicon = lexicon
        self.actors = actors
        self.kinds = PropositionKinds(lexicon, actors)

    # --- which verbs report --------------------------------------------------------------------

    def _frame_kind(self, token: Token) -> str | None:  # noqa: C901 - one decision per construction
        lowered = token.lower_
        doc = token.doc
        following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if lowered == "according" and following == "to":
            return "statement"
        if lowered == "by" and token.dep_ in ("prep", "agent"):
            # "By Pakistan's count, 23 ..." / "by the military's own figures"
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if pobj is not None and any(
                c.dep_ == "poss" and c.lower_ in ("our", "my") for c in pobj.children
            ):
                return None  # "By our count, 12 ...": the words of whoever speaks, quoted or not
            if pobj is not None and (
                (pobj.lower_ in self.lexicon.count_nouns and any(c.dep_ == "poss" for c in pobj.children))
                or any(c.dep_ == "case" for c in pobj.children)  # "by the Taliban's, 58"
            ):
                return "statement"
            return None
        if lowered in ("read", "reads") and (
            any(c.dep_ == "nsubj" and c.lower_ in self.lexicon.statement_nouns for c in token.children)
            or self._statement_before(token) is not None
        ):
            return "statement"
        children = list(token.children)
        if lowered in ("put", "puts", "putting") and any(
            c.dep_ == "dobj" and c.lower_ in self.lexicon.toll_words | {"figure", "number", "tally"}
            for c in children
        ):
            return "statement"  # "put the toll at 10"
        if lowered in ("received", "receives", "receive") and any(
            c.dep_ == "dobj" and c.lower_ in self.lexicon.statement_nouns for c in children
        ):
            return "statement"  # "UNAMA received credible reports that ..."
        kind = self.lexicon.reporting_verbs.get(lowered)
        # "The Spokesperson began the briefing by condemning ...": the sentence's subject speaks
        by_gerund = (
            token.dep_ == "pcomp"
            and token.head.lower_ == "by"
            and token.head.head.dep_ == "ROOT"
            and any(c.dep_ == "nsubj" for c in token.head.head.children)
        )
        if kind is None or (token.dep_ not in _VERB_DEPS and not by_gerund):
            return None  # "alleged militants", "the claims", "his statement"
        if (
            lowered in _WARN_VERBS
            and any(c.dep_ == "dobj" for c in children)
            and any(
                c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                for c in children
            )
        ):
            kind = "demand"  # "warned the Taliban regime to stop ...": an order, not an assessment
        clause = any(c.dep_ in ("ccomp", "parataxis") for c in children) or token.dep_ == "parataxis"
        if lowered in self.lexicon.clause_only_verbs and not clause:
            return None  # "al-Qaida maintains a low profile": maintaining is not saying
        if lowered in self.lexicon.clause_only_verbs and any(c.dep_ == "auxpass" for c in children):
            return None  # "two of whom were later found dead": passive, nobody reports a finding
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODALS) for c in children):
            return None  # "did not deny", "Pakistan should not blame": no one says it here
        aspect = token.dep_ == "xcomp" and token.head.lower_ in _ASPECT_VERBS  # "continue to deny"
        if not aspect and (
            any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
            or (
                token.dep_ == "conj"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.head.children)
            )
        ):
            return (
                None  # "urged Kabul to deny its soil", "to fulfil ... and deny": infinitives report nothing
            )
        if (
            token.dep_ == "advcl"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children)
            and (token.i == token.sent.start or doc[token.i - 1].is_punct)
        ):
            return None  # "Asked about the talks, she said ...": the question is not her claim
        if any(c.dep_ == "dobj" and c.lower_ in _NOTHING for c in children):
            return None  # "Washington has said little"
        if token.dep_ in ("amod", "acl"):
            return None  # "the claimed figures", "the ceasefire announced on Wednesday"
        if any(c.dep_ == "dobj" and c.lower_ in self.lexicon.responsibility_nouns for c in children):
            return None  # "claimed responsibility" names a perpetrator, it does not report
        if any(
            c.dep_ == "preconj" and c.lower_ == "neither" for c in (token, token.head) for c in c.children
        ):
            return None  # "neither confirmed nor denied": no claim either way
        if lowered in ("called", "calls", "calling") and not (
            following in self.lexicon.demand_particles
            or any(c.dep_ == "prep" and c.lower_ in self.lexicon.demand_particles for c in children)
        ):
            return None
        if lowered in ("committed", "commits") and following not in self.lexicon.commitment_particles:
            return None
        if lowered in ("agreed", "agrees") and following not in ("to", "that", "on"):
            return None
        if lowered in self.lexicon.passive_demand_verbs and self._is_passive(token):
            # "X is expected to act" demands of X; "the toll is expected to rise" demands nothing
            subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
            if subject is None or self._actor_for(subject, phrase_tokens(subject)) is None:
                return None
        if (
            not by_gerund
            and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in children)
            and token.dep_ not in _CLAUSE_DEPS
        ):
            return None
        return kind

    def _statement_before(self, verb: Token) -> Token | None:
        """ ", the statement from the military's media wing read,": the statement noun of a "read"
        the parser did not give a subject (it hangs "read" on the owner's phrase)."""
        if verb.lower_ not in ("read", "reads") or any(c.dep_ == "nsubj" for c in verb.children):
            return None
        doc = verb.doc
        start = sentence_of(doc, verb.i)[0]
        for token in reversed(doc[max(start, verb.i - 10) : verb.i]):
            if token.is_punct:
                return None
            if token.lower_ in self.lexicon.statement_nouns and any(
                c.dep_ in ("det", "poss") for c in token.children
            ):
                return token
        return None

    def _read_frame(self, verb: Token, noun: Token) -> tuple[Frame, set[int]]:
        """The speaker of ", the statement from the military's media wing read,": the owner named
        between the statement noun and "read" (or the statement itself, pointing back)."""
        doc = verb.doc
        owner = [t for t in doc[noun.i + 1 : verb.i] if not t.is_punct]
        if owner and owner[0].lower_ in ("from", "by", "of"):
            owner = owner[1:]
        while owner and owner[0].dep_ == "det":
            owner = owner[1:]
        tokens = {t.i for t in doc[noun.left_edge.i : verb.i]}
        if owner:
            name = span_text(owner)
            actor = self.actors.resolve(name)
            frame = Frame(
                verb=verb, kind="statement", speaker=ActorRef(name=name, actor=actor), speaker_tokens=tokens
            )
            if actor is None:
                frame.service, frame.state = self._service(owner)
            frame.memorable = bool(actor or frame.service)
            if actor or frame.service:
                return frame, tokens
        found, _ = self._resolve_phrase(noun)
        return found, tokens

    def _claims_responsibility(self, token: Token) -> bool:
        """ "BLA claimed responsibility", "the attack was claimed by X": X's claim of its own act."""
        if token.lower_ not in ("claimed", "claims", "claim", "claiming", "accepted", "owned"):
            return False
        children = list(token.children)
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children):
            return False  # "No group has claimed responsibility"
        if any(c.dep_ == "dobj" and c.lower_ in self.lexicon.responsibility_nouns for c in children):
            return True
        if token.lower_ == "claimed" and any(c.dep_ == "agent" for c in children):
            # "The attack was claimed by Ittehad-ul-Mujahideen Pakistan"
            return any(c.dep_ == "nsubjpass" and c.lower_ in self.lexicon.claimed_acts for c in children)
        # "The BLA claimed the attack": its act; "Mujahid claimed the attack killed 58" reports
        return (
            token.lower_ in ("claimed", "claims")
            and not any(c.dep_ in ("ccomp", "xcomp") for c in children)
            and any(
                c.dep_ == "dobj"
                and c.lower_ in self.lexicon.claimed_acts
                and not any(d.dep_ == "relcl" for d in c.children)
                for c in children
            )
        )

    @staticmethod
    def _is_passive(verb: Token) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)

    # --- speakers ------------------------------------------------------------------------------

    def _subject(self, verb: Token) -> Token | None:
        if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.dep_ == "prep":
            # "The Spokesperson began the briefing by condemning ...": who began is who condemns
            return next((c for c in verb.head.head.children if c.dep_ == "nsubj"), None)
        current = verb
        for _ in range(5):
            subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj")]
            # "..., most of them from one family, Taliban officials said": the subject next to the verb
            before = [
                c
                for c in subjects
                if c.i < current.i
                and not any(g.dep_ in ("nummod", "quantmod") for g in c.children)
                and c.lower_ not in ("most", "many", "some", "all", "several")
            ]  # a counted noun ("12 soldiers martyred, ...") is what is said, not who says it
            subject = before[-1] if before else next(iter(subjects), None)
            # a borrowed subject must come from a reporting verb: in "X alleged that Y were ...,
            # and blamed Z", "blamed" hangs on "were" but X is the one blaming; in "X said 23 were
            # killed, while claiming ...", "claiming" hangs on "killed" but X is the one claiming
            if subject is not None and (
                current is verb
                or current.lower_ in self.lexicon.reporting_verbs
                or (current.lower_ in _ASPECT_VERBS and verb.head.i == current.i)
                # "The ministry put its losses at four and claimed that ...": a main clause's subject
                or (verb.dep_ == "conj" and verb.head.i == current.i and current.dep_ == "ROOT")
            ):
                return subject
            if current.dep_ in ("conj", "advcl", "xcomp", "ccomp") and current.head.i != current.i:
                current = current.head
                continue
            return None
        return None

    def _local_antecedent(self, pronoun: Token, sent: Span) -> Frame | None:
        """ "The Taliban's spokesman, Zabihullah Mujahid, gave other figures: he said ...": "he" is
        the named subject earlier in the same sentence, not the last speaker."""
        doc = sent.doc
        if (
            pronoun.i > sent.start
            and doc[pronoun.i - 1].text == ","
            and any(c.dep_ in ("ccomp", "xcomp") and c.i < pronoun.i for c in pronoun.head.children)
        ):
            return None  # "Kabul must hand over ..., he said": Kabul is what he says, not who says it
        if pronoun.head.dep_ == "parataxis" and pronoun.head.head.i < pronoun.i:
            # "Pakistani troops had started the fighting ..., he said, and ...": a "he said" inserted
            # after a clause reports that clause; its subject is what he says, not who says it
            return None
        for token in reversed(doc[sent.start : pronoun.i]):
            if token.dep_ == "nsubj" and token.lower_ not in _PERSONAL:
                found, _ = self._resolve_phrase(token)
                if (
                    found.speaker is not None
                    and (found.speaker.actor or found.service)
                    and not found.anaphoric
                ):
                    return found
        return None

    def _actor_for(self, head: Token, tokens: list[Token]) -> str | None:
        """The actor a speaker phrase names (see the module docstring for the head rule)."""
        name = span_text(tokens)
        actor = self.actors.exact(name)
        if actor is not None:
            return actor
        mentions = self.actors.find_all(name)
        if not mentions:
            return None
        offset = tokens[0].idx
        # "Ittehad-ul-Mujahideen Pakistan": a part of a hyphenated name is no alias of its own
        mentions = [m for m in mentions if not (m.start > 0 and name[m.start - 1] in "-‐‑")]
        if not mentions:
            return None
        for mention in mentions:
            if offset + mention.start <= head.idx < offset + mention.end:
                if self._inside_longer_name(tokens, mention.start + offset, mentions, offset):
                    return None
                return mention.actor  # "Islamic Emirate spokesman Zabihullah Mujahid": the name itself
        if head.lower_ in self.lexicon.speaker_roles:
            actor = max(mentions, key=lambda m: (m.end - m.start, -m.start)).actor
            if head.lower_ in _FORCE_HEADS and self.actors.get(actor).type in ("state", "de_facto_authority"):
                return self.lexicon.forces_of.get(actor, actor)  # "the Security Forces of Pakistan"
            return actor
        return None

    def _inside_longer_name(self, tokens: list[Token], start: int, mentions: list, offset: int) -> bool:
        """An alias that ends a longer proper name: the capitalised word before it is neither
        another alias, a title ("Interior Minister Mohsin Naqvi") nor a role."""
        before = [t for t in tokens if t.idx + len(t.text) <= start]
        if not before:
            return False
        word = before[-1]
        covered = any(offset + m.start <= word.idx < offset + m.end for m in mentions)
        return (
            word.text[:1].isupper()
            and word.is_alpha
            and not covered
            and word.lower_ not in self.lexicon.speaker_roles
            and word.lower_ not in self.lexicon.titles
        )

    def _service(self, tokens: list[Token]) -> tuple[str | None, str | None]:
        """(service, state of a demonym) for speakers named by their office: "police", "the army"."""
        words = [t.lower_ for t in tokens]
        state = next((self.lexicon.demonyms[w] for w in words if w in self.lexicon.demonyms), None)
        if _contains_phrase(words, self.lexicon.police_speakers):
            return "police", state
        if _contains_phrase(words, self.lexicon.force_speakers):
            return "forces", state
        if _contains_phrase(words, self.lexicon.government_speakers):
            return "government", state
        return None, state

    def _resolve_phrase(self, head: Token) -> tuple[Frame, set[int]]:
        """A speaker phrase as a partial frame (speaker, service, anaphora), and its tokens."""
        if head.lower_ in ("one", "two", "some", "each", "both"):
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if whole is not None:
                # "one of the officials said": the officials speak, through one of them
                found, tokens = self._resolve_phrase(whole)
                if found.speaker is not None:
                    found.speaker = ActorRef(name=span_text(phrase_tokens(head)), actor=found.speaker.actor)
                return found, tokens | {t.i for t in head.subtree}
        tokens = phrase_tokens(head)
        if head.ent_type_:
            # "IS-K" parsed as three tokens with "-" as the subject: the whole name speaks
            ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
            if ent is not None and (ent.start < tokens[0].i or ent.end > tokens[-1].i + 1):
                start, end = min(ent.start, tokens[0].i), max(ent.end, tokens[-1].i + 1)
                tokens = list(head.doc[start:end])
        name = span_text(tokens)
        actor = self._actor_for(head, tokens)
        if actor is None:
            for child in head.children:
                if child.dep_ == "appos" and not any(c.dep_ == "nummod" for c in child.children):
                    # (a counted appos, "the officials, 19 civilians, ...", is a misparsed subject)
                    actor = self._actor_for(child, phrase_tokens(child))
                    if actor is not None:
                        break
        owner_frame = None
        if actor is None and head.lower_ in self.lexicon.statement_nouns | self.lexicon.count_nouns:
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            if owner is None:
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                        owner = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if owner is not None:
                            break
                    if child.dep_ == "acl":  # "a statement issued by the ISPR"
                        agent = next((c for c in child.children if c.dep_ == "agent"), None)
                        owner = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                        if owner is not None:
                            break
            if owner is not None:
                owner_frame, _ = self._resolve_phrase(owner)
                if owner_frame.speaker is not None and (owner_frame.speaker.actor or owner_frame.service):
                    owner_frame.speaker_tokens = {t.i for t in head.subtree}
                    return owner_frame, {t.i for t in head.subtree}
        frame = Frame(
            verb=head, kind="statement", speaker=ActorRef(name=name, actor=actor), speaker_tokens=set()
        )
        lowered = name.lower()
        words = lowered.split()
        head_word = head.lower_
        determiner = next((c.lower_ for c in head.children if c.dep_ == "det"), None)
        if actor is None:
            frame.service, frame.state = self._service(tokens)
            for child in head.children:
                if frame.service is None and child.dep_ == "appos":
                    # "Feroz Shah, a spokesman for the provincial government, said"
                    frame.service, frame.state = self._service(phrase_tokens(child))
            if (
                frame.service is None
                and determiner not in _INDEFINITE
                and (
                    lowered in self.lexicon.anaphoric_speakers
                    or (
                        head_word in self.lexicon.anaphoric_speakers
                        and (
                            determiner
                            or head_word in _PERSONAL
                            # "Pakistani security officials confirmed ... 'Around 30 ...,' one official
                            # said": one of those named before
                            or any(c.dep_ == "nummod" and c.lower_ == "one" for c in head.children)
                        )
                    )
                    or (words and words[-1] in self.lexicon.anaphoric_speakers and determiner == "the")
                )
            ):
                frame.anaphoric = True
        # "the ceasefire announced on Wednesday" misparsed as a report: a ceasefire says nothing
        lexicon = self.lexicon
        frame.plausible = bool(
            actor
            or frame.service
            or frame.anaphoric
            or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or head.text[:1].isupper()
            or head_word in lexicon.speaker_roles
            or head_word in lexicon.statement_nouns
            or head_word in lexicon.count_nouns
            or head_word in lexicon.person_nouns
            or head_word in lexicon.singular_person_nouns
            or head_word in lexicon.speaker_nouns
        ) and not (actor is None and determiner in ("each", "either", "neither"))
        # "with each side claiming to have inflicted losses": no one in particular says it
        # a named person, a resolved actor or a service is someone "he said" can point back to;
        # "residents", "officials" or "traders" are not
        frame.memorable = bool(
            actor
            or frame.service
            or head.ent_type_ == "PERSON"
            or (
                head_word in self.lexicon.speaker_roles
                and determiner not in _INDEFINITE
                and not head_word.endswith("s")  # "officials", "sources": a crowd, not one voice
            )
        )
        return frame, {t.i for t in head.subtree}

    @staticmethod
    def _closing_report(verb: Token, sent: Span) -> bool:
        """ "A were killed, and B were taken away, police said.": a closing "X said" that the parser
        joined to the last clause only reports the whole sentence."""
        if verb.dep_ != "conj" or verb.head.dep_ != "ROOT":
            return False
        if not all(t.is_punct for t in sent.doc[verb.i + 1 : sent.end]):
            return False
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        return (
            subject is not None
            and subject.left_edge.i > sent.start
            and sent.doc[subject.left_edge.i - 1].text == ","
        )

    def speaker_actor(self, head: Token) -> str | None:
        """The actor a noun phrase names as a speaker, services read by their demonym or "of X"
        ("the Security Forces of Pakistan" -> PAK.MIL); None when it names nobody in particular."""
        found, _ = self._resolve_phrase(head)
        if found.speaker is not None and found.speaker.actor is not None:
            return found.speaker.actor
        if found.service is not None and found.state is not None:
            table = {"forces": self.lexicon.forces_of, "government": self.lexicon.government_of}
            return table.get(found.service, {}).get(found.state) or found.state
        return None

    def _fallback_speaker(self, verb: Token, sent: Span) -> tuple[Frame, set[int]] | None:
        # no subject: the nearest actor named shortly before the verb speaks ("ISPR: 23 martyred")
        doc = sent.doc
        window_start = max(sent.start, verb.i - 8)
        text = doc[window_start : verb.i].text
        mentions = self.actors.find_all(text)
        if not mentions:
            return self._closing_service(verb, sent)
        mention = mentions[-1]
        offset = doc[window_start].idx
        tokens = {
            t.i for t in doc[window_start : verb.i] if offset + mention.start <= t.idx < offset + mention.end
        }
        frame = Frame(
            verb=verb,
            kind="statement",
            speaker=ActorRef(name=mention.words, actor=mention.actor),
            speaker_tokens=tokens,
            memorable=True,
        )
        return frame, tokens

    def _closing_service(self, verb: Token, sent: Span) -> tuple[Frame, set[int]] | None:
        """ "..., killing three policemen, the Senior Superintendent of Police, Pishin, said." that the
        parser left without a subject: the office named between the last commas speaks."""
        doc = sent.doc
        if not all(t.is_punct for t in doc[verb.i + 1 : sent.end]):
            return None
        window = doc[max(sent.start, verb.i - 10) : verb.i]
        opening = next(
            (
                t.i
                for t in reversed(window)
                if t.text == "," and t.i + 1 < verb.i and doc[t.i + 1].lower_ == "the"
            ),
            None,
        )
        if opening is None:
            return None
        tokens = [t for t in doc[opening + 1 : verb.i] if not t.is_punct]
        service, state = self._service(tokens)
        if service is None:
            return None
        frame = Frame(
            verb=verb,
            kind="statement",
            speaker=ActorRef(name=span_text(tokens), actor=None),
            speaker_tokens={t.i for t in tokens},
            service=service,
            state=state,
            memorable=True,
        )
        return frame, {t.i for t in tokens}

    def _speaker(self, verb: Token, sent: Span, last: Speaker | None) -> Frame:
        """A partial frame with the speaker of ``verb`` (the kind is filled in by the caller)."""
        none = Frame(verb=verb, kind="statement", speaker=None, speaker_tokens=set())
        if verb.lower_ in ("according", "by"):
            head = verb if verb.lower_ == "by" else next((c for c in verb.children if c.lower_ == "to"), None)
            pobj = next((c for c in head.children if c.dep_ == "pobj"), None) if head is not None else None
            if pobj is None:
                return none
            found, _ = self._resolve_phrase(pobj)
            tokens = {t.i for t in verb.subtree}
            for appos in (c for c in pobj.children if c.dep_ == "appos"):
                if any(t.dep_ == "nummod" for t in appos.subtree):
                    # "According to the officials, 19 civilians ... were martyred": the parser hung
                    # the counted subject on the source; it is what they say, not who says it
                    tokens -= {t.i for t in appos.subtree}
        elif (statement := self._statement_before(verb)) is not None:
            found, tokens = self._read_frame(verb, statement)
        else:
            subject = self._subject(verb)
            if subject is None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                pobj = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                )
                if pobj is not None:
                    found, tokens = self._resolve_phrase(pobj)
                    tokens |= {t.i for t in agent.subtree}
                elif self._is_passive(verb):
                    return none  # "is urged to", "was told": nobody named speaks; the document's voice
                else:
                    fallback = self._fallback_speaker(verb, sent)
                    if fallback is None:
                        return none
                    found, tokens = fallback
            else:
                found, tokens = self._resolve_phrase(subject)
                # a shared subject ("X confirmed ... and denied ...") belongs to the first verb's words
                if subject.head != verb:
                    tokens = set()
        found.verb = verb
        found.speaker_tokens = tokens
        local = None
        if found.anaphoric and found.speaker is not None and found.speaker.name.lower() in _PERSONAL:
            subject = self._subject(verb)
            local = self._local_antecedent(subject, sent) if subject is not None else None
        if local is not None:
            found.speaker, found.service, found.state = local.speaker, local.service, local.state
        elif found.anaphoric:
            if last is not None:
                found.speaker = ActorRef(name=last.ref.name, actor=last.ref.actor)
                found.service, found.state = last.service, last.state
            else:
                found.unresolved_anaphor = True
        return found

    def _co_speakers(self, verb: Token) -> list[ActorRef]:
        """Other actors in a coordinated subject: "Pakistan and Afghanistan agreed ..."."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return []
        refs = []
        for conj in subject.children:
            if conj.dep_ != "conj":
                continue
            name = span_text(phrase_tokens(conj))
            actor = self.actors.resolve(name)
            if actor is not None:
                refs.append(ActorRef(name=name, actor=actor))
                refs.extend(r for r in self._co_speakers_of(conj))
        return refs

    def _co_speakers_of(self, token: Token) -> list[ActorRef]:
        refs = []
        for conj in token.children:
            if conj.dep_ == "conj":
                name = span_text(phrase_tokens(conj))
                actor = self.actors.resolve(name)
                if actor is not None:
                    refs.append(ActorRef(name=name, actor=actor))
        return refs

    # --- what is said, and to whom -------------------------------------------------------------

    def _complement(self, verb: Token, exclude: set[int]) -> set[int]:
        tokens: set[int] = set()
        if verb.lower_ in ("according", "by"):
            head = verb.head
            tokens = {t.i for t in head.subtree} - {t.i for t in verb.subtree}
            return tokens - exclude
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        # the reported proposition is the clause when there is one ("told reporters [that ...]")
        for child in clauses or [c for c in verb.children if c.dep_ in _COMPLEMENT_DEPS]:
            tokens.update(t.i for t in child.subtree)
        if (
            clauses
            and verb.lower_ in self.lexicon.reporting_verbs
            and self.lexicon.reporting_verbs[verb.lower_] == "accusation"
        ):
            for child in verb.children:  # "accused Kabul of harbouring ...": keep the "of" phrase
                if child.dep_ == "prep":
                    tokens.update(t.i for t in child.subtree)
        return tokens - exclude

    def _addressees(self, frame: Frame, verb: Token) -> list[ActorRef]:
        heads: list[Token] = []
        for child in verb.children:
            if (
                child.dep_ in ("dobj", "dative")
                and child.lower_ not in self.lexicon.responsibility_nouns
                or child.dep_ == "nsubjpass"
            ):
                heads.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("on", "upon") and frame.kind == "demand":
                heads.extend(c for c in child.children if c.dep_ == "pobj")
        if not heads and frame.kind in ("demand", "accusation", "commitment"):
            for child in verb.children:
                if child.dep_ == "ccomp":  # "demanded that Kabul act": the subject of the demand
                    heads.extend(c for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
        refs = []
        for head in heads:
            if head.lower_ in AUDIENCE_NOUNS:
                continue  # "told reporters": an audience, not an addressee of the claim
            tokens = phrase_tokens(head)
            name = span_text(tokens)
            actor = self.actors.resolve(name)
            if (
                frame.kind in ("demand", "accusation", "commitment")
                and actor is None
                and head.dep_ == "nsubj"
            ):
                continue  # only an actor can be the subject we address
            if frame.speaker is not None and actor is not None and actor == frame.speaker.actor:
                continue
            refs.append(ActorRef(name=name, actor=actor))
        return refs

    def _about_text(self, frame: Frame, verb: Token, addressee_tokens: set[int]) -> str | None:
        tokens = sorted(frame.about_tokens - addressee_tokens)
        if not tokens:
            return None
        doc = verb.doc
        # keep the words as written: one stretch from the first to the last governed token
        first, last = doc[tokens[0]], doc[tokens[-1]]
        return _clean_about(doc_text(doc)[first.idx : last.idx + len(last.text)])

    # --- frames of a sentence ------------------------------------------------------------------

    def frames(self, sent: Span, last_speaker: Speaker | None) -> list[Frame]:
        """Reporting frames of a sentence with speakers and scopes (see the module docstring)."""
        found: list[Frame] = []
        for token in sent:
            responsibility = self._claims_responsibility(token)
            kind = "statement" if responsibility else self._frame_kind(token)
            if kind is None:
                continue
            frame = self._speaker(token, sent, last_speaker)
            if not frame.plausible:
                continue
            frame.kind = kind
            frame.responsibility = responsibility
            frame.co_speakers = self._co_speakers(token)
            if token.lower_ in ("according", "by"):
                # "according to X, ...": the clause it modifies is X's ("eleven civilians dead by
                # UNAMA's count": the people it counts); at the end of a sentence, all of it
                clause = token.head
                while clause.dep_ in ("amod", "acl") and clause.head.i != clause.i:
                    clause = clause.head
                trailing = all(t.is_punct for t in sent.doc[token.right_edge.i + 1 : sent.end])
                frame.subtree = (
                    {t.i for t in clause.subtree}
                    if clause.dep_ != "ROOT" and not (trailing and token.lower_ == "according")
                    else {t.i for t in sent}
                )
            elif (
                token.dep_ == "parataxis"
                or self._statement_before(token) is not None
                or self._closing_report(token, sent)
            ):
                frame.subtree = {t.i for t in sent}  # "he said," in the middle: the whole sentence
            else:
                frame.subtree = {t.i for t in token.subtree}
            found.append(frame)
            if frame.memorable and not frame.anaphoric:
                last_speaker = frame.remembered
        # "assured that the Emirate was committed to ...": a commitment inside another frame is what
        # that frame reports, not a second act of speech
        found = [
            f
            for f in found
            if not (
                f.verb.lower_ in ("committed", "commits")
                and any(o is not f and f.verb.i in o.subtree for o in found)
            )
        ]
        # "By Pakistan's count, 23 ...; by the Taliban's, 58": sentence-wide frames share it by position
        whole = {t.i for t in sent}
        wide = sorted((f for f in found if f.subtree == whole), key=lambda f: f.verb.i)
        if len(wide) > 1:
            for number, frame in enumerate(wide):
                begin = sent.start if number == 0 else frame.verb.i
                end = wide[number + 1].verb.i if number + 1 < len(wide) else sent.end
                frame.subtree = set(range(begin, end))
        # scopes: each frame governs its subtree minus frames nested inside it and minus speakers
        for frame in found:
            nested = set()
            for other in found:
                if other is not frame and other.verb.i in frame.subtree and other.subtree < frame.subtree:
                    nested |= other.subtree | other.speaker_tokens
            frame.scope = frame.subtree - nested - frame.speaker_tokens
            frame.about_tokens = self._complement(frame.verb, nested | frame.speaker_tokens)
            if frame.verb.lower_ in ("according", "by") or frame.verb.dep_ == "parataxis":
                frame.about_tokens = frame.scope - {t.i for t in frame.verb.subtree}
            if not any(not sent.doc[i].is_punct and sent.doc[i].dep_ != "mark" for i in frame.about_tokens):
                frame.about_tokens = self._complement(frame.verb, frame.speaker_tokens)
                frame.relay = bool(nested)
            frame.addressees = self._addressees(frame, frame.verb)
            addressee_tokens = set()
            if frame.addressees:
                for child in frame.verb.children:
                    if (
                        child.dep_ == "dobj"
                        and frame.kind == "statement"
                        and child.lower_ not in AUDIENCE_NOUNS
                    ):
                        continue  # "announced compensation for the families": what is said, not to whom
                    if child.dep_ in ("dobj", "dative", "nsubjpass"):
                        addressee_tokens |= {t.i for t in phrase_tokens(child)}
                    elif child.dep_ == "prep" and child.lower_ in ("on", "upon") and frame.kind == "demand":
                        addressee_tokens |= {t.i for t in child.subtree}
            frame.about = self._about_text(frame, frame.verb, addressee_tokens)
            if frame.kind == "statement" and frame.about:
                clause = self._clause(frame, sent)
                speaker = frame.speaker.actor if frame.speaker else None
                refined = (
                    self.kinds.kinds(clause, speaker, within=frame.about_tokens)
                    if clause is not None
                    else [k for k in [self.kinds.kind(None, frame.about, speaker)] if k]
                )
                if refined:
                    frame.kind, frame.extra_kinds, frame.refined = refined[0], refined[1:], True
                    if frame.kind == "commitment":
                        frame.addressees = [a for a in frame.addressees if a.actor is not None]
        self._settle_sources(found)
        self._settle_nesting(found)
        return found

    @staticmethod
    def _clause(frame: Frame, sent: Span) -> Token | None:
        """The reported clause's head: "said [that X will ...]" -> "will"'s verb."""
        if frame.verb.lower_ in ("according", "by") or frame.verb.dep_ == "parataxis":
            return sent.root
        clauses = [c for c in frame.verb.children if c.dep_ in ("ccomp", "xcomp")]
        # not a clause the parse hung here that is another frame's ("X insists ...; Y insist ...")
        return next((c for c in clauses if c.i in frame.about_tokens), clauses[0] if clauses else None)

    @staticmethod
    def _settle_sources(found: list[Frame]) -> None:
        """ "According to the spokesman, both sides agreed that ...": the spokesman is the source of
        the agreement he reports; "according to" adds no claim of its own."""
        for source in found:
            if source.verb.lower_ not in ("according", "by"):
                continue
            reported = next((f for f in found if f is not source and f.verb.i == source.verb.head.i), None)
            if reported is None:
                continue
            source.relay = True
            if reported.speaker is None or reported.speaker.actor is None:
                reported.speaker, reported.service, reported.state = (
                    source.speaker,
                    source.service,
                    source.state,
                )
                reported.unresolved_anaphor = source.unresolved_anaphor
                reported.co_speakers = []

    @staticmethod
    def _settle_nesting(found: list[Frame]) -> None:
        """Relays and nested third-party claims.

        "The Emirate rejects the allegations, spokesman Mujahid said": "said" only relays the
        denial (same voice, or the inner speaker unnamed), so the denial is the claim and keeps or
        takes the relay's speaker. "Andrabi rejected remarks by the minister that Pakistan had
        agreed ...": the inner "agreed" is a third party's claim reported inside a denial; only the
        outer claim is coded (its proposition includes the inner words).
        """
        for outer in found:
            inner = [f for f in found if f is not outer and f.verb.i in outer.subtree]
            if not inner:
                continue
            for frame in inner:
                if (
                    frame.speaker is not None
                    and frame.speaker.actor is None
                    and (
                        frame.anaphoric
                        or frame.unresolved_anaphor
                        or frame.speaker.name.lower() in _FIRST_PERSON
                    )
                ):
                    # "“..., and we expect the same,” Mujahid said": "we" is the outer speaker
                    frame.speaker, frame.service, frame.state = outer.speaker, outer.service, outer.state
                    frame.unresolved_anaphor = outer.unresolved_anaphor
                same_voice = (
                    frame.speaker is None
                    or frame.anaphoric
                    or frame.unresolved_anaphor
                    or (
                        outer.speaker is not None
                        and frame.speaker.actor is not None
                        and frame.speaker.actor == outer.speaker.actor
                    )
                )
                if outer.relay and same_voice:
                    if frame.speaker is None or frame.unresolved_anaphor or frame.speaker.actor is None:
                        frame.speaker, frame.service, frame.state = outer.speaker, outer.service, outer.state
                        frame.speaker_tokens |= outer.speaker_tokens
                        frame.unresolved_anaphor = outer.unresolved_anaphor
                elif (
                    not same_voice
                    and not outer.relay
                    and frame.verb.dep_ in _NESTED_DEPS
                    and not _apart(frame, outer)
                ):
                    # "while Mujahid claimed ..." (advcl) is a parallel report, not a nested one; a
                    # nested report's words are part of what the outer speaker says (or denies)
                    frame.nested = True
                    outer.scope |= frame.scope | (frame.speaker_tokens - outer.speaker_tokens)


def _apart(inner: Frame, outer: Frame) -> bool:
    """ "X insists that ...; Y insist that ...": a frame the parse hangs under a later verb across a
    semicolon is a report of its own, not a report inside the other."""
    doc = outer.verb.doc
    end = max(inner.subtree)
    return end < outer.verb.i and any(t.text == ";" for t in doc[end : outer.verb.i])


class PropositionKinds:
    """What a reported proposition does, read from its words and its clause.

    Used for statement frames ("he said X") and, in a party's own release, for the document's own
    sentences. In order: a denial ("are false", "no Afghan was involved", "there are no ..."), a
    commitment (a future or a resolve by the speaker's side: "we will respond", "remain determined
    to", "the perpetrators will be brought to justice", "will not allow"), a demand (must / should
    for someone else), an accusation (wrongdoing by someone: "directed by", "operating from",
    "violation", "sanctuaries"); else None (a plain statement).
    """

    def __init__(self, lexicon: Lexicon, actors: ActorIndex):
        self.lexicon = lexicon
        self.actors = actors

    def _state(self, actor: str | None) -> str | None:
        for ancestor in self.actors.ancestors(actor) if actor else []:
            if self.actors.get(ancestor).type in ("state", "de_facto_authority"):
                return ancestor
        return actor

    def _subject(self, clause: Token) -> Token | None:
        return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)

    def own_side(self, subject: Token | None, speaker: str | None) -> bool:
        """Is the clause's subject the speaker's own side ("we", "the police", "Pakistan's forces")?"""
        if subject is None:
            return False
        if subject.lower_ in ("we", "i", "it", "they", "he", "she", "our"):
            return True
        tokens = phrase_tokens(subject)
        actor = self.actors.resolve(span_text(tokens))
        if actor is not None and speaker is not None:  # "the Taliban government" is not Pakistan's own side
            return self._state(actor) == self._state(speaker)
        words = " ".join(t.lower_ for t in tokens if t.dep_ not in ("det", "poss"))
        if actor is not None:
            # a speaker known only by its service ("the IGP said"): "KP Police will continue ..."
            return tokens[-1].lower_ in self.lexicon.own_side_subjects
        return words in self.lexicon.own_side_subjects

    def _commits(self, clause: Token, speaker: str | None) -> bool:
        children = list(clause.children)
        aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        resolve = self.lexicon.resolve_words
        if clause.lower_ in resolve and aux & {
            "are",
            "is",
            "am",
            "remain",
            "remains",
            "remained",
            "was",
            "were",
        }:
            return True  # "are determined to", "is committed to"
        if clause.lower_ in self.lexicon.remain_verbs and any(
            c.dep_ in ("acomp", "xcomp", "oprd", "attr") and c.lower_ in resolve for c in children
        ):
            return True  # "remain resolute", "stands ready"
        if aux & {"will", "would", "shall", "'ll"}:
            subject = self._subject(clause)
            if subject is None and clause.dep_ == "conj":
                subject = self._subject(clause.head)  # "has no intention ..., but will take ..."
            if subject is not None and subject.lower_ in self.lexicon.pledge_subjects:
                return True  # "the perpetrators will be brought to justice"
            if subject is not None and subject.dep_ == "nsubjpass":
                head = phrase_tokens(subject)[-1].lower_
                if head in self.lexicon.pledge_subjects:
                    return True
            if self.own_side(subject, speaker):
                return True
            if clause.lower_ in self.lexicon.response_verbs and subject is not None:
                # "the armed forces of the Islamic Emirate will defend the borders", "would respond
                # to any aggression": a state's forces promise a response
                heads = [subject, *(c for c in subject.children if c.dep_ == "appos")]
                for head in heads:
                    actor = self.actors.resolve(span_text(phrase_tokens(head)))
                    if actor is not None and self.actors.get(actor).type in _STATE_TYPES:
                        return True
        return False

    def kinds(self, clause: Token, speaker: str | None, *, within: set[int] | None = None) -> list[str]:
        """The distinct kinds of a clause and the clauses coordinated with it, in order.

        "Afghan soil continues to be used by terrorists, and the Taliban must act" is an accusation
        and a demand. ``within`` limits the words read (a frame's proposition).
        """
        doc = clause.doc
        parts = [clause, *(c for c in clause.children if c.dep_ == "conj" and c.i > clause.i)]
        found: list[str] = []
        for part in parts:
            tokens = {t.i for t in part.subtree}
            if part is clause:
                for other in parts[1:]:
                    tokens -= {t.i for t in other.subtree}
            if within is not None:
                tokens &= within
            if not tokens:
                continue
            ordered = [i for i in sorted(tokens) if not (doc[i].dep_ == "mark" or doc[i].is_punct)]
            if not ordered:
                continue
            last = doc[ordered[-1]]
            text = doc_text(doc)[doc[ordered[0]].idx : last.idx + len(last.text)]
            kind = self.kind(part, text, speaker, coordinated=False)
            if kind is not None and kind not in found:
                found.append(kind)
        return found

    def kind(
        self, clause: Token | None, text: str | None, speaker: str | None, *, coordinated: bool = True
    ) -> str | None:
        if not text:
            return None
        if self.lexicon.denial_pattern.search(text):
            return "denial"
        if clause is None:
            # "notes the Taliban's assurances that soil will not be used": a noun phrase reports
            # someone else's promise; only what it denies or blames is the speaker's
            return "accusation" if self.lexicon.accusation_pattern.search(text) else None
        if self.lexicon.commitment_pattern.search(text):
            return "commitment"
        clauses = []
        if clause is not None:
            clauses = [clause, *(c for c in clause.children if c.dep_ == "conj" and coordinated)]
        if any(self._commits(c, speaker) for c in clauses):
            return "commitment"
        for current in clauses:
            aux = {c.lower_ for c in current.children if c.dep_ in ("aux", "auxpass")}
            if aux & {"must", "should"} and not self.own_side(self._subject(current), speaker):
                return "demand"
        if self.lexicon.accusation_pattern.search(text):
            return "accusation"
        return None
