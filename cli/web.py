"""`web`: the staff's web desk, and one-time login links for it."""

from __future__ import annotations

import threading

import click
import uvicorn

from bot.auth import Authorizer
from bot.config import Settings
from bot.logs import setup_logging
from bot.matching.engine import AnswerEngine
from bot.services import Services, build_services
from bot.staff.web_access import LINK_MINUTES, NotStaff, WebAccess
from cli.common import fail, handles_errors, settings
from web.app import build_app


def server(config: Settings, services: Services) -> uvicorn.Server:
    # The desk writes its own access log, without query strings (login tokens).
    return uvicorn.Server(uvicorn.Config(
        build_app(services), host=config.web.listen, port=config.web.port, access_log=False,
        proxy_headers=True, forwarded_allow_ips=config.web.proxies, server_header=False,
        log_config=None))


def serve(config: Settings) -> None:
    setup_logging(config.log_format, config.log_level,
                  secrets=[config.token.get_secret_value()])
    services = build_services(config)
    try:
        server(config, services).run()
    finally:
        services.close()


class DeskThread:
    """The desk inside `disclosure-bot run` (DISCLOSURE_WEB_ENABLED): its own thread, event
    loop and database connection, sharing the bot's loaded knowledge base."""

    def __init__(self, config: Settings, engine: AnswerEngine) -> None:
        self.services = build_services(config, engine=engine)
        self.server = server(config, self.services)
        self.thread = threading.Thread(target=self.server.run, name="web-desk", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.services.close()


@click.group(invoke_without_command=True)
@click.pass_context
@handles_errors
def web(ctx: click.Context) -> None:
    """Serve the staff's web desk on DISCLOSURE_WEB_LISTEN:DISCLOSURE_WEB_PORT
    (default 127.0.0.1:8080); DISCLOSURE_WEB_URL is its public address behind a proxy.
    Staff sign in with a one-time link: /web in a private chat with the bot, or
    `web login-link`.

    \b
    Examples:
      disclosure-bot web
      DISCLOSURE_WEB_URL=https://desk.example.gov.cn disclosure-bot web
      disclosure-bot web login-link --user 123456789
    """
    if ctx.invoked_subcommand is None:
        serve(settings())


@web.command("login-link")
@click.option("--user", "user_id", type=int, required=True,
              help="The staff member's Telegram user id.")
@handles_errors
def login_link(user_id: int) -> None:
    """Print a one-time login link (valid 10 minutes, usable once) for a staff member;
    anyone not staff is refused.

    \b
    Example:
      disclosure-bot web login-link --user 123456789
    """
    config = settings()
    services = build_services(config)
    try:
        access = WebAccess(services.repo, services.clock,
                           Authorizer(config.staff_ids, config.admin_ids,
                                      config.approver_ids), config.web.public_url)
        try:
            click.echo(access.login_link(user_id))
        except NotStaff:
            fail(f"user {user_id} is not staff (DISCLOSURE_STAFF_IDS, DISCLOSURE_ADMIN_IDS); "
                 "no link made")
        click.echo(f"valid for {LINK_MINUTES} minutes, once", err=True)
    finally:
        services.close()
