"""Raw answer sets for the tests: complete ones, and a hypothesis strategy for any valid one."""

from typing import Any

from hypothesis import strategies as st

from maillage.maturity.dma import load_questionnaire

QUESTIONNAIRE = load_questionnaire()


def empty_answers() -> dict[str, Any]:
    """Every question answered with nothing ticked and every row graded 0."""
    raw: dict[str, Any] = {}
    for question in QUESTIONNAIRE.questions.values():
        if question.type == "dual_checkbox":
            raw[question.id] = {item: [] for item in question.item_ids}
        elif question.type == "checkbox":
            raw[question.id] = []
        else:
            raw[question.id] = dict.fromkeys(question.item_ids, 0)
    return raw


def full_answers(*, negative: bool = False) -> dict[str, Any]:
    """Every box ticked (the negative options only with ``negative``) and every row at the top
    of its scale."""
    raw: dict[str, Any] = {}
    for question in QUESTIONNAIRE.questions.values():
        if question.type == "dual_checkbox":
            raw[question.id] = {item: list(question.column_ids) for item in question.item_ids}
        elif question.type == "checkbox":
            raw[question.id] = [item.id for item in question.items if negative or not item.negative]
        else:
            top = max(QUESTIONNAIRE.scale_values(question.type))
            raw[question.id] = dict.fromkeys(question.item_ids, int(top))
    return raw


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """Any valid complete raw answer set, blank scale rows included."""
    raw: dict[str, Any] = {}
    for question in QUESTIONNAIRE.questions.values():
        if question.type == "dual_checkbox":
            raw[question.id] = {
                item: draw(st.lists(st.sampled_from(question.column_ids), unique=True))
                for item in question.item_ids
                if draw(st.booleans())
            }
        elif question.type == "checkbox":
            raw[question.id] = draw(st.lists(st.sampled_from(question.item_ids), unique=True))
        else:
            values = [
                int(v) if float(v).is_integer() else v
                for v in QUESTIONNAIRE.scale_values(question.type)
            ]
            raw[question.id] = {
                item: draw(st.sampled_from([*values, None]))
                for item in question.item_ids
                if draw(st.booleans())
            }
    return raw
