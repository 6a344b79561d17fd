"""The actor ids DESIGN.md lists ("Actor ids"): part of the output contract, restated here on purpose
so that tests check the knowledge files against the design rather than against themselves."""

DESIGN_ACTOR_IDS: frozenset[str] = frozenset(
    {
        "PAK",
        "PAK.MIL",
        "PAK.POL",
        "AFG",
        "AFG.MIL",
        "TTP",
        "ISKP",
        "AQ",
        "AQIS",
        "HGB",
        "JUA",
        "BLA",
        "BLF",
        "IND",
        "USA",
        "CHN",
        "RUS",
        "QAT",
        "TUR",
        "SAU",
        "IRN",
        "UN",
        "UN.UNAMA",
        "UN.MT",
        "JUIF",
        "CIV",
    }
)
