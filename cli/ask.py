"""`ask` and `chat`: the answer engine from the terminal."""

from __future__ import annotations

import json
import sys

import click

from bot.i18n import default_catalogue
from bot.matching.engine import Reply
from bot.textnorm import Lang
from cli.common import engine, handles_errors, settings


def _print_reply(reply: Reply, agency: str) -> None:
    texts = default_catalogue()
    if reply.smalltalk is not None and reply.answer is None:
        # What the chat replies to small talk ("谢谢", "bye"), never the fallback.
        key = "greeting" if reply.smalltalk == "greeting" else f"smalltalk.{reply.smalltalk}"
        click.echo(texts.get(reply.lang, key, name="", agency=agency))
    elif reply.answer is not None:
        click.echo(reply.answer)
        if reply.alternatives:  # a close call: what the chat offers under the answer
            click.echo("\n" + texts.get(reply.lang, "not_sure"))
            for alternative in reply.alternatives:
                click.echo(f"  ↪ {alternative.title} [{alternative.topic}]")
    elif reply.suggestions:
        click.echo(texts.get(reply.lang, "did_you_mean"))
        for suggestion in reply.suggestions:
            click.echo(f"  - {suggestion.title} [{suggestion.topic}]")
    else:
        click.echo(reply.hint or texts.get(reply.lang, "fallback"))


@click.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Answer in this language instead of the question's.")
@handles_errors
def ask(question: str, as_json: bool, lang: Lang | None) -> None:
    """Answer one QUESTION from the knowledge base; '-' reads one question per line
    from standard input.

    \b
    Examples:
      disclosure-bot ask "申请要收费吗"
      disclosure-bot ask --json --lang en "how long does it take"
      printf '收费吗\\n多久答复\\n' | disclosure-bot ask --json -
    """
    answers = engine(settings())
    questions = sys.stdin if question == "-" else [question]
    for line in questions:
        text = line.rstrip("\r\n")
        reply = answers.ask(text, lang)
        if as_json:
            click.echo(json.dumps(reply.as_json(), ensure_ascii=False))
            sys.stdout.flush()
        else:
            _print_reply(reply, answers.kb.agency.get("name", {}).get(reply.lang, ""))
