"""``maillage dma_score ANSWERS.json [--rules VERSION] --output OUT.json``.

Reads ``{"answers": {...}}`` (question and item ids of the questionnaire, every question Q1-Q11
present; see ``answers``), scores it with the rule set VERSION (the default one otherwise) and
writes ``{"rules", "dimensions": {"D1".."D6"}, "overall", "band"}``. Bad input exits with status 2
and a message naming the culprit (the question, item or dimension, or the file's problem).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from .answers import AnswerError, parse_answers
from .questionnaire import load_questionnaire
from .rules import RulesError, available_rules, load_rules
from .scoring import score_answers

PROG = "maillage dma_score"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{PROG}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    versions = ", ".join(rules.version for rules in available_rules())
    parser = _Parser(prog=PROG, description="Score a raw DMA answer file.")
    parser.add_argument("answers", type=Path, help='JSON file {"answers": {"Q1": ..., "Q11": ...}}')
    parser.add_argument("--rules", help=f"rule set version ({versions}); the default otherwise")
    parser.add_argument("--output", required=True, type=Path, help="JSON file to write")
    return parser


class InputError(Exception):
    """The answer file cannot be used; the message says why."""


def _read(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(data, dict) or "answers" not in data:
        raise InputError(f'{path}: expected an object with an "answers" member')
    return data["answers"]


def _write(path: Path, payload: dict[str, object]) -> None:
    """Write atomically: a failed run never leaves half a file behind."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        rules = load_rules(args.rules)
        questionnaire = load_questionnaire(rules.questionnaire)
        answers = parse_answers(questionnaire, _read(args.answers))
        score = score_answers(questionnaire, answers, rules)
        if not args.output.resolve().parent.is_dir():
            raise InputError(f"{args.output}: its folder does not exist")
        _write(args.output, score.as_dict())
    except (InputError, RulesError, AnswerError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
