"""The commitments registry: shipped files validate, broken files are reported precisely, and the
parties' commitments are mirrored."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.commitment_registry import (
    BENCHMARK_IDS,
    COMMITMENT_CATEGORIES,
    COMMITMENTS_DIR,
    commitments_by_obligor,
    default_commitment_files,
    load_commitments,
    validate_commitment_files,
)
from pledgewatch.models import EVENT_TAGS, EVENT_TYPES, Commitment, Indicator
from tests.knowledge.design_ids import DESIGN_ACTOR_IDS

PARTY_SWAP = {"PAK": "AFG", "AFG": "PAK", "PAK.MIL": "AFG.MIL", "AFG.MIL": "PAK.MIL", "PK": "AF", "AF": "PK"}


@pytest.fixture(scope="module")
def commitments() -> list[Commitment]:
    return load_commitments(known_actors=DESIGN_ACTOR_IDS)


# --- the shipped registry ------------------------------------------------------------------------


def test_registry_loads(commitments):
    assert len(commitments) >= 20
    ids = [c.id for c in commitments]
    assert len(ids) == len(set(ids))
    instruments = {c.id.split(".")[0] for c in commitments}
    assert {"doha2020", "assurances2021", "doha2025", "istanbul2025"} <= instruments


def test_every_shipped_file_validates():
    assert validate_commitment_files(default_commitment_files(), known_actors=DESIGN_ACTOR_IDS) == []


def test_shipped_actor_ids_are_in_actors_yaml():
    actors = pytest.importorskip("pledgewatch.knowledge.actors")
    known = {actor.id for actor in actors.load_actors()}
    assert validate_commitment_files(default_commitment_files(), known_actors=known) == []


def test_shipped_commitments_use_the_vocabularies(commitments):
    for c in commitments:
        assert c.category in COMMITMENT_CATEGORIES
        assert set(c.benchmarks) <= set(BENCHMARK_IDS)
        assert c.valid_to is None or c.valid_to >= c.valid_from
        assert any(i.effect == "breach" for i in c.indicators), f"{c.id} has no breach indicator"
        for indicator in c.indicators:
            assert set(indicator.event_types) <= set(EVENT_TYPES)
            assert set(indicator.tags) <= set(EVENT_TAGS)


def test_texts_are_summaries_not_long_quotations(commitments):
    for c in commitments:
        assert '"' not in c.text, f"{c.id}: keep quotations out of the summarised text"
        assert len(c.text.split()) <= 60


def test_both_parties_have_ceasefire_commitments(commitments):
    grouped = commitments_by_obligor(commitments)
    for party in ("PAK", "AFG"):
        categories = {c.category for c in grouped[party]}
        assert {"ceasefire", "no_cross_border_strikes", "monitoring_access", "accountability"} <= categories


def _file_lists(path: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The named group lists of a file, mirrored: hostile_to_pak <-> hostile_to_afg."""
    lists = yaml.safe_load(path.read_text(encoding="utf-8")).get("lists") or {}
    swap: dict[tuple[str, ...], tuple[str, ...]] = {}
    if "hostile_to_pak" in lists and "hostile_to_afg" in lists:
        pak, afg = tuple(lists["hostile_to_pak"]), tuple(lists["hostile_to_afg"])
        swap[pak], swap[afg] = afg, pak
    return swap


def _mirror(indicator: Indicator, group_swap: dict[tuple[str, ...], tuple[str, ...]]) -> dict:
    data = indicator.model_dump(exclude={"description"})

    def actors(values: list[str]) -> list[str]:
        if tuple(values) in group_swap:
            return list(group_swap[tuple(values)])
        return [PARTY_SWAP.get(v, v) for v in values]

    data["perpetrators"] = actors(data["perpetrators"])
    data["targets"] = actors(data["targets"])
    for field in ("origin_country", "target_country"):
        data[field] = PARTY_SWAP.get(data[field], data[field])
    return data


