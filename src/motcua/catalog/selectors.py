"""Reads of the procedure catalogue, shaped for the pages that show them."""

from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.agencies.models import Agency
from motcua.catalog.models import Field, Procedure, ProcedureCase, RequiredPaper
from motcua.core.text import fold_vietnamese


def fields_with_counts():
    return (
        Field.objects.annotate(procedure_count=Count("procedures", filter=Q(procedures__is_published=True)))
        .filter(procedure_count__gt=0)
        .order_by("name")
    )


def procedures_featured(limit: int = 8):
    return Procedure.objects.filter(is_published=True).select_related("field").order_by("name")[:limit]


def procedures_search(
    *, query: str = "", field_id: int | None = None, level: str = "", online: str = ""
) -> QuerySet[Procedure]:
    """Published procedures matching every word of `query`, ignoring diacritics and case.

    Words are matched one by one against the folded `search_text` with icontains, which behaves the same
    on SQLite and PostgreSQL. `level` "province" or "commune" also finds procedures done at both levels.
    """
    procedures = Procedure.objects.filter(is_published=True).select_related("field")
    for word in fold_vietnamese(query).split():
        procedures = procedures.filter(search_text__icontains=word)
    if field_id:
        procedures = procedures.filter(field_id=field_id)
    if level in (Procedure.Level.PROVINCE, Procedure.Level.COMMUNE):
        procedures = procedures.filter(level__in=[level, Procedure.Level.BOTH])
    if online in Procedure.OnlineKind.values:
        procedures = procedures.filter(online_kind=online)
    return procedures.order_by("name", "pk")


def procedure_for_page(*, pk: int) -> Procedure:
    """A published procedure with everything its public page shows (raises Procedure.DoesNotExist)."""
    cases = ProcedureCase.objects.prefetch_related("papers", "fees").order_by("order", "pk")
    receiving = Agency.objects.filter(receives_dossiers=True, is_active=True).order_by("level", "name")
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(Prefetch("cases", cases), Prefetch("agencies", receiving))
        .get(pk=pk, is_published=True)
    )


def paper_template_for_download(*, paper_id: int) -> RequiredPaper:
    """A paper of a published procedure that has a template file (raises RequiredPaper.DoesNotExist)."""
    return RequiredPaper.objects.exclude(template="").get(pk=paper_id, case__procedure__is_published=True)
