"""Một cửa liên thông: a commune hands the dossier to a provincial department for its part and gets it back.

Times are December 2026 (tests/liaison.py): office hours 07:00–11:30 and 13:30–17:00, Monday the 7th.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.agencies.demo import load_demo_agencies
from motcua.agencies.models import Agency, Role, StaffAssignment
from motcua.catalog.demo import assign_demo_agencies, load_demo_catalog
from motcua.catalog.exporting import catalog_records, export_json, export_xlsx
from motcua.catalog.importing import import_catalog
from motcua.catalog.models import Procedure, ProcedureCase
from motcua.dossiers import selectors, services, transfers
from motcua.dossiers.models import DossierHandover, DossierStep
from motcua.dossiers.services import ApplicantDetails, DossierError
from motcua.dossiers.transfers import Outcome, agency_runs, handover_outcome
from motcua.dossiers.workflow import Action, Status
from tests.liaison import at, make_liaison, to_department, walk_in
from tests.uploads import pdf

# ---------------------------------------------------------------------------------------------- plain rules


@pytest.mark.parametrize(
    ("finished", "due", "outcome"),
    [
        (at(9, 16), at(10, 8), Outcome.EARLY),  # a working day before the due day
        (at(10, 7, 30), at(10, 8), Outcome.ON_TIME),  # on the due day, before the due time
        (at(10, 8), at(10, 8), Outcome.ON_TIME),  # exactly at the due time
        (at(10, 8, 1), at(10, 8), Outcome.LATE),
        (at(11, 9), at(10, 8), Outcome.LATE),
    ],
)
def test_finished_part_is_early_on_time_or_late_against_its_due_time(finished, due, outcome):
    assert handover_outcome(finished_at=finished, due_at=due) == outcome


def test_unfinished_part_is_not_yet_due_then_overdue():
    assert handover_outcome(finished_at=None, due_at=at(10, 8), now=at(10, 8)) == Outcome.NOT_DUE
    assert handover_outcome(finished_at=None, due_at=at(10, 8), now=at(10, 9)) == Outcome.OVERDUE


def test_early_compares_local_days_not_utc_days():
    # 06:30 in Vietnam is still the previous day in UTC; the due day is the local one.
    assert handover_outcome(finished_at=at(10, 6, 30), due_at=at(10, 17)) == Outcome.ON_TIME


def test_steps_are_cut_into_runs_where_the_agency_changes():
    steps = [DossierStep(order=i, agency_id=agency) for i, agency in enumerate([1, 1, 2, 2, 2, 1], start=1)]
    assert [[s.order for s in run] for run in agency_runs(steps)] == [[1, 2], [3, 4, 5], [6]]


# ---------------------------------------------------------------------------------------------- the journey


@pytest.fixture
def liaison():
    return make_liaison()


@pytest.mark.django_db
def test_commune_department_commune_dossier_lists_every_handover_on_the_control_sheet(liaison):
    dossier = to_department(liaison, walk_in(liaison))
    first = DossierHandover.objects.get(dossier=dossier)
    assert (first.from_agency, first.to_agency, first.given_by) == (
        liaison["commune"],
        liaison["department"],
        liaison["specialist"],
    )
    # The Sở's share is its 20 working hours from Monday 14:00: 3 h Monday, 8 Tuesday, 8 Wednesday, 1 Thursday.
    assert first.due_at == at(10, 8)
    assert first.step.name == "Phân công thụ lý" and first.step.agency == liaison["department"]

    # Tuesday 08:00 the Sở's desk acknowledges; its leader assigns, the specialist appraises, the director
    # approves on Wednesday 10:00, a day before the Sở's due time: early.
    transfers.handover_receive(handover=first, officer=liaison["dept_desk"], now=at(8, 8))
    services.dossier_step_complete(
        dossier=dossier, user=liaison["dept_leader"], next_assignee=liaison["dept_specialist"], now=at(8, 9)
    )
    services.dossier_step_complete(dossier=dossier, user=liaison["dept_specialist"], now=at(8, 15))
    services.dossier_step_complete(dossier=dossier, user=liaison["director"], note="Đồng ý", now=at(9, 10))

    # Back to the commune for its last step, 4 working hours: due Wednesday 16:00. The chairman signs at
    # 15:30 without acknowledging first: acting is the receipt. Same day, before the due time: on time.
    services.dossier_step_complete(dossier=dossier, user=liaison["chairman"], now=at(9, 15, 30))
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED

    rows = selectors.dossier_handovers(dossier=dossier)
    assert [
        (
            r.order,
            r.from_agency.name,
            r.agency.name,
            r.given_at,
            r.giver,
            r.received_at,
            r.receiver,
            r.due_at,
            r.finished_at,
            r.outcome,
        )
        for r in rows
    ] == [
        (
            1,
            "UBND xã Phú Lương",
            "Sở Y tế",
            at(7, 14),
            liaison["specialist"],
            at(8, 8),
            liaison["dept_desk"],
            at(10, 8),
            at(9, 10),
            "early",
        ),
        (
            2,
            "Sở Y tế",
            "UBND xã Phú Lương",
            at(9, 10),
            liaison["director"],
            at(9, 15, 30),
            liaison["chairman"],
            at(9, 16),
            at(9, 15, 30),
            "on_time",
        ),
    ]
    assert rows[0].outcome_label == "Trước hạn" and rows[1].outcome_label == "Đúng hạn"

    # Every hand-over and receipt is in the history too, without changing the status.
    handover_events = [
        (e.action, e.from_status, e.to_status, e.actor)
        for e in dossier.events.filter(action__in=[Action.HANDOVER, Action.RECEIVE_HANDOVER])
    ]
    assert handover_events == [
        (Action.HANDOVER, Status.PROCESSING, Status.PROCESSING, liaison["specialist"]),
        (Action.RECEIVE_HANDOVER, Status.PROCESSING, Status.PROCESSING, liaison["dept_desk"]),
        (Action.HANDOVER, Status.PROCESSING, Status.PROCESSING, liaison["director"]),
        (Action.RECEIVE_HANDOVER, Status.PROCESSING, Status.PROCESSING, liaison["chairman"]),
    ]
    handover = dossier.events.filter(action=Action.HANDOVER).first()
    assert "Sở Y tế" in handover.note and handover.data["due_at"] == at(10, 8).isoformat()


@pytest.mark.django_db
def test_walk_in_dossier_decided_by_the_province_comes_back_to_the_commune_desk(liaison):
    # Received Monday 08:00 at the commune; every step is the Sở's, so it is handed over at once.
    dossier = walk_in(liaison, case=liaison["province_case"])
    first = DossierHandover.objects.get(dossier=dossier)
    assert (first.given_by, first.given_at, first.to_agency) == (
        liaison["desk"],
        at(7, 8),
        liaison["department"],
    )
    assert first.due_at == at(9, 8)  # 16 working hours: 7 Monday, 8 Tuesday, 1 Wednesday
    assert selectors.dossier_handovers(dossier=dossier, now=at(9, 8))[0].outcome == Outcome.NOT_DUE
    assert selectors.dossier_handovers(dossier=dossier, now=at(9, 9))[0].outcome == Outcome.OVERDUE

    services.dossier_step_complete(
        dossier=dossier, user=liaison["dept_leader"], next_assignee=liaison["dept_specialist"], now=at(8, 9)
    )
    services.dossier_step_complete(dossier=dossier, user=liaison["dept_specialist"], now=at(9, 10))
    services.dossier_step_complete(
        dossier=dossier, user=liaison["director"], result_files=[pdf("quyet-dinh.pdf")], now=at(9, 11)
    )
    dossier.refresh_from_db()
    # Decided: the result is ready and goes back to the commune desk, which returns it.
    assert dossier.status == Status.RESOLVED
    assert dossier in selectors.results_to_return(user=liaison["desk"])
    back = dossier.handovers.get(order=2)
    assert (back.from_agency, back.to_agency, back.step, back.due_at) == (
        liaison["department"],
        liaison["commune"],
        None,
        dossier.due_at,
    )

    transfers.handover_receive(handover=back, officer=liaison["desk"], now=at(9, 14))
    services.dossier_return_result(
        dossier=dossier, officer=liaison["desk"], received_by_name="Trần Thị Bình", now=at(10, 9)
    )
    rows = selectors.dossier_handovers(dossier=dossier)
    # The Sở was due Wednesday 08:00 and approved at 11:00: late. The result reached the desk on Wednesday,
    # a day before the appointment (Thursday 08:00): early.
    assert [(r.agency.name, r.receiver, r.finished_at, r.outcome) for r in rows] == [
        ("Sở Y tế", liaison["dept_leader"], at(9, 11), "late"),
        ("UBND xã Phú Lương", liaison["desk"], at(9, 14), "early"),
    ]


@pytest.mark.django_db
def test_returning_the_result_counts_as_taking_it_back(liaison):
    dossier = walk_in(liaison, case=liaison["province_case"])
    services.dossier_step_complete(dossier=dossier, user=liaison["dept_leader"], now=at(7, 9))
    services.dossier_step_complete(dossier=dossier, user=liaison["dept_specialist"], now=at(7, 10))
    services.dossier_step_complete(dossier=dossier, user=liaison["director"], now=at(7, 11))
    services.dossier_return_result(
        dossier=dossier, officer=liaison["desk"], received_by_name="Trần Thị Bình", now=at(7, 15)
    )
    back = dossier.handovers.get(order=2)
    assert (back.received_by, back.received_at, back.finished_at) == (liaison["desk"], at(7, 15), at(7, 15))


@pytest.mark.django_db
def test_department_officer_cannot_act_on_the_communes_steps(liaison):
    dossier = walk_in(liaison)
    with pytest.raises(PermissionDenied):
        services.dossier_step_complete(dossier=dossier, user=liaison["dept_leader"], now=at(7, 9))
    to_department(liaison, dossier)
    for user in (liaison["dept_leader"], liaison["dept_specialist"], liaison["director"]):
        services.dossier_step_complete(dossier=dossier, user=user, now=at(8, 9))
    # Back at the commune's step: the Sở's director has no role there.
    with pytest.raises(PermissionDenied):
        services.dossier_step_complete(dossier=dossier, user=liaison["director"], now=at(8, 10))
    assert dossier.steps.get(order=6).finished_at is None


@pytest.mark.django_db
def test_commune_officer_cannot_act_on_the_departments_steps(liaison):
    dossier = to_department(liaison, walk_in(liaison))
    with pytest.raises(PermissionDenied):
        services.dossier_step_complete(dossier=dossier, user=liaison["leader"], now=at(8, 9))
    with pytest.raises(PermissionDenied):
        transfers.handover_receive(handover=dossier.handovers.get(), officer=liaison["desk"], now=at(8, 9))


@pytest.mark.django_db
def test_commune_cannot_assign_an_officer_of_the_department(liaison):
    dossier = walk_in(liaison)
    services.dossier_step_complete(
        dossier=dossier, user=liaison["leader"], next_assignee=liaison["specialist"], now=at(7, 9)
    )
    with pytest.raises(DossierError, match="cơ quan đó tự phân công"):
        services.dossier_step_complete(
            dossier=dossier,
            user=liaison["specialist"],
            next_assignee=liaison["dept_specialist"],
            now=at(7, 10),
        )
    assert not dossier.handovers.exists()


@pytest.mark.django_db
def test_uninvolved_agency_neither_receives_nor_sees_the_dossier(liaison):
    dossier = to_department(liaison, walk_in(liaison))
    with pytest.raises(PermissionDenied):
        transfers.handover_receive(
            handover=dossier.handovers.get(), officer=liaison["stranger"], now=at(8, 8)
        )
    with pytest.raises(Http404):
        selectors.dossier_part_for_staff(user=liaison["stranger"], public_id=dossier.public_id)
    assert not selectors.handovers_for_staff(user=liaison["stranger"]).exists()


@pytest.mark.django_db
def test_a_handover_is_received_once(liaison):
    dossier = to_department(liaison, walk_in(liaison))
    handover = dossier.handovers.get()
    transfers.handover_receive(handover=handover, officer=liaison["dept_desk"], now=at(8, 8))
    with pytest.raises(DossierError, match="đã nhận hồ sơ này lúc 08:00 08/12/2026"):
        transfers.handover_receive(handover=handover, officer=liaison["dept_leader"], now=at(8, 9))


@pytest.mark.django_db
def test_department_sees_its_part_only(liaison):
    dossier = to_department(liaison, walk_in(liaison))
    part = selectors.dossier_part_for_staff(user=liaison["dept_specialist"], public_id=dossier.public_id)
    assert part.agency_ids == {liaison["department"].pk}
    assert [s.order for s in part.steps] == [3, 4, 5]
    assert part.current_step.order == 3
    # The papers travelled with it: the scans and the commune's proposal.
    assert sorted(d.original_name for d in part.documents) == ["to-khai.pdf", "van-ban-de-nghi.pdf"]
    assert [(r.from_agency, r.agency) for r in part.handovers] == [
        (liaison["commune"], liaison["department"])
    ]

    # Once the Sở has handed it back, papers the commune adds later are not shown to it.
    for user in (liaison["dept_leader"], liaison["dept_specialist"], liaison["director"]):
        services.dossier_step_complete(dossier=dossier, user=user, now=at(8, 9))
    services.dossier_step_complete(
        dossier=dossier, user=liaison["chairman"], result_files=[pdf("ket-qua-ky.pdf")], now=at(8, 10)
    )
    part = selectors.dossier_part_for_staff(user=liaison["dept_specialist"], public_id=dossier.public_id)
    assert "ket-qua-ky.pdf" not in {d.original_name for d in part.documents}
    assert len(part.handovers) == 2


@pytest.mark.django_db
def test_a_pause_moves_the_running_parts_due_time(liaison):
    dossier = to_department(liaison, walk_in(liaison))
    handover = dossier.handovers.get()
    # While the Sở works, the commune asks the applicant for a paper (Tuesday 08:00 → Wednesday 08:00).
    services.dossier_request_supplement(
        dossier=dossier, officer=liaison["specialist"], items=["Giấy xác nhận"], reason="Thiếu", now=at(8, 8)
    )
    services.dossier_supplement(
        dossier=dossier, applicant=liaison["desk"], files={None: [pdf("bo-sung.pdf")]}, now=at(9, 8)
    )
    handover.refresh_from_db()
    assert handover.due_at == at(11, 8)  # 8 working hours later


@pytest.mark.django_db
def test_demo_027_is_received_at_the_commune_and_decided_by_so_y_te():
    load_demo_agencies()
    load_demo_catalog()
    assign_demo_agencies()
    case = ProcedureCase.objects.get(procedure__external_id="demo-027")
    health = Agency.objects.get(electronic_id="H56.22")
    commune = Agency.objects.get(electronic_id="H56.101")
    at_province = [s for s in case.steps.all() if s.agency_id == health.pk]
    # "Tỉnh 1…7": the published 15 working days of the province; "Tỉnh 8" (the desk) stays at the commune.
    assert [s.name.rsplit("(", 1)[1] for s in at_province] == [f"Tỉnh {n})" for n in range(1, 8)]
    assert sum(s.time_budget_hours for s in at_province) == 15 * 8

    desk = StaffAssignment.objects.get(agency=commune, role=Role.DESK_OFFICER).user
    dossier = services.dossier_receive_at_counter(
        officer=desk,
        agency=commune,
        case=case,
        applicant=ApplicantDetails(name="Trần Thị Bình", id_number="019195000002", phone="0988000002"),
        scans={},
        now=at(7, 8),
    )
    assert [s.agency.electronic_id for s in dossier.steps.order_by("order")] == ["H56.101"] * 5 + [
        "H56.22"
    ] * 7


@pytest.mark.django_db
def test_a_withdrawn_dossier_is_no_longer_received(liaison):
    dossier = to_department(liaison, walk_in(liaison))
    services.dossier_withdraw(dossier=dossier, applicant=liaison["desk"], now=at(8, 8))
    with pytest.raises(DossierError, match="Hồ sơ đã kết thúc"):
        transfers.handover_receive(
            handover=dossier.handovers.get(), officer=liaison["dept_desk"], now=at(8, 9)
        )


@pytest.mark.django_db
@pytest.mark.parametrize("close", ["withdraw", "stop"])
def test_withdrawing_or_stopping_a_handed_over_dossier_closes_the_open_part(liaison, close):
    dossier = to_department(liaison, walk_in(liaison))
    transfers.handover_receive(handover=dossier.handovers.get(), officer=liaison["dept_desk"], now=at(8, 8))
    if close == "withdraw":
        services.dossier_withdraw(
            dossier=dossier, applicant=liaison["desk"], reason="Không còn nhu cầu", now=at(8, 9)
        )
        why = "người nộp rút hồ sơ"
    else:
        services.dossier_stop(
            dossier=dossier, leader=liaison["dept_leader"], reason="Trùng hồ sơ", now=at(8, 9)
        )
        why = "hồ sơ bị dừng xử lý"
    part = dossier.handovers.get()
    assert part.finished_at == at(8, 9)
    last = dossier.events.order_by("at", "id").last()
    assert last.action == Action.CLOSE_HANDOVER and last.at == at(8, 9)
    assert last.note == f"Phần việc liên thông tại Sở Y tế kết thúc do {why}."
    assert last.data == {"handover": part.pk}
    [row] = selectors.dossier_handovers(dossier=dossier, now=at(9, 9))
    assert row.finished_at == at(8, 9)


@pytest.mark.django_db
def test_withdrawing_a_dossier_never_handed_over_writes_no_handover_row(liaison):
    dossier = walk_in(liaison)
    services.dossier_withdraw(dossier=dossier, applicant=liaison["desk"], now=at(7, 9))
    assert not dossier.events.filter(action=Action.CLOSE_HANDOVER).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_the_agency_of_a_step_survives_catalogue_export_and_import(liaison, fmt):
    before = catalog_records()
    assert [s["agency"] for s in before[0]["cases"][0]["steps"]] in (
        ["", "", "H56.22", "H56.22", "H56.22", ""],
        ["H56.22"] * 3,
    )
    stream = io.StringIO() if fmt == "json" else io.BytesIO()
    (export_json if fmt == "json" else export_xlsx)(stream)
    Procedure.objects.all().delete()
    data = stream.getvalue().encode() if fmt == "json" else stream.getvalue()

    report = import_catalog(io.BytesIO(data), fmt=fmt)

    assert report.ok, [str(e) for e in report.errors]
    assert catalog_records() == before
