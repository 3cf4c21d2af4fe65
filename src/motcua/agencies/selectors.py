"""Reads on agencies and staff scope."""

from motcua.agencies.models import Agency, StaffAssignment


def agency_descendant_ids(agency_ids) -> set[int]:
    """Ids of the given agencies and every agency below them (the tree has any depth)."""
    found = set(agency_ids)
    frontier = set(found)
    while frontier:
        children = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= children
        frontier = children
    return found


def staff_agency_ids(user, *, roles=None) -> set[int]:
    """Agencies a staff member may act in: those assigned (for the given roles) and all below them."""
    if not user.is_authenticated:
        return set()
    assignments = StaffAssignment.objects.filter(user=user)
    if roles is not None:
        assignments = assignments.filter(role__in=list(roles))
    return agency_descendant_ids(assignments.values_list("agency_id", flat=True))


def staff_roles_in(user, agency: Agency) -> set[str]:
    """The roles `user` holds over `agency` (assigned there or in an agency above it)."""
    if not user.is_authenticated:
        return set()
    lineage = [agency.id, *(a.id for a in agency.ancestors())]
    return set(
        StaffAssignment.objects.filter(user=user, agency_id__in=lineage).values_list("role", flat=True)
    )
