"""Which permissions each staff role carries (each role is a Django group of the same name)."""

from motcua.agencies.models import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.DESK_OFFICER: [
        "dossiers.receive_dossier",
        "dossiers.return_result",
        "dossiers.view_agency_dossiers",
    ],
    Role.SPECIALIST: ["dossiers.process_dossier", "dossiers.view_agency_dossiers"],
    Role.DEPARTMENT_LEADER: [
        "dossiers.assign_dossier",
        "dossiers.process_dossier",
        "dossiers.approve_dossier",
        "dossiers.view_agency_dossiers",
    ],
    Role.AGENCY_LEADER: [
        "dossiers.assign_dossier",
        "dossiers.approve_dossier",
        "dossiers.view_agency_dossiers",
    ],
    Role.AGENCY_ADMIN: [
        "dossiers.view_agency_dossiers",
        "agencies.add_staffassignment",
        "agencies.change_staffassignment",
        "agencies.delete_staffassignment",
        "agencies.change_agency",
        "calendar.add_calendaroverride",
        "calendar.change_calendaroverride",
        "calendar.delete_calendaroverride",
        "catalog.change_procedure",
    ],
}

# Leaders see every dossier of their agency and the units below it, and sign apologies and stop notices.
LEADER_ROLES = frozenset({Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER})
