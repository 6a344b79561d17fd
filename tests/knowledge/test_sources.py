"""The sources registry, and the example corpus's metadata against it."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.sources import (
    SOURCES_FILE,
    SourceRegistry,
    dotted_ancestors,
    load_sources,
    normalise_name,
    validate_sources_file,
)
from pledgewatch.models import Source

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO_ROOT / "examples" / "corpus"


@pytest.fixture(scope="module")
def registry() -> SourceRegistry:
    return load_sources()


# --- registry ----------------------------------------------------------------------------------


def test_packaged_registry_loads(registry):
    assert len(registry) >= 30
    assert registry.conflict_parties == ("PAK", "AFG")
    assert all(isinstance(source, Source) for source in registry.all())


@pytest.mark.parametrize(
    ("given", "name", "kind", "affiliation"),
    [
        ("ISPR", "ISPR", "party_military", "PAK.MIL"),
        ("inter-services public relations", "ISPR", "party_military", "PAK.MIL"),
        ("Ministry of Foreign Affairs of Pakistan", "Pakistan Foreign Office", "party_official", "PAK"),
        ("PTV", "PTV", "state_media", "PAK"),
        ("Associated Press of Pakistan", "APP", "state_media", "PAK"),
        ("Radio Pakistan", "Radio Pakistan", "state_media", "PAK"),
        ("  Zabihullah   Mujahid ", "Islamic Emirate spokesman", "party_official", "AFG"),
        ("Afghan MoFA", "Afghan Ministry of Foreign Affairs", "party_official", "AFG"),
        ("Afghan Ministry of Defense", "Afghan Ministry of Defence", "party_military", "AFG.MIL"),
        ("Radio Television Afghanistan", "RTA", "state_media", "AFG"),
        ("Bakhtar", "Bakhtar News Agency", "state_media", "AFG"),
        ("United Nations Assistance Mission in Afghanistan", "UNAMA", "intl_org", None),
        ("Analytical Support and Sanctions Monitoring Team", "UN Monitoring Team", "intl_org", None),
        ("Qatar MoFA", "Qatar Ministry of Foreign Affairs", "party_official", "QAT"),
        ("Turkiye MFA", "Türkiye Ministry of Foreign Affairs", "party_official", "TUR"),
        ("DAWN", "Dawn", "independent_media", None),
        ("Express Tribune", "The Express Tribune", "independent_media", None),
        ("Tolo News", "TOLOnews", "independent_media", None),
        ("Agence France-Presse", "AFP", "independent_media", None),
        ("international wire", "International Wire", "independent_media", None),
        ("Afghanistan Cricket Board", "Afghanistan Cricket Board", "ngo", "AFG"),
        ("Armed Conflict Location & Event Data Project", "ACLED", "dataset", None),
        ("UCDP GED", "UCDP", "dataset", None),
        ("Global Terrorism Database", "GTD", "dataset", None),
    ],
)
def test_resolve_by_name_or_alias(registry, given, name, kind, affiliation):
    source = registry.resolve(given)
    assert (source.name, source.kind, source.affiliation) == (name, kind, affiliation)


def test_resolve_unknown_keeps_the_name(registry):
    assert registry.resolve("The Daily Nowhere") == Source(name="The Daily Nowhere", kind="unknown")
    assert registry.resolve(None) == Source(name="unknown", kind="unknown")
    assert registry.resolve("   ") == Source(name="unknown", kind="unknown")
    assert not registry.is_known("The Daily Nowhere")
    assert "ISPR" in registry


def test_normalise_name_ignores_case_accents_and_spaces():
    assert normalise_name("  Türkiye   MFA ") == normalise_name("turkiye mfa")


def test_dotted_ancestors():
    assert dotted_ancestors("PAK.MIL.FC") == ["PAK.MIL", "PAK"]
    assert dotted_ancestors("PAK") == []


def test_both_parties_have_the_same_kinds_of_voice(registry):
    kinds_by_party: dict[str, set[str]] = {"PAK": set(), "AFG": set()}
    for source in registry.all():
        if source.affiliation:
            party = source.affiliation.split(".")[0]
            if party in kinds_by_party:
                kinds_by_party[party].add(source.kind)
    assert kinds_by_party["PAK"] == kinds_by_party["AFG"]
    assert {"party_military", "party_official", "state_media"} <= kinds_by_party["PAK"]


@pytest.mark.parametrize(
    ("name", "partisan"),
    [
        ("ISPR", True),
        ("Pakistan Foreign Office", True),
        ("PTV", True),
        ("Islamic Emirate spokesman", True),
        ("Afghan Ministry of Defence", True),
        ("Afghanistan Cricket Board", True),
        ("Qatar Ministry of Foreign Affairs", False),  # mediator: affiliated, not a conflict party
        ("Türkiye Ministry of Foreign Affairs", False),
        ("UNAMA", False),
        ("International Wire", False),
        ("Dawn", False),
        ("Umar Media", True),  # armed groups' media are always partisan
        ("ACLED", False),
        ("The Daily Nowhere", False),
    ],
)
def test_is_partisan(registry, name, partisan):
    assert registry.is_partisan(registry.resolve(name)) is partisan


def test_is_partisan_uses_the_given_ancestors(registry):
    source = Source(name="Frontier Corps", kind="party_military", affiliation="FC")
    assert not registry.is_partisan(source)
    assert registry.is_partisan(source, actors_ancestors=lambda actor: ["PAK"] if actor == "FC" else [])


def test_is_partisan_with_the_actor_index(registry):
    actors = pytest.importorskip("pledgewatch.knowledge.actors")
    index = actors.ActorIndex(actors.load_actors())
    assert registry.is_partisan(registry.resolve("ISPR"), actors_ancestors=index.ancestors)
    assert not registry.is_partisan(registry.resolve("Qatar MoFA"), actors_ancestors=index.ancestors)


def test_affiliations_and_actors_are_known_actor_ids():
    actors = pytest.importorskip("pledgewatch.knowledge.actors")
    known = {actor.id for actor in actors.load_actors()}
    _, problems = validate_sources_file(SOURCES_FILE, known_actors=known)
    assert problems == []


def test_conflict_parties_swap_swaps_partisanship():
    """Neutrality: making AFG the only conflict party flags Afghan sources exactly as PAK's were."""
    base = load_sources()
    only_pak = SourceRegistry(base.entries(), ["PAK"])
    only_afg = SourceRegistry(base.entries(), ["AFG"])
    pak_voices = {s.kind for s in base.all() if only_pak.is_partisan(s) and s.kind != "armed_group"}
    afg_voices = {s.kind for s in base.all() if only_afg.is_partisan(s) and s.kind != "armed_group"}
    assert pak_voices == afg_voices


