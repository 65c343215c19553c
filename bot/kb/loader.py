"""Reading the knowledge-base folder and checking it, with file and line for every problem.

Loading and validating are one step: a base is only ever built from files that passed
every check, so a running bot can never be handed a half-valid base on reload.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.kb.model import (
    PLACEHOLDER,
    AgencyFact,
    AgencyFileSchema,
    Decline,
    DeclineFileSchema,
    KnowledgeBase,
    SynonymsFileSchema,
    Topic,
    TopicFileSchema,
    render_facts,
)
from bot.textnorm import Lang, compact
from bot.workdays import HOLIDAYS_FILE, HolidayFileError, parse_holiday_file

ANSWER_LIMIT = 4000  # Telegram allows 4,096; leave room for the buttons' caption lines.
AGENCY_FILE = "agency.yaml"
SYNONYMS_FILE = "synonyms.yaml"
DECLINES_FILE = "out_of_scope.yaml"
REQUIRED_FILE = "required_topics.yaml"
TOPICS_DIR = "topics"
LANGS: tuple[Lang, Lang] = ("zh", "en")
# English runs 2.2 to 2.6 times as many characters as the Chinese it translates; an
# English answer under 1.9 times its Chinese has almost always dropped sentences.
MIN_EN_ZH_RATIO = 1.9

Schema = TypeVar("Schema", bound=BaseModel)
# libyaml's parser when the machine has it: the same safe loading, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeBaseError(Exception):
    """The base in a folder cannot be used; `problems` says every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the knowledge base")
        self.problems = list(problems)


@dataclass
class _Document:
    """One parsed YAML file and its node tree, kept to turn a data path into a line."""

    path: Path
    label: str
    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Iterable[int | str]) -> int:
        node = self.root
        line = node.start_mark.line + 1 if node is not None else 1
        for key in loc:
            node = _child(node, key)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node | None, key: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                found: yaml.Node = value_node
                return found
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        child: yaml.Node = node.value[key]
        return child
    return None


def _folded_items(node: yaml.Node | None, lines: list[str]) -> Iterator[yaml.ScalarNode]:
    """Plain (unquoted) texts continued on a line that starts with "- ": a list item
    indented one step too far, which YAML folds into the text above it, silently."""
    if isinstance(node, yaml.ScalarNode):
        continued = lines[node.start_mark.line + 1:node.end_mark.line + 1]
        plain = not node.style  # None from PyYAML, "" from libyaml
        if plain and any(line.lstrip().startswith("- ") for line in continued):
            yield node
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield from _folded_items(key_node, lines)
            yield from _folded_items(value_node, lines)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _folded_items(item, lines)


def _key_line(doc: _Document, loc: Sequence[int | str]) -> int:
    """The line of a mapping key itself (for 'unknown field' errors)."""
    parent = doc.root
    for key in loc[:-1]:
        parent = _child(parent, key)
    if isinstance(parent, yaml.MappingNode):
        for key_node, _ in parent.value:
            if key_node.value == str(loc[-1]):
                return int(key_node.start_mark.line) + 1
    return doc.line_of(loc)


class _Checker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # worth fixing, but the base is usable

    def report(self, doc: _Document | str, line: int, message: str) -> None:
        label = doc.label if isinstance(doc, _Document) else doc
        self.problems.append(Problem(label, line, message))

    def warn(self, doc: _Document, line: int, message: str) -> None:
        self.warnings.append(Problem(doc.label, line, message))

    def read(self, path: Path) -> _Document | None:
        label = str(path.relative_to(self.folder.parent)) if path.is_relative_to(
            self.folder.parent) else str(path)
        try:
            text = path.read_text(encoding="utf-8")
            root = yaml.compose(text, Loader=_LOADER)
            data = yaml.load(text, Loader=_LOADER)
        except OSError as exc:
            self.report(label, 1, f"cannot read the file: {exc.strerror}")
            return None
        except UnicodeDecodeError:
            self.report(label, 1, "the file is not UTF-8 text; save it as UTF-8")
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(exc, "problem", None) or "invalid YAML"
            self.report(label, line, f"YAML syntax error: {problem}; check indentation and quotes")
            return None
        document = _Document(path, label, data, root)
        for node in _folded_items(root, text.split("\n")):
            self.report(document, node.start_mark.line + 1,
                        "a line starting with '- ' is indented under this text, so YAML read it "
                        "as part of the text: move it out to the list it belongs to")
        return document

    def parse(self, doc: _Document, schema: type[Schema]) -> Schema | None:
        try:
            return schema.model_validate(doc.data)
        except ValidationError as exc:
            for error in exc.errors():
                self._report_validation(doc, error)
            return None

    def _report_validation(self, doc: _Document, error: Any) -> None:
        loc = [part for part in error["loc"] if not str(part).startswith("function-")]
        # pydantic names the union member tried (e.g. 'str', 'BilingualText'): not a data key.
        loc = [p for p in loc if not ((isinstance(p, str) and p[:1].isupper()) or p == "str")]
        where = ".".join(str(part) for part in loc) or "(top level)"
        kind = error["type"]
        if kind == "extra_forbidden":
            self.report(doc, _key_line(doc, loc), f"unknown field '{where}': remove it or "
                        "check its spelling")
        elif kind == "missing":
            self.report(doc, doc.line_of(loc[:-1]), f"missing field '{where}': add it")
        else:
            self.report(doc, doc.line_of(loc), f"'{where}': {error['msg']}")


