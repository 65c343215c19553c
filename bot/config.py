"""Settings: a TOML file (path in DISCLOSURE_CONFIG) overridden by environment variables.

Secrets (the bot token, the webhook secret) are read from the environment or the file
but never printed: `Settings` masks them in its repr, and errors name the setting, not
its value.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{3,200}$")


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line fit for the terminal."""


class MatchingSettings(BaseModel):
    """Decision thresholds on the blended score (0-100), calibrated on the development
    sets: the decision of the words alone (and of an uncalibrated blend); without the
    semantic signal the engine lowers them by its share."""

    model_config = ConfigDict(extra="forbid")
    confident: float = Field(default=60.0, ge=0, le=100)
    suggest: float = Field(default=50.0, ge=0, le=100)
    margin: float = Field(default=2.0, ge=0, le=100)
    # multilingual-e5-small beside the word ranking, with the calibrated decision: on the
    # blind development set it halved confidently wrong answers (docs/benchmarks.md). It
    # costs ~30 ms a question; DISCLOSURE_SEMANTIC=false answers on the words alone.
    semantic: bool = True
    semantic_weight: float = Field(default=1.0, ge=0, le=3)
    # With the semantic signal: answer on the calibrated probability (bot.matching.
    # calibration) instead of the thresholds above. Off only to compare the two.
    calibrated: bool = True
    cache_dir: Path | None = None  # phrasing embeddings; None: ~/.cache/disclosure-bot


class WebhookSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = False
    listen: str = "127.0.0.1"
    port: int = Field(default=8443, ge=1, le=65535)
    path: str = "telegram"
    url: str = ""
    secret_token: SecretStr = SecretStr("")

    @field_validator("secret_token")
    @classmethod
    def _secret_charset(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("may only contain A-Z, a-z, 0-9, _ and -, at most 256 characters")
        return value

    def require_secret(self) -> str:
        """Without the secret anyone who finds the URL can post forged updates (a staff
        member's /case, say): webhook mode does not start without one."""
        secret = self.secret_token.get_secret_value()
        if not secret:
            raise ConfigError("webhook mode needs DISCLOSURE_WEBHOOK_SECRET (a long random "
                              "string of A-Z, a-z, 0-9, _ and -); refusing to start")
        return secret


class WebSettings(BaseModel):
    """The staff's web desk (`disclosure-bot web`)."""

    model_config = ConfigDict(extra="forbid")
    # Also serve the desk from inside `disclosure-bot run` (one process to deploy).
    enabled: bool = False
    listen: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    # The public address staff open, e.g. https://desk.example.gov.cn behind the proxy.
    url: str = ""
    session_hours: float = Field(default=12.0, gt=0, le=24 * 14)
    # Addresses whose X-Forwarded-For is believed (the reverse proxy); "*" inside a
    # container network where only the proxy can reach the desk.
    proxies: str = "127.0.0.1"

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError("expected an http:// or https:// address")
        return value.rstrip("/")

    @property
    def public_url(self) -> str:
        return self.url or f"http://{self.listen}:{self.port}"

    @property
    def secure(self) -> bool:
        """Cookies are marked Secure when staff reach the desk over https."""
        return self.public_url.startswith("https://")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: SecretStr = SecretStr("")
    base_url: str = ""
    db_path: Path = Path("data/disclosure.db")
    # The database and its backups are 0600; true makes them 0640 for the service's group
    # (e.g. operators who take backups).
    db_group_readable: bool = False
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    staff_ids: frozenset[int] = frozenset()
    admin_ids: frozenset[int] = frozenset()
    # Who approves extensions (Art. 33: the office's head); approvers are staff too.
    approver_ids: frozenset[int] = frozenset()
    staff_chat_id: int | None = None
    # Where the office is: dates shown to people and deadlines are counted in this zone.
    timezone: str = "Asia/Shanghai"
    # The language of what staff read: the staff chat, reminders, staff alerts.
    staff_language: Literal["zh", "en"] = "zh"
    rate_limit_messages: int = Field(default=20, ge=1)
    rate_limit_seconds: float = Field(default=60.0, gt=0)
    # Button presses per user per window: a form needs a dozen, a flood is cut here.
    rate_limit_buttons: int = Field(default=40, ge=1)
    # Outgoing messages per second, all chats together: Telegram's own flood limit.
    send_rate: float = Field(default=30.0, gt=0)
    # Seconds to wait for the Bot API's answer. Longer than Telegram's slow answers under
    # load, since a request that times out is one whose outcome is unknown (and may be
    # repeated once); handlers.app explains.
    api_read_timeout: float = Field(default=20.0, gt=0, le=120)
    max_message_length: int = Field(default=1000, ge=10, le=4096)
    draft_expiry_days: int = Field(default=7, ge=1)
    complaint_ack_days: int = Field(default=15, ge=1, le=60)
    application_days: int = Field(default=20, ge=1)
    correction_days: int = Field(default=15, ge=1)
    reminder_time: time = time(9, 0)
    retention_months: int = Field(default=36, ge=1)
    # /healthz on its own port, in both modes (webhook mode also answers it on the
    # webhook's port); None: off.
    health_port: int | None = Field(default=None, ge=1, le=65535)
    health_listen: str = "127.0.0.1"
    log_format: Literal["plain", "json"] = "plain"
    log_level: str = "INFO"
    matching: MatchingSettings = MatchingSettings()
    webhook: WebhookSettings = WebhookSettings()
    web: WebSettings = WebSettings()

    @field_validator("staff_ids", "admin_ids", "approver_ids", mode="before")
    @classmethod
    def _id_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"-?\d+", part) for part in parts):
                raise ValueError("expected comma-separated numeric Telegram user ids")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Shanghai") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def staff(self) -> frozenset[int]:
        """Admins and approvers are staff too."""
        return self.staff_ids | self.admin_ids | self.approver_ids

    @property
    def db_mode(self) -> int:
        return 0o640 if self.db_group_readable else 0o600

    def require_token(self) -> str:
        token = self.token.get_secret_value().strip()
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather "
                              "and export TELEGRAM_BOT_TOKEN=...")
        if not TOKEN_PATTERN.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN is malformed: expected digits, a colon and "
                              "the key, e.g. 123456:ABC-DEF...")
        return token


