"""The actor dictionary and its index."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.actors import ActorIndex, load_actors
from pledgewatch.models import Actor
from tests.knowledge.design_ids import DESIGN_ACTOR_IDS

DESIGN_IDS = sorted(DESIGN_ACTOR_IDS)


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    return ActorIndex(load_actors())


def test_every_design_actor_id_is_defined():
    assert set(DESIGN_IDS) <= {a.id for a in load_actors()}


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("ISPR", "PAK.MIL"),
        ("Inter-Services Public Relations", "PAK.MIL"),
        ("Pakistan Army", "PAK.MIL"),
        ("Frontier Corps", "PAK.MIL"),
        ("PAF", "PAK.MIL"),
        ("the military's media wing", "PAK.MIL"),
        ("Foreign Office", "PAK"),
        ("the FO spokesperson", "PAK"),
        ("Islamabad", "PAK"),
        ("CTD", "PAK.POL"),
        ("Islamic Emirate", "AFG"),
        ("Zabihullah Mujahid", "AFG"),
        ("Amir Khan Muttaqi", "AFG"),
        ("Kabul", "AFG"),
        ("the Taliban", "AFG"),
        ("Taliban forces", "AFG.MIL"),
        ("mujahideen", "AFG.MIL"),
        ("Pakistani Taliban", "TTP"),
        ("Tehrik-e-Taliban Pakistan", "TTP"),
        ("Tehreek-i-Taliban", "TTP"),
        ("Tahrik-i-Taliban", "TTP"),
        ("Fitna al Khwarij", "TTP"),
        ("khwarij", "TTP"),
        ("Khawarij", "TTP"),
        ("IS-K", "ISKP"),
        ("ISIS-K", "ISKP"),
        ("ISKP", "ISKP"),
        ("Daesh-Khorasan", "ISKP"),
        ("Islamic State Khorasan", "ISKP"),
        ("al-Qaida", "AQ"),
        ("al-Qaeda", "AQ"),
        ("AQIS", "AQIS"),
        ("Hafiz Gul Bahadur group", "HGB"),
        ("Jamaat-ul-Ahrar", "JUA"),
        ("BLA", "BLA"),
        ("Baloch Liberation Army", "BLA"),
        ("Fitna al Hindustan", "BLA"),
        ("Baloch Liberation Front", "BLF"),
        ("UNAMA", "UN.UNAMA"),
        ("UN Monitoring Team", "UN.MT"),
        ("Analytical Support and Sanctions Monitoring Team", "UN.MT"),
        ("Security Council", "UN"),
        ("JUI-F", "JUIF"),
        ("civilians", "CIV"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("U.S.", "USA"),
    ],
)
def test_spellings_resolve(index, name, actor):
    assert index.resolve(name) == actor


def test_longest_alias_inside_a_phrase_wins(index):
    assert index.resolve("Taliban spokesman Zabihullah Mujahid") == "AFG"
    assert index.resolve("a Pakistani Taliban commander") == "TTP"


def test_acronyms_match_case_as_written(index):
    assert index.resolve("US") == "USA"
    assert index.resolve("us") is None
    assert [m.actor for m in index.find_all("they told us the US would help")] == ["USA"]


def test_demonyms_are_not_actors(index):
    assert index.resolve("Afghan") is None
    assert index.resolve("Pakistani") is None


def test_unknown_name(index):
    assert index.resolve("a local elder") is None
    assert index.resolve("") is None


def test_find_all_reports_offsets(index):
    text = "ISPR said, while Zabihullah Mujahid denied it."
    mentions = index.find_all(text)
    assert [(text[m.start : m.end], m.actor) for m in mentions] == [
        ("ISPR", "PAK.MIL"),
        ("Zabihullah Mujahid", "AFG"),
    ]


def test_ancestors(index):
    assert index.ancestors("PAK.MIL") == ["PAK.MIL", "PAK"]
    assert index.ancestors("UN.MT") == ["UN.MT", "UN"]
    assert index.ancestors("JUA") == ["JUA", "TTP"]
    assert index.ancestors("NOPE") == []


def test_country_of(index):
    assert index.country_of("PAK.MIL") == "PK"
    assert index.country_of("AFG.MIL") == "AF"
    assert index.country_of("UN.UNAMA") is None


def test_types_follow_the_design(index):
    assert index.get("AFG").type == "de_facto_authority"
    assert index.get("AFG.MIL").type == "state_force"
    assert index.get("TTP").type == "armed_group"
    assert index.get("CIV").type == "civilians"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("actors:\n  - id: X\n    name: X\n    type: state\n    colour: red\n", "unknown field 'colour'"),
        ("actors:\n  - id: X\n    type: state\n", "field 'name'"),
        ("actors:\n  - id: X\n    name: X\n    type: planet\n", "field 'type'"),
        ("actors:\n  - id: X\n    name: X\n    type: state\n    parent: Y\n", "unknown actor id 'Y'"),
        ("actors:\n  - id: X\n    name: X\n    type: state\n    country: Pakistan\n", "ISO 3166-1"),
        (
            "actors:\n  - {id: X, name: X, type: state}\n  - {id: X, name: Z, type: state}\n",
            "already defined",
        ),
        (
            "actors:\n  - {id: X, name: Same, type: state}\n  - {id: Y, name: same, type: state}\n",
            "names both",
        ),
        ("actors: [\n", "not valid YAML"),
        ("people: []\n", "top-level 'actors:'"),
    ],
)
def test_bad_actor_files_name_the_file_and_problem(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(KnowledgeError) as caught:
        load_actors(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_errors_point_at_the_line(tmp_path):
    path = _write(
        tmp_path, "actors:\n  - {id: A, name: A, type: state}\n  - id: B\n    name: B\n    type: moon\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_actors(path)
    assert f"{path}:3" in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(KnowledgeError, match="cannot read"):
        load_actors(tmp_path / "nope.yaml")


def test_people_and_metonyms_become_aliases(tmp_path):
    path = _write(
        tmp_path, "actors:\n  - {id: A, name: Aland, type: state, people: [Ann Bee], metonyms: [Acity]}\n"
    )
    [actor] = load_actors(path)
    assert actor == Actor(id="A", name="Aland", aliases=["Ann Bee", "Acity"], type="state")


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("Pakistan's military", "PAK.MIL"),
        ("Pakistan’s armed forces", "PAK.MIL"),
        ("Afghanistan's Ministry of Foreign Affairs", "AFG"),
        ("the de facto authorities", "AFG"),
        ("the Interim Afghan Government", "AFG"),
        ("Stéphane Dujarric", "UN"),
        ("Stephane Dujarric", "UN"),
    ],
)
def test_possessives_and_accents_do_not_matter(index, name, actor):
    assert index.resolve(name) == actor


def test_defence_ministries_speak_for_their_governments_alike(index):
    # symmetry: a ministry and its minister are the state's civilian voice on both sides
    assert index.resolve("Pakistani defence ministry") == "PAK"
    assert index.resolve("Afghan defence ministry") == "AFG"
    assert index.resolve("Khawaja Asif") == "PAK"
    assert index.resolve("Mullah Mohammad Yaqoob") == "AFG"


def test_exact_looks_only_at_the_whole_name(index):
    assert index.exact("ISPR") == "PAK.MIL"
    assert index.exact("Afghanistan Cricket Board") is None
    assert index.resolve("Afghanistan Cricket Board") == "AFG"  # lenient lookup still finds the alias
