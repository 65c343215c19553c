"""What every subcommand needs: settings and services, built once, errors made readable."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from bot.config import ConfigError, Settings, load_settings
from bot.kb.loader import KnowledgeBaseError

if TYPE_CHECKING:  # imported where used: `ask` needs neither the engine's nor the store's
    from bot.matching.engine import AnswerEngine

P = ParamSpec("P")
R = TypeVar("R")

EXIT_PROBLEM = 1
EXIT_CONFIG = 2


def fail(message: str, code: int = EXIT_PROBLEM) -> None:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(code)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn the core's expected failures into one line and an exit code."""
    try:
        yield
    except ConfigError as exc:
        fail(str(exc), EXIT_CONFIG)
    except KnowledgeBaseError as exc:
        click.echo("Error: the knowledge base has problems:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(EXIT_PROBLEM) from None
    except Exception as exc:
        # The store (sqlite-utils, ~0.15 s to import) is loaded only by the commands that
        # use it; a command that never loaded it cannot have a database problem.
        store = sys.modules.get("bot.store.database")
        if store is None or not isinstance(exc, store.DatabaseProblem):
            raise
        fail(str(exc))


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with domain_errors():
            return func(*args, **kwargs)
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def settings() -> Settings:
    return load_settings()


def engine(config: Settings, knowledge_dir: Path | None = None,
           semantic: bool = True) -> AnswerEngine:
    """The answer engine on the configured base (`semantic=False`: the word ranking
    alone, for what needs no model)."""
    from bot.matching.engine import AnswerEngine

    matching = config.matching if semantic else \
        config.matching.model_copy(update={"semantic": False})
    return AnswerEngine.from_folder(knowledge_dir or config.knowledge_dir, matching)
