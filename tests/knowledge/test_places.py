"""The gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.places import Gazetteer, load_places, precision_for

AFGHAN_PROVINCES = [
    "Badakhshan",
    "Badghis",
    "Baghlan",
    "Balkh",
    "Bamyan",
    "Daykundi",
    "Farah",
    "Faryab",
    "Ghazni",
    "Ghor",
    "Helmand",
    "Herat",
    "Jowzjan",
    "Kabul",
    "Kandahar",
    "Kapisa",
    "Khost",
    "Kunar",
    "Kunduz",
    "Laghman",
    "Logar",
    "Nangarhar",
    "Nimroz",
    "Nuristan",
    "Paktia",
    "Paktika",
    "Panjshir",
    "Parwan",
    "Samangan",
    "Sar-e-Pol",
    "Takhar",
    "Uruzgan",
    "Wardak",
    "Zabul",
]


@pytest.fixture(scope="module")
def places():
    return load_places()


@pytest.fixture(scope="module")
def gazetteer(places) -> Gazetteer:
    return Gazetteer(places)


def test_all_34_afghan_provinces(places):
    provinces = {p.name for p in places if p.country == "AF" and p.feature == "admin1"}
    assert len(provinces) == 34
    assert len(AFGHAN_PROVINCES) == 34


@pytest.mark.parametrize("name", AFGHAN_PROVINCES)
def test_each_afghan_province_resolves(gazetteer, name):
    place = gazetteer.lookup(name, feature="admin1")
    assert place is not None and place.country == "AF" and place.feature == "admin1"


def test_pakistani_provinces_and_territories(places):
    assert {p.name for p in places if p.country == "PK" and p.feature == "admin1"} == {
        "Punjab",
        "Sindh",
        "Khyber Pakhtunkhwa",
        "Balochistan",
        "Gilgit-Baltistan",
        "Azad Kashmir",
        "Islamabad Capital Territory",
    }


@pytest.mark.parametrize(
    "name",
    [
        "Bajaur",
        "Mohmand",
        "Khyber",
        "Kurram",
        "Orakzai",
        "North Waziristan",
        "South Waziristan",
        "Bannu",
        "Lakki Marwat",
        "Tank",
        "Dera Ismail Khan",
        "Upper Chitral",
        "Lower Chitral",
    ],
)
def test_khyber_pakhtunkhwa_districts(gazetteer, name):
    place = gazetteer.lookup(name, feature="admin2")
    assert (place.feature, place.admin1) == ("admin2", "Khyber Pakhtunkhwa")


def test_every_iso_3166_2_subdivision_of_afghanistan_and_pakistan_is_in_the_gazetteer(gazetteer, places):
    """pycountry's ISO 3166-2 list is the reference for provinces: every one resolves, none is extra."""
    pycountry = pytest.importorskip("pycountry")
    found = set()
    for country in ("AF", "PK"):
        for subdivision in pycountry.subdivisions.get(country_code=country):
            name = subdivision.name.removesuffix(" Province")
            place = gazetteer.lookup(name, feature="admin1")
            assert place is not None, f"{subdivision.code} {subdivision.name}"
            assert (place.feature, place.country) == ("admin1", country), subdivision.code
            found.add(place.id)
    assert found == {p.id for p in places if p.feature == "admin1" and p.country in ("AF", "PK")}


KHYBER_PAKHTUNKHWA_DISTRICTS = [
    "Abbottabad", "Bajaur", "Bannu", "Battagram", "Buner", "Central Dir", "Charsadda",
    "Dera Ismail Khan", "Hangu", "Haripur", "Karak", "Khyber", "Kohat", "Kolai Palas", "Kurram",
    "Lakki Marwat", "Lower Chitral", "Lower Dir", "Lower Kohistan", "Lower South Waziristan",
    "Malakand", "Mansehra", "Mardan", "Mohmand", "North Waziristan", "Nowshera", "Orakzai",
    "Peshawar", "Shangla", "South Waziristan", "Swabi", "Swat", "Tank", "Torghar", "Upper Chitral",
    "Upper Dir", "Upper Kohistan", "Upper South Waziristan",
]  # fmt: skip
BALOCHISTAN_DISTRICTS = [
    "Awaran", "Barkhan", "Chagai", "Chaman", "Dera Bugti", "Duki", "Gwadar", "Harnai", "Hub",
    "Jaffarabad", "Jhal Magsi", "Kachhi", "Kalat", "Kech", "Kharan", "Khuzdar", "Killa Abdullah",
    "Killa Saifullah", "Kohlu", "Lasbela", "Lehri", "Loralai", "Mastung", "Musakhel", "Nasirabad",
    "Noshki", "Panjgur", "Pishin", "Quetta", "Sherani", "Sibi", "Sohbatpur", "Surab", "Usta Muhammad",
    "Washuk", "Zhob", "Ziarat",
]  # fmt: skip


@pytest.mark.parametrize("name", KHYBER_PAKHTUNKHWA_DISTRICTS)
def test_every_khyber_pakhtunkhwa_district(gazetteer, name):
    place = gazetteer.lookup(name, feature="admin2")
    assert (place.feature, place.admin1, place.country) == ("admin2", "Khyber Pakhtunkhwa", "PK")


@pytest.mark.parametrize("name", BALOCHISTAN_DISTRICTS)
def test_every_balochistan_district(gazetteer, name):
    place = gazetteer.lookup(name, feature="admin2")
    assert (place.feature, place.admin1, place.country) == ("admin2", "Balochistan", "PK")


