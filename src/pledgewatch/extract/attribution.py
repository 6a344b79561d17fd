"""Who says what: reporting frames in a parsed sentence.

A *frame* is a reporting verb ("said", "denied", "accused", "vowed", "urged" ...) or "according to
X", with its speaker, the words it governs (its *scope*: the verb's subtree minus nested frames and
the speaker) and, for accusations, demands and commitments, whom it is addressed to. Claims are
then built per frame, so that in "ISPR said 23 soldiers were martyred, while Mujahid claimed 58
were killed" each figure stays with its own speaker.

Speakers are resolved to actor ids with the ``ActorIndex``. Pronouns and bare role nouns ("he",
"the spokesman", "the statement") point back to the last resolved speaker in the document; a verb
without a subject takes the nearest actor named before it (the fallback in DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

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
_AUDIENCE = frozenset({"reporters", "journalists", "media", "newsmen", "press", "correspondents", "audience",
                       "gathering", "participants", "newspaper", "channel", "agency"})  # fmt: skip


@dataclass
class Frame:
    verb: Token
    kind: str  # statement | denial | accusation | commitment | demand
    speaker: ActorRef | None
    speaker_tokens: set[int]
    anaphoric: bool = False
    service: str | None = None  # "police" / "forces": "police said" is resolved by the incident's country
    co_speakers: list[ActorRef] = field(default_factory=list)  # "Pakistan and Afghanistan agreed"
    addressees: list[ActorRef] = field(default_factory=list)
    about: str | None = None
    about_tokens: set[int] = field(default_factory=set)
    subtree: set[int] = field(default_factory=set)
    scope: set[int] = field(default_factory=set)


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
    return tokens or [head]


def span_text(tokens: list[Token]) -> str:
    doc = tokens[0].doc
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


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


class Attributor:
    """Finds reporting frames and their speakers. Built once; ``frames`` is called per sentence."""

    def __init__(self, lexicon: Lexicon, actors: ActorIndex):
        self.lexicon = lexicon
        self.actors = actors

    # --- which verbs report --------------------------------------------------------------------

    def _frame_kind(self, token: Token) -> str | None:
        lowered = token.lower_
        if lowered == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            return "statement"
        if lowered in ("read", "reads") and any(
            c.dep_ == "nsubj" and c.lower_ in self.lexicon.statement_nouns for c in token.children
        ):
            return "statement"
        kind = self.lexicon.reporting_verbs.get(lowered)
        if kind is None or token.dep_ not in _VERB_DEPS:
            return None  # "alleged militants", "the claims", "his statement"
        children = list(token.children)
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODALS) for c in children):
            return None  # "did not deny", "Pakistan should not blame": no one says it here
        if any(c.dep_ == "dobj" and c.lower_ in self.lexicon.responsibility_nouns for c in children):
            return None  # "claimed responsibility" names a perpetrator, it does not report
        following = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
        if lowered in ("called", "calls", "calling") and not (
            following in self.lexicon.demand_particles
            or any(c.dep_ == "prep" and c.lower_ in self.lexicon.demand_particles for c in children)
        ):
            return None
        if lowered in ("committed", "commits") and following not in self.lexicon.commitment_particles:
            return None
        if lowered in ("agreed", "agrees") and following not in ("to", "that", "on"):
            return None
        if not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in children) and token.dep_ not in (
            "conj",
            "advcl",
            "xcomp",
            "ROOT",
            "parataxis",
            "ccomp",
        ):
            return None
        return kind

    # --- speakers ------------------------------------------------------------------------------

    def _subject(self, verb: Token) -> Token | None:
        current = verb
        for _ in range(4):
            subject = next((c for c in current.children if c.dep_ in ("nsubj", "csubj")), None)
            # a borrowed subject must come from a reporting verb: in "X alleged that Y were ...,
            # and blamed Z", "blamed" hangs on "were" but X is the one blaming
            if subject is not None and (current is verb or current.lower_ in self.lexicon.reporting_verbs):
                return subject
            if current.dep_ in ("conj", "advcl", "xcomp", "ccomp") and current.head is not current:
                current = current.head
                continue
            return None
        return None

    def _resolve_phrase(self, head: Token) -> tuple[ActorRef, set[int]] | None:
        tokens = phrase_tokens(head)
        name = span_text(tokens)
        actor = self.actors.resolve(name)
        if actor is None:
            for child in head.children:
                if child.dep_ == "appos":
                    actor = self.actors.resolve(span_text(phrase_tokens(child)))
                    if actor is not None:
                        break
        if actor is None and head.lower_ in self.lexicon.statement_nouns:
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
                actor = self.actors.resolve(span_text(phrase_tokens(owner)))
                if actor is not None:
                    name = span_text(phrase_tokens(owner))
        return ActorRef(name=name, actor=actor), {t.i for t in head.subtree}

    def _fallback_speaker(self, verb: Token, sent: Span) -> tuple[ActorRef, set[int]] | None:
        # no subject: the nearest actor named shortly before the verb speaks ("ISPR: 23 martyred")
        doc = sent.doc
        window_start = max(sent.start, verb.i - 8)
        text = doc[window_start : verb.i].text
        mentions = self.actors.find_all(text)
        if not mentions:
            return None
        mention = mentions[-1]
        offset = doc[window_start].idx
        tokens = {
            t.i for t in doc[window_start : verb.i] if offset + mention.start <= t.idx < offset + mention.end
        }
        return ActorRef(name=mention.words, actor=mention.actor), tokens

    def _speaker(
        self, verb: Token, sent: Span, last: ActorRef | None
    ) -> tuple[ActorRef | None, set[int], bool, str | None]:
        """(speaker, its tokens, anaphoric?, service resolved by the incident's country)."""
        if verb.lower_ == "according":
            to = next((c for c in verb.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is None:
                return None, set(), False, None
            resolved = self._resolve_phrase(pobj)
            tokens = {t.i for t in verb.subtree}
        else:
            subject = self._subject(verb)
            if subject is None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                pobj = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                )
                resolved = (
                    self._resolve_phrase(pobj) if pobj is not None else self._fallback_speaker(verb, sent)
                )
                if resolved is None:
                    return None, set(), False, None
                tokens = resolved[1] | ({t.i for t in agent.subtree} if agent is not None else set())
            else:
                resolved = self._resolve_phrase(subject)
                # a shared subject ("X confirmed ... and denied ...") belongs to the first verb's words
                tokens = resolved[1] if subject.head == verb else set()
        ref, _ = resolved
        lowered = ref.name.lower()
        head_word = lowered.split()[-1] if lowered.split() else ""
        anaphoric = lowered in self.lexicon.anaphoric_speakers or head_word in self.lexicon.anaphoric_speakers
        if ref.actor is None and anaphoric and last is not None:
            return ActorRef(name=last.name, actor=last.actor), tokens, True, None
        service = None
        if ref.actor is None:
            if lowered in self.lexicon.police_speakers:
                service = "police"
            elif lowered in self.lexicon.force_speakers:
                service = "forces"
        return ref, tokens, False, service

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
        if verb.lower_ == "according":
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
            if head.lower_ in _AUDIENCE:
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
        return _clean_about(doc.text[first.idx : last.idx + len(last.text)])

    # --- frames of a sentence ------------------------------------------------------------------

    def frames(self, sent: Span, last_speaker: ActorRef | None) -> list[Frame]:
        """Reporting frames of a sentence with speakers and scopes (see the module docstring)."""
        found: list[Frame] = []
        for token in sent:
            kind = self._frame_kind(token)
            if kind is None:
                continue
            speaker, speaker_tokens, anaphoric, service = self._speaker(token, sent, last_speaker)
            frame = Frame(
                verb=token,
                kind=kind,
                speaker=speaker,
                speaker_tokens=speaker_tokens,
                anaphoric=anaphoric,
                service=service,
                co_speakers=self._co_speakers(token),
            )
            if token.lower_ == "according":
                frame.subtree = {t.i for t in sent}
            else:
                frame.subtree = {t.i for t in token.subtree}
            found.append(frame)
            if speaker is not None and speaker.actor is not None and not anaphoric:
                last_speaker = speaker
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
        # scopes: each frame governs its subtree minus frames nested inside it and minus speakers
        for frame in found:
            nested = set()
            for other in found:
                if (
                    other is not frame
                    and other.verb.i in frame.subtree
                    and (other.subtree < frame.subtree or frame.verb.lower_ == "according")
                ):
                    nested |= other.subtree | other.speaker_tokens
            frame.scope = frame.subtree - nested - frame.speaker_tokens
            # the proposition leaves out other speakers' reports, unless they are all it says
            # ("Qatar said Pakistan and Afghanistan agreed ...")
            frame.about_tokens = self._complement(
                frame.verb, nested | frame.speaker_tokens
            ) or self._complement(frame.verb, frame.speaker_tokens)
            if frame.verb.lower_ == "according":
                frame.about_tokens = frame.scope - {t.i for t in frame.verb.subtree}
            frame.addressees = self._addressees(frame, frame.verb)
            addressee_tokens = set()
            if frame.addressees:
                for child in frame.verb.children:
                    if child.dep_ in ("dobj", "dative", "nsubjpass"):
                        addressee_tokens |= {t.i for t in phrase_tokens(child)}
                    elif child.dep_ == "prep" and child.lower_ in ("on", "upon") and frame.kind == "demand":
                        addressee_tokens |= {t.i for t in child.subtree}
            frame.about = self._about_text(frame, frame.verb, addressee_tokens)
            if (
                frame.kind == "statement"
                and frame.about
                and self.lexicon.commitment_pattern.search(frame.about)
            ):
                frame.kind = "commitment"  # "We will not allow anyone to use Afghan soil ...", he said
                frame.addressees = [a for a in frame.addressees if a.actor is not None]
        return found
