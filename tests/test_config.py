from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_environment_overrides_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "bot.toml"
    config.write_text('db_path = "from-file.db"\nrate_limit_messages = 5\n'
                      '[matching]\nconfident = 70\n', encoding="utf-8")
    settings = load_settings({"DISCLOSURE_CONFIG": str(config), "DISCLOSURE_DB": "env.db",
                              "DISCLOSURE_STAFF_IDS": "1, 2", "DISCLOSURE_ADMIN_IDS": "3"})
    assert settings.db_path == Path("env.db")
    assert settings.rate_limit_messages == 5
    assert settings.matching.confident == 70
    assert settings.staff == {1, 2, 3}


@pytest.mark.parametrize("token", ["", "nonsense", "123:", "abc:def"])
def test_missing_or_malformed_token_is_one_clear_error(token: str) -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": token})
    with pytest.raises(ConfigError) as raised:
        settings.require_token()
    assert "TELEGRAM_BOT_TOKEN" in str(raised.value)
    if token:
        assert token not in str(raised.value)


def test_bad_values_name_the_variable_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DISCLOSURE_STAFF_IDS"):
        load_settings({"DISCLOSURE_STAFF_IDS": "12,abc"})
    broken = tmp_path / "broken.toml"
    broken.write_text("db_path = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings({"DISCLOSURE_CONFIG": str(broken)})
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings({"DISCLOSURE_CONFIG": str(tmp_path / "missing.toml")})


def test_token_never_appears_in_the_settings_repr() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:SECRETSECRET",
                              "DISCLOSURE_WEBHOOK_SECRET": "hook-secret"})
    assert settings.require_token() == "123456:SECRETSECRET"
    assert "SECRETSECRET" not in repr(settings)
    assert "hook-secret" not in repr(settings)


def test_the_committed_example_configuration_loads() -> None:
    root = Path(__file__).resolve().parent.parent
    settings = load_settings({"DISCLOSURE_CONFIG": str(root / "deploy" / "config.example.toml")})
    assert settings.staff_chat_id == -1001234567890
    assert settings.admin_ids <= settings.staff
    assert settings.webhook.port == 8443