# --- broken files ------------------------------------------------------------------------------


BROKEN_SOURCES = """\
conflict_parties: [PAK, AFG]
sources:
  - name: Good Outlet
    aliases: [GO]
    kind: independent_media
    affiliation: null
  - name: Bad Kind
    aliases: []
    kind: newspaper
    affiliation: null
  - name: Clash
    aliases: [go]
    kind: ngo
    affiliation: null
  - name: Bad Affiliation
    kind: party_official
    affiliation: pakistan
  - name: No Affiliation Field
    kind: ngo
    colour: blue
"""


def test_broken_sources_file_names_file_line_and_field(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(BROKEN_SOURCES, encoding="utf-8")
    registry, problems = validate_sources_file(path)
    assert registry is None
    found = {(p.where, p.problem.split(":")[0]) for p in problems}
    shown = str(path)
    assert (f"{shown}:9", "source 'Bad Kind' field 'kind'") in found
    assert any(
        p.where == f"{shown}:11" and "'go' is already used by 'Good Outlet'" in p.problem for p in problems
    )
    assert (f"{shown}:17", "source 'Bad Affiliation' field 'affiliation'") in found
    assert (f"{shown}:18", "source 'No Affiliation Field' field 'affiliation'") in found
    assert (f"{shown}:20", "source 'No Affiliation Field' field 'colour'") in found


def test_load_sources_raises_on_first_problem(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(BROKEN_SOURCES, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_sources(path)
    assert caught.value.where == f"{path}:9"
    assert "more problem(s)" in caught.value.message


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("conflict_parties: [PAK, AFG]\nsources:\n  - name: X\n    kind: [ngo\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_sources(path)
    assert caught.value.where.startswith(f"{path}:")
    assert "YAML syntax error" in caught.value.problem


# --- the example corpus --------------------------------------------------------------------------


class _MetaReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key and attributes.get("content"):
                self.meta[key] = attributes["content"]
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.meta["canonical"] = attributes.get("href", "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text_parts.append(data)


def _corpus_metadata(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
        assert match, f"{path.name}: no YAML front matter"
        return yaml.safe_load(match.group(1)), match.group(2)
    reader = _MetaReader()
    reader.feed(text)
    meta = {
        "title": reader.meta.get("og:title") or reader.title.strip(),
        "source": reader.meta.get("og:site_name"),
        "published": reader.meta.get("article:published_time"),
        "url": reader.meta.get("og:url") or reader.meta.get("canonical"),
    }
    return meta, " ".join(reader.text_parts)


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in {".md", ".html"} and p.name != "README.md")


def test_corpus_has_enough_documents_and_kinds(registry):
    files = _corpus_files()
    assert len(files) >= 12
    assert sum(1 for p in files if p.suffix == ".html") >= 1
    kinds = {registry.resolve(_corpus_metadata(p)[0]["source"]).kind for p in files}
    assert len(kinds) >= 3
    assert {"party_military", "party_official", "intl_org", "independent_media"} <= kinds


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_corpus_document_metadata(registry, path):
    meta, body = _corpus_metadata(path)
    for field in ("title", "source", "published", "url"):
        assert meta.get(field), f"{path.name}: missing {field}"
    source = registry.resolve(meta["source"])
    assert source.kind != "unknown", f"{path.name}: source {meta['source']!r} is not in sources.yaml"
    assert source.name == meta["source"], f"{path.name}: use the canonical name {source.name!r}"
    published = str(meta["published"])[:10]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
    assert path.name.startswith(published), f"{path.name}: file name should start with the published date"
    assert meta["url"].startswith("https://example.org/"), "corpus urls must be clearly illustrative"
    words = len(re.findall(r"[A-Za-z0-9][\w'’.-]*", body))
    assert 100 <= words <= 340, f"{path.name}: {words} words"


def test_corpus_gives_both_parties_an_equal_voice(registry):
    voices: Counter[str] = Counter()
    for path in _corpus_files():
        source = registry.resolve(_corpus_metadata(path)[0]["source"])
        if source.affiliation and registry.is_partisan(source):
            voices[source.affiliation.split(".")[0]] += 1
    assert voices["PAK"] > 0 and voices["AFG"] > 0
    assert abs(voices["PAK"] - voices["AFG"]) <= 1, voices


def test_corpus_readme_says_it_is_illustrative():
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8").lower()
    assert "illustrative" in readme
    assert "not for citation" in readme
