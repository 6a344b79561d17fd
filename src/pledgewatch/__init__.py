"""pledgewatch: monitor commitments made by parties to a conflict and verify them against evidence."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
