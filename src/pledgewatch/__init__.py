"""pledgewatch: monitor commitments made by parties to a conflict and verify them against evidence."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def open(database_url: str):  # noqa: A001 - mirrors the documented notebook API, pledgewatch.open(url)
    """Open a store for notebook use: ``.claims()``, ``.incidents()``, ``.assessments()`` and
    ``.documents()`` as pandas DataFrames (see ``pledgewatch.notebook.Workspace``)."""
    from pledgewatch.notebook import Workspace

    return Workspace(database_url)