@pytest.mark.parametrize(
    "name", ["Quetta", "Pishin", "Killa Abdullah", "Chaman", "Zhob", "Musakhel", "Kech", "Gwadar"]
)
def test_balochistan_districts(gazetteer, name):
    place = gazetteer.lookup(name, feature="admin2")
    assert (place.feature, place.admin1) == ("admin2", "Balochistan")


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Torkham", "PK"),
        ("Chaman border", "PK"),
        ("Spin Boldak", "AF"),
        ("Angoor Adda", "PK"),
        ("Ghulam Khan", "PK"),
        ("Kharlachi", "PK"),
        ("Gursal", "PK"),
        ("Nawa Pass", "PK"),
    ],
)
def test_border_crossings(gazetteer, name, country):
    place = gazetteer.lookup(name)
    assert (place.feature, place.country) == ("border_crossing", country)


@pytest.mark.parametrize(
    ("variant", "name"),
    [
        ("D.I. Khan", "Dera Ismail Khan"),
        ("DI Khan", "Dera Ismail Khan"),
        ("Miramshah", "Miran Shah"),
        ("Miranshah", "Miran Shah"),
        ("KPK", "Khyber Pakhtunkhwa"),
        ("Paktiya", "Paktia"),
        ("Qila Abdullah", "Killa Abdullah"),
        ("Mazar-e-Sharif", "Mazar-i-Sharif"),
        ("Spin Buldak", "Spin Boldak"),
        ("Baluchistan", "Balochistan"),
    ],
)
def test_spelling_variants(gazetteer, variant, name):
    assert gazetteer.lookup(variant).name == name


def test_shared_name_prefers_the_most_specific_place(gazetteer):
    assert gazetteer.lookup("Kabul").feature == "city"
    assert gazetteer.lookup("Kabul province").feature == "admin1"
    assert gazetteer.lookup("Kabul", feature="admin1").feature == "admin1"


def test_fuzzy_match_with_a_clear_winner(gazetteer):
    assert gazetteer.lookup("Nangarhaar").name == "Nangarhar"


def test_fuzzy_match_refuses_a_close_call(gazetteer):
    # one letter off both Paktia and Paktika: a wrong province is worse than none
    assert gazetteer.lookup("Paktya") in (None, gazetteer.lookup("Paktia"))
    assert gazetteer.lookup("Paktiaka") is None


def test_exact_names_are_never_confused(gazetteer):
    assert gazetteer.lookup("Paktia").name == "Paktia"
    assert gazetteer.lookup("Paktika").name == "Paktika"


def test_unknown_place(gazetteer):
    assert gazetteer.lookup("Atlantis") is None
    assert gazetteer.lookup("") is None


def test_precision_by_feature(gazetteer):
    assert precision_for(gazetteer.lookup("Parachinar")) == 1
    assert precision_for(gazetteer.lookup("Torkham")) == 1
    assert precision_for(gazetteer.lookup("Kurram")) == 2
    assert precision_for(gazetteer.lookup("Paktika")) == 3


def test_to_location(gazetteer):
    location = gazetteer.to_location(gazetteer.lookup("Parachinar"), precision=1)
    assert (location.name, location.country, location.admin1, location.admin2, location.precision) == (
        "Parachinar",
        "PK",
        "Khyber Pakhtunkhwa",
        "Kurram",
        1,
    )
    assert location.lat == pytest.approx(33.9, abs=0.1)
    with pytest.raises(ValueError):
        gazetteer.to_location(gazetteer.lookup("Parachinar"), precision=4)


def test_coordinates_are_inside_the_region(places):
    for place in places:
        if place.country in ("AF", "PK"):
            assert 23 < place.lat < 38 and 60 < place.lon < 78, place.id


@pytest.mark.parametrize(
    "name", ["Durand Line", "Pak-Afghan border", "Pakistan-Afghanistan border", "Afghanistan–Pakistan border"]
)
def test_the_border_is_one_region_of_no_country(gazetteer, name):
    # both parties' names for the same line resolve to one neutral place that belongs to neither
    place = gazetteer.lookup(name)
    assert (place.name, place.feature, place.country) == ("Afghanistan–Pakistan border", "region", "")
    location = gazetteer.to_location(place, precision=3)
    assert (location.country, location.lat, location.lon, location.precision) == (None, None, None, 3)


def test_only_a_region_may_have_no_country(tmp_path):
    path = _write(tmp_path, HEADER + "x,X,,city,,,,30,70\n")
    with pytest.raises(KnowledgeError, match="column 'country' is empty"):
        load_places(path)
    assert load_places(_write(tmp_path, HEADER + "x,X,,region,,,,,\n"))[0].country == ""


@pytest.mark.parametrize(("written", "name"), [("Kābul", "Kabul"), ("Nangarhār", "Nangarhar")])
def test_accents_do_not_matter(gazetteer, written, name):
    assert gazetteer.lookup(written).name == name


HEADER = "id,name,aliases,feature,country,admin1,admin2,lat,lon\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "places.csv"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("id,name\n", "missing column"),
        (HEADER + "x,X,,city,PK,,,north,70\n", "column 'lat'"),
        (HEADER + "x,X,,city,PK,,,95,70\n", "out of range"),
        (HEADER + "x,X,,village,PK,,,30,70\n", "column 'feature'"),
        (HEADER + "x,,,city,PK,,,30,70\n", "column 'name' is empty"),
        (HEADER + "x,X,,city,PK,,,30,70\nx,Y,,city,PK,,,30,70\n", "already used on line 2"),
    ],
)
def test_bad_place_files_name_the_file_line_and_column(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(KnowledgeError) as caught:
        load_places(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