def _yaml_files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def _required_ids(checker: _Checker, folder: Path) -> list[str]:
    path = folder / REQUIRED_FILE
    if not path.exists():
        return []
    doc = checker.read(path)
    if doc is None:
        return []
    topics = doc.data.get("topics") if isinstance(doc.data, dict) else None
    if not isinstance(topics, dict):
        checker.report(doc, 1, "expected a mapping 'topics:' of required topic ids")
        return []
    return [str(key) for key in topics]


def _load_agency(checker: _Checker, folder: Path) -> dict[str, AgencyFact]:
    doc = checker.read(folder / AGENCY_FILE) if (folder / AGENCY_FILE).exists() else None
    if doc is None:
        if not (folder / AGENCY_FILE).exists():
            checker.report(AGENCY_FILE, 1, "the agency facts file is missing")
        return {}
    parsed = checker.parse(doc, AgencyFileSchema)
    if parsed is None:
        return {}
    facts: dict[str, AgencyFact] = {}
    for key, entry in parsed.agency.items():
        line = doc.line_of(["agency", key])
        if isinstance(entry, str):
            checker.report(doc, line, f"fact '{key}' has no status: write it as 'value:' "
                           "with 'confirmed: <source>' or 'unconfirmed: <why>'")
            continue
        if (entry.confirmed is None) == (entry.unconfirmed is None):
            checker.report(doc, line, f"fact '{key}' needs exactly one of 'confirmed: "
                           "<source>' or 'unconfirmed: <why>'")
            continue
        if entry.value is not None and entry.zh is None and entry.en is None:
            text: dict[Lang, str] = {"zh": entry.value, "en": entry.value}
        elif entry.value is None and entry.zh is not None and entry.en is not None:
            text = {"zh": entry.zh, "en": entry.en}
        else:
            checker.report(doc, line, f"fact '{key}' needs either 'value:' or both 'zh:' "
                           "and 'en:'")
            continue
        facts[key] = AgencyFact(key, text, entry.confirmed, entry.unconfirmed)
        if entry.unconfirmed is not None:
            checker.warn(doc, line, f"agency fact '{key}' is unconfirmed ({entry.unconfirmed}); "
                         "answers leave out the lines that use it")
    return facts


def _load_synonyms(checker: _Checker, folder: Path) -> dict[str, tuple[str, ...]]:
    path = folder / SYNONYMS_FILE
    if not path.exists():
        return {}
    doc = checker.read(path)
    parsed = checker.parse(doc, SynonymsFileSchema) if doc else None
    if doc is None or parsed is None:
        return {}
    owner: dict[str, str] = {}
    for canonical, variants in parsed.synonyms.items():
        for variant in variants:
            key = compact(variant)
            line = doc.line_of(["synonyms", canonical])
            if not key:
                checker.report(doc, line, f"empty synonym under '{canonical}'")
            elif key in owner and owner[key] != canonical:
                checker.report(doc, line, f"synonym '{variant}' is listed under both "
                               f"'{owner[key]}' and '{canonical}': keep it under one")
            owner[key] = canonical
    return {canonical: tuple(variants) for canonical, variants in parsed.synonyms.items()}


