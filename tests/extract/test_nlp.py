"""The spaCy pipeline builder."""

from __future__ import annotations

import pytest

from pledgewatch.config import Settings
from pledgewatch.errors import ModelNotInstalledError
from pledgewatch.extract import build_nlp
from pledgewatch.extract.nlp import RULER_NAME


def test_pipeline_has_parser_and_ner_but_no_tagger(extractor):
    names = extractor.nlp.pipe_names
    assert "parser" in names and "ner" in names
    assert not {"tagger", "attribute_ruler", "lemmatizer"} & set(names)


def test_entity_ruler_runs_before_ner(extractor):
    names = extractor.nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")


@pytest.mark.parametrize(
    ("text", "words", "label"),
    [
        ("Six policemen were killed in DI Khan.", "DI Khan", "GPE"),
        ("Fighting spread to Kurram and Bajaur.", "Kurram", "GPE"),
        ("Traders crossed at Spin Boldak.", "Spin Boldak", "FAC"),
        ("Zabihullah Mujahid spoke to reporters.", "Zabihullah Mujahid", "ORG"),
    ],
)
def test_local_names_are_not_misread(extractor, text, words, label):
    doc = extractor.nlp(text)
    assert (words, label) in [(e.text, e.label_) for e in doc.ents]


def test_a_common_noun_is_not_a_place(extractor):
    doc = extractor.nlp("Militants destroyed a tank near the border.")
    assert "tank" not in [e.text for e in doc.ents]


def test_missing_model_says_what_to_install():
    with pytest.raises(ModelNotInstalledError) as caught:
        build_nlp(Settings(spacy_models=("no_such_model_pw",)), actors=[], places=[])
    assert "no_such_model_pw" in str(caught.value)
    assert "pip install" in str(caught.value)
