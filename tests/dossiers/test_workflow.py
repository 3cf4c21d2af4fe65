"""The transition table (workflow.TRANSITIONS) is the one source of truth for what may happen to a dossier."""

import pytest

from motcua.dossiers.workflow import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PAUSED_STATUSES,
    RESUME,
    TRANSITIONS,
    Action,
    Status,
    TransitionNotAllowed,
    allowed_actions,
    next_status,
)


def test_every_transition_leads_to_a_known_status_or_back_from_a_pause():
    for (current, action), target in TRANSITIONS.items():
        assert current is None or current in Status.values
        assert action in Action.values
        if target == RESUME:
            assert current in PAUSED_STATUSES
        else:
            assert target in Status.values


def test_closed_dossiers_allow_nothing():
    for status in CLOSED_STATUSES:
        assert allowed_actions(status) == set()


@pytest.mark.parametrize(
    "status",
    [Status.NEW, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT],
)
def test_applicant_may_withdraw_while_not_yet_resolved(status):
    assert next_status(status, Action.WITHDRAW) == Status.WITHDRAWN


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.RETURNED, Status.REFUSED, Status.STOPPED])
def test_withdrawal_is_not_allowed_once_resolved_or_closed(status):
    with pytest.raises(TransitionNotAllowed):
        next_status(status, Action.WITHDRAW)


def test_agency_may_stop_only_a_received_dossier_not_yet_resolved():
    stoppable = {status for (status, action) in TRANSITIONS if action == Action.STOP}
    assert stoppable == {
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT_REQUESTED,
        Status.AWAITING_PAYMENT,
    }
    assert all(TRANSITIONS[(status, Action.STOP)] == Status.STOPPED for status in stoppable)


def test_financial_obligation_pauses_processing_and_payment_resumes_where_it_was():
    assert next_status(Status.PROCESSING, Action.REQUEST_PAYMENT) == Status.AWAITING_PAYMENT
    assert next_status(Status.RECEIVED, Action.REQUEST_PAYMENT) == Status.AWAITING_PAYMENT
    assert (
        next_status(Status.AWAITING_PAYMENT, Action.RECORD_PAYMENT, paused_from=Status.PROCESSING)
        == Status.PROCESSING
    )
    with pytest.raises(TransitionNotAllowed):
        next_status(Status.NEW, Action.REQUEST_PAYMENT)


def test_supplement_resumes_to_the_status_it_paused_and_nowhere_else():
    assert next_status(Status.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT, paused_from=Status.NEW) == Status.NEW
    assert (
        next_status(Status.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT, paused_from=Status.PROCESSING)
        == Status.PROCESSING
    )
    with pytest.raises(TransitionNotAllowed):
        next_status(Status.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT, paused_from=Status.RESOLVED)
    with pytest.raises(TransitionNotAllowed):
        next_status(Status.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT, paused_from=None)


def test_refusal_is_for_the_desk_check_or_an_expired_supplement_only():
    refusable = {status for (status, action) in TRANSITIONS if action == Action.REFUSE}
    assert refusable == {Status.NEW, Status.SUPPLEMENT_REQUESTED}


def test_open_statuses_are_those_with_somewhere_to_go_but_resolution():
    for status in OPEN_STATUSES:
        assert Action.WITHDRAW in allowed_actions(status)


def test_supplement_and_payment_appear_among_allowed_actions_of_the_paused_statuses():
    assert Action.SUPPLEMENT in allowed_actions(Status.SUPPLEMENT_REQUESTED)
    assert Action.RECORD_PAYMENT in allowed_actions(Status.AWAITING_PAYMENT)