def _load_topics(checker: _Checker, folder: Path) -> tuple[list[tuple[_Document, int, Topic]],
                                                          bool]:
    """The topics read, and whether every topic file could be read: when one could
    not, "missing" topics and dangling links are artefacts, not problems to report."""
    found: list[tuple[_Document, int, Topic]] = []
    complete = True
    topic_dir = folder / TOPICS_DIR
    files = _yaml_files(topic_dir) if topic_dir.is_dir() else []
    if not files:
        checker.report(TOPICS_DIR, 1, "no topic files found (expected topics/*.yaml)")
    for path in files:
        doc = checker.read(path)
        parsed = checker.parse(doc, TopicFileSchema) if doc else None
        if doc is None or parsed is None:
            complete = False
            continue
        found += [(doc, i, Topic.from_schema(t)) for i, t in enumerate(parsed.topics)]
    return found, complete


def _load_declines(checker: _Checker, folder: Path, phrasing_owner: dict[str, str],
                   topic_ids: set[str] | None) -> list[Decline]:
    """The out-of-scope groups; `topic_ids` checks their related topics (None when the
    topics could not all be read, so a missing id proves nothing)."""
    path = folder / DECLINES_FILE
    if not path.exists():
        return []
    doc = checker.read(path)
    parsed = checker.parse(doc, DeclineFileSchema) if doc else None
    if doc is None or parsed is None:
        return []
    declines = [Decline.from_schema(entry) for entry in parsed.out_of_scope]
    whole = {d.id for d in declines if d.within is None}
    for index, decline in enumerate(declines):
        if decline.within is not None and decline.within not in whole:
            checker.report(doc, doc.line_of(["out_of_scope", index, "within"]),
                           f"'{decline.id}' is within '{decline.within}', which is not an "
                           "out-of-scope group of its own")
        for number, related in enumerate(decline.related):
            if topic_ids is not None and related not in topic_ids:
                checker.report(doc, doc.line_of(["out_of_scope", index, "related", number]),
                               f"related topic '{related}' does not exist")
        for lang in ("zh", "en"):
            for number, phrasing in enumerate(decline.phrasings[lang]):
                key = compact(phrasing)
                owner = phrasing_owner.get(key)
                if owner is not None:
                    checker.report(doc, doc.line_of(["out_of_scope", index, "phrasings", lang,
                                                     number]),
                                   f"phrasing '{phrasing}' is also under '{owner}': an "
                                   "out-of-scope phrasing must not be a topic's")
                phrasing_owner[key] = f"out_of_scope/{decline.id}"
    return declines


def _check_topics(checker: _Checker, found: list[tuple[_Document, int, Topic]],
                  agency: dict[str, AgencyFact], required: list[str],
                  complete: bool) -> dict[str, str]:
    """Check the topics; returns which topic owns each normalised phrasing."""
    ids = {topic.id for _, _, topic in found}
    first_seen: dict[str, str] = {}
    phrasing_owner: dict[str, str] = {}
    for doc, index, topic in found:
        loc: list[int | str] = ["topics", index]
        where = doc.line_of(loc)
        if topic.id in first_seen:
            checker.report(doc, where, f"duplicate topic id '{topic.id}' (first in "
                           f"{first_seen[topic.id]})")
        first_seen.setdefault(topic.id, f"{doc.label}:{where}")
        if topic.id.split(".")[0] != topic.category:
            checker.report(doc, doc.line_of([*loc, "category"]), f"topic '{topic.id}' has "
                           f"category '{topic.category}' but its id starts with another")
        for number, related in enumerate(topic.related):
            if complete and related not in ids:
                checker.report(doc, doc.line_of([*loc, "related", number]),
                               f"related topic '{related}' does not exist")
        _check_translation(checker, doc, [*loc, "answer", "en"], topic, agency)
        for lang in LANGS:
            _check_answer(checker, doc, [*loc, "answer", lang], topic.answer[lang], agency)
            for number, phrasing in enumerate(topic.phrasings[lang]):
                line = doc.line_of([*loc, "phrasings", lang, number])
                key = compact(phrasing)
                owner = phrasing_owner.get(key)
                if not key:
                    checker.report(doc, line, "empty phrasing")
                elif owner is not None and owner != topic.id:
                    checker.report(doc, line, f"phrasing '{phrasing}' is also under topic "
                                   f"'{owner}': keep it under one topic")
                elif owner == topic.id:
                    checker.report(doc, line, f"phrasing '{phrasing}' is repeated")
                phrasing_owner[key] = topic.id
    for missing in required if complete else []:
        if missing not in ids:
            checker.report(REQUIRED_FILE, 1, f"required topic '{missing}' is missing: add a "
                           "topic with this id")
    return phrasing_owner


