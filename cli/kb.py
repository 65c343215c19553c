"""`kb`: the admins' knowledge-base commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from bot.insights import by_topic
from bot.insights import stats as topic_stats
from bot.insights import unanswered as unanswered_groups
from bot.kb.editor import EditError, add_phrasing
from bot.kb.loader import inspect_folder, validate_folder
from bot.runtime import tell_running_bot_to_reload
from bot.store import Repository, open_database
from bot.textnorm import detect_language
from bot.validators import mask_personal_data
from cli.common import engine, fail, handles_errors, settings


@click.group()
def kb() -> None:
    """Check, reload and study the knowledge base.

    \b
    Examples:
      disclosure-bot kb validate
      disclosure-bot kb reload
      disclosure-bot kb unanswered --since 2026-11-01 --top 20
      disclosure-bot kb learn apply.fees "办这个要掏钱不"
      disclosure-bot kb audit
      disclosure-bot kb stats
    """


@kb.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@handles_errors
def validate(folder: Path | None) -> None:
    """Check every file of the knowledge base in FOLDER (default: the configured one).

    Exits 0 when the base is sound, 1 listing every problem with file and line.
    Warnings (unconfirmed agency facts, English answers much shorter than their
    Chinese) are listed too but do not change the exit code.

    \b
    Example:
      disclosure-bot kb validate knowledge/
    """
    folder = folder or settings().knowledge_dir
    problems, warnings = inspect_folder(folder)
    for problem in problems:
        click.echo(str(problem))
    for warning in warnings:
        click.echo(f"warning: {warning}")
    if problems:
        click.echo(f"{len(problems)} problem(s) found in {folder}", err=True)
        raise SystemExit(1)
    suffix = f", with {len(warnings)} warning(s)" if warnings else ""
    click.echo(f"OK: the knowledge base in {folder} is sound{suffix}")


@kb.command()
@handles_errors
def reload() -> None:
    """Validate the base, then tell the running bot to load it (SIGHUP). On any
    problem nothing is signalled and the bot keeps its current base.

    \b
    Example:
      disclosure-bot kb reload
    """
    config = settings()
    problems = validate_folder(config.knowledge_dir)
    if problems:
        for problem in problems:
            click.echo(str(problem))
        fail(f"{len(problems)} problem(s): the running bot keeps its current base")
    pid = tell_running_bot_to_reload(config.db_path)
    if pid is None:
        click.echo("The base is sound; no running bot was found (it loads the base at start).")
        return
    click.echo(f"The base is sound; the running bot (pid {pid}) was told to reload it.")


def _repo() -> Repository:
    return Repository(open_database(settings().db_path))


@kb.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only questions asked on or after this date (YYYY-MM-DD).")
@click.option("--top", type=int, default=20, show_default=True)
@handles_errors
def unanswered(since: object, top: int) -> None:
    """The most frequent questions that got no answer or a 👎, grouped by similarity,
    with the nearest topic: what to add to the base next.

    \b
    Example:
      disclosure-bot kb unanswered --since 2026-11-01 --top 10
    """
    day = since.date() if since is not None else None  # type: ignore[attr-defined]
    groups = unanswered_groups(_repo(), engine(settings()), day, top)
    if not groups:
        click.echo("No unanswered questions.")
    for topic, members in by_topic(groups):
        click.echo(f"[{topic or '-'}]")
        for group in members:
            click.echo(f"{group.count:>4}x  down {group.downvoted:>3}  #{group.question_id}  "
                       f"{group.example}  ({group.nearest_score})")
            for variant in group.variants[1:]:
                click.echo(f"          also: {variant}")
    if groups:
        click.echo("Attach one: disclosure-bot kb learn TOPIC-ID \"question\" "
                   "(or other-services for out of scope)")


@kb.command()
@click.argument("target")
@click.argument("question")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="The phrasing's language (default: the question's).")
@handles_errors
def learn(target: str, question: str, lang: str | None) -> None:
    """Add QUESTION as a phrasing of TARGET, a topic id (apply.fees) or an out-of-scope
    group (other-services); personal data is masked, comments and layout of the YAML
    file are kept, the base is validated, and a running bot is told to reload.

    \b
    Examples:
      disclosure-bot kb learn apply.fees "办这个要掏钱不"
      disclosure-bot kb learn other-services "公积金怎么提取"
    """
    from bot.staff.admin import claimed_words, listed

    config = settings()
    text = mask_personal_data(question)
    claimed = claimed_words(engine(config, semantic=False), target, text)
    try:
        path = add_phrasing(config.knowledge_dir, target,
                            "en" if lang == "en" else "zh" if lang == "zh"
                            else detect_language(text), text)
    except EditError as error:
        fail(f"not added: {error}")
    click.echo(f"Added to {target} in {path}.")
    if claimed:
        click.echo(f"Note: it uses {listed(claimed, 'en')}, which until now only out-of-scope "
                   "phrasings used; questions naming it may now get this topic's answer. "
                   "Reword it if that is not what you meant.")
    pid = tell_running_bot_to_reload(config.db_path)
    if pid is not None:
        click.echo(f"The running bot (pid {pid}) was told to reload the base.")


@kb.command()
@handles_errors
def audit() -> None:
    """List the words of other services (护照, 医保...) that one or two topic phrasings use
    in passing: questions naming them are no longer declined as another service's business.
    Reword those phrasings, or make the word a topic keyword if the topic is about it.

    \b
    Example:
      disclosure-bot kb audit
    """
    found = engine(settings(), semantic=False).words_in_passing()
    if not found:
        click.echo("No topic phrasing uses another service's words in passing.")
        return
    click.echo(f"{len(found)} word(s) of other services used in passing by topic phrasings "
               "(questions naming them are no longer declined as another service's):")
    for passing in found:
        click.echo(f"  {passing.word}: {passing.other_uses} out-of-scope phrasings; used by")
        for topic_id, text in passing.topic_texts:
            click.echo(f"      {topic_id}: {text}")


@kb.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None)
@handles_errors
def stats(since: object) -> None:
    """Questions per topic, answer rate and 👍/👎 by week (weeks start on Monday).

    \b
    Example:
      disclosure-bot kb stats --since 2026-10-01
    """
    day: date | None = since.date() if since is not None else None  # type: ignore[attr-defined]
    result = topic_stats(_repo(), day)
    if not result.weeks:
        click.echo("No questions recorded yet.")
    for week in sorted(result.weeks):
        total, answered = result.total[week], result.answered[week]
        click.echo(f"week of {week}: {total} question(s), answered {answered / total:.0%}")
        for topic, cell in sorted(result.weeks[week].items(), key=lambda i: -i[1].questions):
            click.echo(f"  {topic:<28} {cell.questions:>5}  up {cell.up:>3}  down {cell.down:>3}")