def test_paired_commitments_have_mirrored_indicators(commitments):
    by_id = {c.id: c for c in commitments}
    swaps: dict[str, dict] = {}
    for path in default_commitment_files():
        for c in yaml.safe_load(path.read_text(encoding="utf-8"))["commitments"]:
            swaps[c["id"]] = _file_lists(path)
    pairs = [(cid, cid[: -len(".pak")] + ".afg") for cid in by_id if cid.endswith(".pak")]
    assert len(pairs) >= 8
    for pak_id, afg_id in pairs:
        pak, afg = by_id[pak_id], by_id[afg_id]
        assert (pak.obligor, afg.obligor) == ("PAK", "AFG")
        assert (pak.category, pak.made_on, pak.valid_from, pak.valid_to) == (
            afg.category,
            afg.made_on,
            afg.valid_from,
            afg.valid_to,
        )
        assert pak.beneficiaries == [PARTY_SWAP.get(b, b) for b in afg.beneficiaries]
        assert pak.benchmarks == afg.benchmarks
        mirrored = [_mirror(i, swaps[pak_id]) for i in pak.indicators]
        assert mirrored == [i.model_dump(exclude={"description"}) for i in afg.indicators], pak_id


def test_ceasefire_breach_rules_mirror_each_other(commitments):
    by_id = {c.id: c for c in commitments}
    pak = {i.id: i for i in by_id["doha2025.no_cross_border_strikes.pak"].indicators}
    afg = {i.id: i for i in by_id["doha2025.no_cross_border_strikes.afg"].indicators}
    strike_pak, strike_afg = pak["strike_on_other_territory"], afg["strike_on_other_territory"]
    assert (strike_pak.perpetrators, strike_pak.target_country) == (["PAK.MIL"], "AF")
    assert (strike_afg.perpetrators, strike_afg.target_country) == (["AFG.MIL"], "PK")
    assert strike_pak.event_types == strike_afg.event_types


def test_afghan_no_safe_haven_covers_groups_attacking_pakistan(commitments):
    by_id = {c.id: c for c in commitments}
    rules = by_id["assurances2021.no_safe_haven.afg"].indicators
    breach = [i for i in rules if i.effect == "breach" and i.target_country == "PK"]
    assert breach and {"TTP", "HGB", "JUA", "ISKP"} <= set(breach[0].perpetrators)
    assert {"attack", "suicide_bomb", "armed_clash", "remote_explosive_landmine_ied"} <= set(
        breach[0].event_types
    )
    implementation = [i for i in rules if i.effect == "implementation" and "arrests" in i.event_types]
    assert implementation and "TTP" in implementation[0].targets


def test_readme_documents_every_file():
    readme = (COMMITMENTS_DIR / "README.md").read_text(encoding="utf-8")
    for path in default_commitment_files():
        assert path.name in readme
    for field in Commitment.model_fields:
        assert f"`{field}`" in readme, field
    for field in Indicator.model_fields:
        assert f"`{field}`" in readme, field


# --- broken files ---------------------------------------------------------------------------------

BROKEN = """\
about: a broken file for the tests
commitments:
  - id: test.broken.afg
    obligor: AFGX
    beneficiaries: [PAK]
    category: safehaven
    text: A test commitment.
    made_on: 2025-13-01
    instrument: Test instrument
    source_document: Test document
    valid_from: 2025-10-19
    valid_to: 2025-10-01
    benchmarks: [trust]
    colour: red
    indicators:
      - id: first
        effect: breach
        description: Bad vocabulary.
        event_types: [airstrike]
        tags: [border]
        perpetrators: [ttp]
        target_country: PAK
        weight: 0
      - id: first
        effect: maybe
        description: Matches everything.
      - effect: breach
        description: No id.
        claim_kinds: [rumour]
  - id: test.missing.pak
    obligor: PAK
    category: ceasefire
    indicators:
      - {id: ok, effect: breach, description: Fine., tags: [cross_border]}
"""

EXPECTED = [
    (4, "field 'obligor'", "'AFGX' is not a known actor id"),
    (6, "field 'category'", "'safehaven' is not a known category (no_safe_haven"),
    (8, "field 'made_on'", "'2025-13-01' is not a valid date"),
    (12, "field 'valid_to'", "is before valid_from"),
    (13, "field 'benchmarks[0]'", "'trust' is not a known benchmark"),
    (14, "field 'colour'", "unknown field"),
    (19, "field 'indicators[0].event_types[0]'", "'airstrike' is not an event type"),
    (20, "field 'indicators[0].tags[0]'", "'border' is not a tag"),
    (21, "field 'indicators[0].perpetrators[0]'", "'ttp' is not an actor id"),
    (22, "field 'indicators[0].target_country'", "'PAK' is not an ISO 3166-1 alpha-2"),
    (23, "field 'indicators[0].weight'", "must be greater than 0"),
    (24, "field 'indicators[1].id'", "duplicate indicator id 'first'"),
    (24, "field 'indicators[1]'", "has no criterion"),
    (25, "field 'indicators[1].effect'", "'breach' or 'implementation'"),
    (27, "field 'indicators[2].id'", "is required"),
    (29, "field 'indicators[2].claim_kinds[0]'", "'rumour'"),
    (30, "field 'text'", "is required"),
    (30, "field 'made_on'", "is required"),
]