def _check_answer(checker: _Checker, doc: _Document, loc: list[int | str], text: str,
                  agency: dict[str, AgencyFact]) -> None:
    line = doc.line_of(loc)
    for name in PLACEHOLDER.findall(text):
        if name not in agency:
            checker.report(doc, line, f"placeholder '{{{{{name}}}}}' is not defined in "
                           f"{AGENCY_FILE}")
    rendered = _filled(text, "zh", agency)
    if len(rendered) > ANSWER_LIMIT:
        checker.report(doc, line, f"answer is {len(rendered)} characters; shorten it to at "
                       f"most {ANSWER_LIMIT}")
    confirmed = {key: fact.text for key, fact in agency.items() if fact.confirmed}
    if not render_facts(text, "zh", confirmed, set(agency) - set(confirmed)).strip():
        checker.report(doc, line, "every line of this answer uses an unconfirmed agency "
                       "fact, so nothing is left to show: add a line that does not")


def _filled(text: str, lang: Lang, agency: dict[str, AgencyFact]) -> str:
    """`text` with every known placeholder filled, confirmed or not (for measuring)."""
    return PLACEHOLDER.sub(lambda m: agency[m.group(1)].text[lang]
                           if m.group(1) in agency else "", text).strip()


def _check_translation(checker: _Checker, doc: _Document, loc: list[int | str], topic: Topic,
                       agency: dict[str, AgencyFact]) -> None:
    """An English answer much shorter than its Chinese has usually lost sentences."""
    lengths = {lang: len(_filled(topic.answer[lang], lang, agency)) for lang in LANGS}
    if lengths["en"] < MIN_EN_ZH_RATIO * lengths["zh"]:
        checker.warn(doc, doc.line_of(loc), f"the English answer of '{topic.id}' is "
                     f"{lengths['en']} characters against {lengths['zh']} in Chinese: check "
                     "that it says everything the Chinese says")


def _check_holidays(checker: _Checker, folder: Path) -> None:
    path = folder / HOLIDAYS_FILE
    if not path.exists():
        return
    try:
        parse_holiday_file(path.read_text(encoding="utf-8"), Path(HOLIDAYS_FILE))
    except (HolidayFileError, OSError, UnicodeDecodeError) as exc:
        checker.report(HOLIDAYS_FILE, 1, str(exc))


def _load(folder: Path) -> tuple[KnowledgeBase, list[Problem]]:
    checker = _Checker(folder)
    if not folder.is_dir():
        raise KnowledgeBaseError([Problem(str(folder), 1, "no such folder")])
    required = _required_ids(checker, folder)
    facts = _load_agency(checker, folder)
    synonyms = _load_synonyms(checker, folder)
    found, complete = _load_topics(checker, folder)
    phrasing_owner = _check_topics(checker, found, facts, required, complete)
    declines = _load_declines(checker, folder, phrasing_owner,
                              {t.id for _, _, t in found} if complete else None)
    _check_holidays(checker, folder)
    if checker.problems:
        raise KnowledgeBaseError(sorted(set(checker.problems)))
    agency = {key: fact.text for key, fact in facts.items() if fact.confirmed}
    base = KnowledgeBase(tuple(topic for _, _, topic in found), agency, synonyms,
                         tuple(declines), facts)
    return base, sorted(set(checker.warnings))


def load_knowledge_base(folder: Path) -> KnowledgeBase:
    """Read and check every file; raise KnowledgeBaseError listing all problems."""
    return _load(folder)[0]


def validate_folder(folder: Path) -> list[Problem]:
    """The problems that make the base unusable; empty when it can be loaded."""
    return inspect_folder(folder)[0]


def inspect_folder(folder: Path) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings): problems make the base unusable; warnings (unconfirmed
    agency facts, English answers much shorter than their Chinese) do not."""
    try:
        return [], _load(folder)[1]
    except KnowledgeBaseError as exc:
        return exc.problems, []
