"""The EU Digital Maturity Assessment for SMEs as data, and its scoring (Django-free).

- ``questionnaire``: the questionnaire (dimensions, questions, items, EN/FR/NL texts) read from
  ``data/questionnaire-*.json``;
- ``answers``: raw answers checked against it (``parse_answers``), in the contract's shape;
- ``rules``: the scoring rule sets, versioned data files in ``data/rules/``, one the default;
- ``scoring``: raw answers + a rule set -> six dimension scores, the overall score, the band;
- ``cli``: ``maillage dma_score``.
"""

from .answers import AnswerError, Answers, parse_answers, parse_question
from .questionnaire import Dimension, Item, Question, Questionnaire, load_questionnaire, localise
from .rules import Band, RulesError, RuleSet, available_rules, default_rules_version, load_rules
from .scoring import Score, score_answers

__all__ = [
    "AnswerError",
    "Answers",
    "Band",
    "Dimension",
    "Item",
    "Question",
    "Questionnaire",
    "RuleSet",
    "RulesError",
    "Score",
    "available_rules",
    "default_rules_version",
    "load_questionnaire",
    "load_rules",
    "localise",
    "parse_answers",
    "parse_question",
    "score_answers",
]