ENVIRONMENT: Mapping[str, str] = {
    "TELEGRAM_BOT_TOKEN": "token",
    "TELEGRAM_BASE_URL": "base_url",
    "DISCLOSURE_DB": "db_path",
    "DISCLOSURE_DB_GROUP_READABLE": "db_group_readable",
    "DISCLOSURE_KNOWLEDGE_DIR": "knowledge_dir",
    "DISCLOSURE_STAFF_IDS": "staff_ids",
    "DISCLOSURE_ADMIN_IDS": "admin_ids",
    "DISCLOSURE_APPROVER_IDS": "approver_ids",
    "DISCLOSURE_STAFF_CHAT_ID": "staff_chat_id",
    "DISCLOSURE_STAFF_LANGUAGE": "staff_language",
    "DISCLOSURE_TIMEZONE": "timezone",
    "DISCLOSURE_LOG_FORMAT": "log_format",
    "DISCLOSURE_HEALTH_PORT": "health_port",
    "DISCLOSURE_HEALTH_LISTEN": "health_listen",
    "DISCLOSURE_LOG_LEVEL": "log_level",
    "DISCLOSURE_WEBHOOK_URL": "webhook.url",
    "DISCLOSURE_WEBHOOK_SECRET": "webhook.secret_token",
    "DISCLOSURE_WEBHOOK_LISTEN": "webhook.listen",
    "DISCLOSURE_WEBHOOK_PORT": "webhook.port",
    "DISCLOSURE_WEBHOOK_PATH": "webhook.path",
    "DISCLOSURE_RATE_LIMIT": "rate_limit_messages",
    "DISCLOSURE_SEND_RATE": "send_rate",
    "DISCLOSURE_CACHE_DIR": "matching.cache_dir",
    "DISCLOSURE_SEMANTIC": "matching.semantic",
    "DISCLOSURE_API_READ_TIMEOUT": "api_read_timeout",
    "DISCLOSURE_WEB_ENABLED": "web.enabled",
    "DISCLOSURE_WEB_LISTEN": "web.listen",
    "DISCLOSURE_WEB_PORT": "web.port",
    "DISCLOSURE_WEB_URL": "web.url",
    "DISCLOSURE_WEB_PROXIES": "web.proxies",
}


def _set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build the settings; raise ConfigError with one clear line on any problem."""
    environ = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    config_path = environ.get("DISCLOSURE_CONFIG")
    if config_path:
        try:
            data = tomllib.loads(Path(config_path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read DISCLOSURE_CONFIG file {config_path}: "
                              f"{exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"DISCLOSURE_CONFIG file {config_path} is not valid TOML: "
                              f"{exc}") from None
    for variable, dotted in ENVIRONMENT.items():
        value = environ.get(variable)
        if value is not None and value.strip() != "":
            _set_path(data, dotted, value.strip())
    for dotted, override in overrides.items():
        if override is not None:
            _set_path(data, dotted.replace("__", "."), override)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        source = next((v for v, d in ENVIRONMENT.items() if d == where), None)
        name = f"{where} ({source})" if source else where
        raise ConfigError(f"bad setting {name}: {first['msg']}") from None
