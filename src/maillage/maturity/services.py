"""Writes of digital maturity: assessments step by step, scoring and re-scoring, advisor follows,
the benchmark refresh queued on completion. Views, the API, commands and jobs call these."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import Affiliation, User
from maillage.accounts.permissions import AnyUser, organisation_ids_with_role
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.imports.pending import load_pending, store_pending
from maillage.ecosystem.models import Organisation
from maillage.maturity import permissions
from maillage.maturity.dma import AnswerError, load_questionnaire, load_rules, parse_question
from maillage.maturity.dma.answers import check_complete, to_raw
from maillage.maturity.dma.questionnaire import CURRENT_VERSION
from maillage.maturity.models import (
    AdvisorFollow,
    Assessment,
    AssessmentScore,
    ResultImportJob,
    active_follow,
)
from maillage.maturity.scoring import current_rules, score_row, score_stored
from maillage.maturity.tasks import refresh_benchmark_task, run_result_import


def _check_fill(actor: AnyUser, organisation: Organisation) -> None:
    if not permissions.can_fill_assessment(actor, organisation):
        raise PermissionDenied(permissions.FILL_REFUSED)


def _user(actor: AnyUser) -> User | None:
    return actor if isinstance(actor, User) else None


@transaction.atomic
def start_assessment(
    *, actor: AnyUser, organisation: Organisation, hub: Organisation | None = None
) -> Assessment:
    """The organisation's assessment in progress, or a new one after its latest (T0, T1...).

    A hub advisor who follows the company starting it is recorded as filling it in with the
    company, under that hub unless ``hub`` says otherwise.
    """
    _check_fill(actor, organisation)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    draft = Assessment.objects.filter(organisation=locked, status=Assessment.Status.DRAFT).first()
    if draft is not None:
        return draft
    user = _user(actor)
    follow = (
        AdvisorFollow.objects.filter(active_follow(), advisor=user, organisation=locked).first()
        if user is not None
        else None
    )
    previous = (
        Assessment.objects.filter(organisation=locked, status=Assessment.Status.COMPLETED)
        .order_by("-sequence")
        .first()
    )
    last = Assessment.objects.filter(organisation=locked).aggregate(n=Max("sequence"))["n"]
    return Assessment.objects.create(
        organisation=locked,
        sequence=0 if last is None else last + 1,
        previous=previous,
        hub=hub or (follow.hub if follow else (previous.hub if previous else None)),
        questionnaire_version=CURRENT_VERSION,
        started_by=user,
        advisor=user if follow is not None else None,
    )


def _editable(actor: AnyUser, assessment: Assessment) -> None:
    _check_fill(actor, assessment.organisation)
    if assessment.completed:
        raise ValidationFailed({NON_FIELD: [_("This assessment is completed: it cannot change.")]})


def save_dimension(
    *, actor: AnyUser, assessment: Assessment, dimension: str, answers: Mapping[str, Any]
) -> Assessment:
    """Check and keep the answers of one dimension (every one of its questions), so the
    questionnaire can be left and resumed. Errors name the question or item (``errors``: field
    -> messages, the field being the question or item id)."""
    _editable(actor, assessment)
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    if dimension not in questionnaire.dimension_ids:
        raise ValidationFailed({NON_FIELD: [_("Unknown dimension %(id)s.") % {"id": dimension}]})
    parsed = {}
    errors: dict[str, list[str]] = {}
    for question in questionnaire.questions_of(dimension):
        if question.id not in answers:
            errors.setdefault(question.id, []).append(_("Answer this question."))
            continue
        try:
            parsed[question.id] = parse_question(questionnaire, question.id, answers[question.id])
        except AnswerError as error:
            errors.setdefault(error.culprit, []).append(str(error))
    unknown = sorted(set(answers) - {q.id for q in questionnaire.questions_of(dimension)})
    for question_id in unknown:
        errors.setdefault(question_id, []).append(
            _("%(id)s is not a question of this dimension.") % {"id": question_id}
        )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.completed:
            raise ValidationFailed({NON_FIELD: [_("This assessment is completed.")]})
        locked.answers = {**locked.answers, **to_raw(questionnaire, parsed)}
        if dimension not in locked.steps_done:
            locked.steps_done = [*locked.steps_done, dimension]
        locked.save(update_fields=["answers", "steps_done", "updated_at"])
    return locked


def _store_score(assessment: Assessment) -> AssessmentScore:
    score = score_stored(assessment, current_rules())
    row, _created = AssessmentScore.objects.update_or_create(
        assessment=assessment,
        rules_version=score.rules,
        defaults={
            field: getattr(score_row(assessment, score), field)
            for field in ("d1", "d2", "d3", "d4", "d5", "d6", "overall", "band")
        }
        | {"computed_at": timezone.now()},
    )
    return row


def complete_assessment(
    *, actor: AnyUser, assessment: Assessment, assessed_on: date | None = None
) -> Assessment:
    """Score a draft whose six dimensions are saved and close it; queue the benchmark refresh and
    the advice. Refused, naming the dimension, while one is missing."""
    _editable(actor, assessment)
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    try:
        check_complete(questionnaire, assessment.answers.keys())
    except AnswerError as error:
        dimension = error.culprit if error.code == "missing_dimension" else ""
        label = dimension or error.culprit
        raise ValidationFailed(
            {
                NON_FIELD: [
                    _("Answer every dimension first: %(missing)s is missing.") % {"missing": label}
                ]
            }
        ) from None
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.completed:
            return locked
        row = _store_score(locked)
        locked.score = row
        locked.status = Assessment.Status.COMPLETED
        locked.completed_at = timezone.now()
        locked.assessed_on = assessed_on or timezone.localdate()
        locked.save(update_fields=["score", "status", "completed_at", "assessed_on", "updated_at"])
        transaction.on_commit(refresh_benchmark_task.enqueue)
    return locked


def discard_assessment(*, actor: AnyUser, assessment: Assessment) -> None:
    """Delete an assessment still in progress (a completed one is kept: it is history)."""
    _editable(actor, assessment)
    assessment.delete()


def rescore_assessments(*, rules_version: str | None = None) -> int:
    """Score every completed questionnaire with the rule set ``rules_version`` (the one in force
    when None) where that version's score is missing, and point the assessments at the scores of
    the rules in force. Earlier results stay, each with its version. Returns the scores added."""
    rules = current_rules() if rules_version is None else load_rules(rules_version)
    in_force = rules.version == current_rules().version
    done = set(
        AssessmentScore.objects.filter(rules_version=rules.version).values_list(
            "assessment_id", flat=True
        )
    )
    pending = Assessment.objects.filter(
        status=Assessment.Status.COMPLETED, source=Assessment.Source.QUESTIONNAIRE
    ).exclude(pk__in=done)
    rows = [score_row(a, score_stored(a, rules)) for a in pending.iterator(chunk_size=500)]
    with transaction.atomic():
        AssessmentScore.objects.bulk_create(rows, batch_size=500)
        if in_force:
            scores = dict(
                AssessmentScore.objects.filter(rules_version=rules.version).values_list(
                    "assessment_id", "pk"
                )
            )
            stale = list(
                Assessment.objects.filter(
                    status=Assessment.Status.COMPLETED, source=Assessment.Source.QUESTIONNAIRE
                )
                .exclude(score__rules_version=rules.version)
                .only("pk")
            )
            for assessment in stale:
                assessment.score_id = scores[assessment.pk]
            Assessment.objects.bulk_update(stale, ["score"], batch_size=500)
    return len(rows)


def follow_company(
    *, actor: AnyUser, hub: Organisation, advisor: User, organisation: Organisation
) -> AdvisorFollow:
    """Let ``advisor`` (one of the hub's people) follow ``organisation`` for ``hub``."""
    if not permissions.can_manage_follows(actor, hub):
        raise PermissionDenied(permissions.FOLLOW_REFUSED)
    if hub.pk not in organisation_ids_with_role(advisor, *Affiliation.Role.values):
        raise ValidationFailed({"advisor": [_("The advisor must be one of the hub's people.")]})
    if organisation.pk == hub.pk:
        raise ValidationFailed({"organisation": [_("A hub does not follow itself.")]})
    follow, _created = AdvisorFollow.objects.update_or_create(
        hub=hub,
        advisor=advisor,
        organisation=organisation,
        defaults={"ended_on": None, "created_by": _user(actor)},
    )
    return follow


def end_follow(*, actor: AnyUser, follow: AdvisorFollow) -> AdvisorFollow:
    """End a follow today: the advisor loses access to the company's assessments."""
    if not permissions.can_end_follow(actor, follow):
        raise PermissionDenied(permissions.END_FOLLOW_REFUSED)
    follow.ended_on = timezone.localdate()
    follow.save(update_fields=["ended_on"])
    return follow


def start_result_preview(
    *, hub: Organisation, user: User, data: bytes, file_name: str, language: str
) -> ResultImportJob:
    """Keep the uploaded EDIH results and queue their dry run, for the hub's people
    (``PermissionDenied`` otherwise): checking a large file takes longer than a request may."""
    if not permissions.is_hub_person(user, hub):
        raise PermissionDenied(permissions.HUB_REFUSED)
    token = store_pending(data=data, file_name=file_name, network_id=hub.pk, user_id=user.pk)
    return _queue_import(
        hub,
        user,
        ResultImportJob.Kind.PREVIEW,
        token=token,
        file_name=file_name,
        language=language,
    )


def start_result_commit(
    *, hub: Organisation, user: User, token: str, language: str
) -> ResultImportJob:
    """Queue the import of the previewed file ``token`` (all rows or none, checked again).
    Raises ``PendingImportMissingError`` for an unknown, expired, used or foreign token."""
    if not permissions.is_hub_person(user, hub):
        raise PermissionDenied(permissions.HUB_REFUSED)
    pending = load_pending(token, network_id=hub.pk, user_id=user.pk)
    return _queue_import(
        hub,
        user,
        ResultImportJob.Kind.COMMIT,
        token=pending.token,
        file_name=pending.file_name,
        language=language,
    )


def _queue_import(
    hub: Organisation, user: User, kind: str, *, token: str, file_name: str, language: str
) -> ResultImportJob:
    job = ResultImportJob.objects.create(
        hub=hub, user=user, kind=kind, token=token, file_name=file_name, language=language
    )
    # After the commit, so a worker on another connection finds the row.
    transaction.on_commit(lambda: run_result_import.enqueue(job.pk))
    return job