@pytest.fixture
def broken_file(tmp_path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_broken_file_reports_file_line_and_field(broken_file):
    problems = validate_commitment_files([broken_file], known_actors=DESIGN_ACTOR_IDS)
    seen = [(p.where, p.problem) for p in problems]
    for line, field, text in EXPECTED:
        assert any(
            where == f"{broken_file}:{line}"
            and "commitment " in problem
            and field in problem
            and text in problem
            for where, problem in seen
        ), f"expected line {line} {field}: {text}\n got: {seen}"
    assert all(p.message.startswith(f"{broken_file}:") for p in problems)
    lines = [int(p.where.rsplit(":", 1)[1]) for p in problems]
    assert lines == sorted(lines), "problems are listed in file order"


def test_without_known_actors_only_the_id_shape_is_checked(broken_file):
    problems = validate_commitment_files([broken_file])
    assert not any("'AFGX' is not a known actor id" in p.problem for p in problems)
    assert any("'ttp' is not an actor id" in p.problem for p in problems)


def test_duplicate_ids_across_files(tmp_path):
    source = COMMITMENTS_DIR / "istanbul2025.yaml"
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    second.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    problems = validate_commitment_files([first, second], known_actors=DESIGN_ACTOR_IDS)
    assert problems and all(p.where.startswith(str(second)) for p in problems)
    assert all("duplicate id, first defined in " + str(first) in p.problem for p in problems)


def test_syntax_error_and_duplicate_keys(tmp_path):
    bad_syntax = tmp_path / "syntax.yaml"
    bad_syntax.write_text("commitments:\n  - id: a.b\n    text: [unclosed\n", encoding="utf-8")
    duplicate = tmp_path / "dup.yaml"
    duplicate.write_text(
        (COMMITMENTS_DIR / "istanbul2025.yaml")
        .read_text(encoding="utf-8")
        .replace("    category: ceasefire\n", "    category: ceasefire\n    category: dialogue\n", 1),
        encoding="utf-8",
    )
    problems = validate_commitment_files([bad_syntax, duplicate], known_actors=DESIGN_ACTOR_IDS)
    assert problems[0].where.startswith(f"{bad_syntax}:") and "YAML syntax error" in problems[0].problem
    assert any(
        p.where.startswith(f"{duplicate}:") and "key 'category' appears twice" in p.problem for p in problems
    )


def test_quoted_iso_dates_are_accepted(tmp_path):
    text = (COMMITMENTS_DIR / "istanbul2025.yaml").read_text(encoding="utf-8")
    path = tmp_path / "quoted.yaml"
    path.write_text(text.replace("made_on: 2025-10-30", 'made_on: "2025-10-30"'), encoding="utf-8")
    assert validate_commitment_files([path], known_actors=DESIGN_ACTOR_IDS) == []


def test_load_commitments_refuses_a_broken_registry(tmp_path, broken_file):
    with pytest.raises(KnowledgeError) as caught:
        load_commitments(tmp_path)
    assert caught.value.where.startswith(f"{broken_file}:")
    assert "pledgewatch commitments validate" in caught.value.message


def test_load_commitments_needs_files(tmp_path):
    with pytest.raises(KnowledgeError, match="no commitment files"):
        load_commitments(tmp_path)


def test_load_commitments_from_another_folder(tmp_path):
    (tmp_path / "one.yaml").write_text(
        (COMMITMENTS_DIR / "doha2020.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    loaded = load_commitments(tmp_path)
    assert {c.obligor for c in loaded} == {"AFG"}
    assert all(c.source_url and c.source_url.startswith("https://www.state.gov/") for c in loaded)
