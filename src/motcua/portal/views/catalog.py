"""Public catalogue pages: search the procedures, read one, download its forms."""

from pathlib import Path

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path

from motcua.catalog.models import Procedure, RequiredPaper
from motcua.catalog.selectors import (
    fields_with_counts,
    paper_template_for_download,
    procedure_for_page,
    procedures_search,
)

PAGE_SIZE = 20


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def procedure_list(request):
    """Tra cứu thủ tục: search ignoring diacritics, filters by field, level and online kind, 20 per page."""
    query = request.GET.get("q", "").strip()
    field_id = _int_or_none(request.GET.get("field"))
    level = request.GET.get("level", "")
    online = request.GET.get("online", "")
    procedures = procedures_search(query=query, field_id=field_id, level=level, online=online)
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "page": page,
        "query": query,
        "field_id": field_id,
        "level": level,
        "online": online,
        "fields": fields_with_counts(),
        "levels": [
            (Procedure.Level.PROVINCE, Procedure.Level.PROVINCE.label),
            (Procedure.Level.COMMUNE, Procedure.Level.COMMUNE.label),
        ],
        "online_kinds": Procedure.OnlineKind.choices,
        "filter_query": filters.urlencode(),
    }
    if request.htmx and request.htmx.target == "procedure-results":
        return render(request, "portal/partials/procedure_results.html", context)
    return render(request, "portal/procedure_list.html", context)


def procedure_detail(request, pk):
    """Thông tin thủ tục: the seven mandatory parts, each shown as "Chưa công bố" when not published."""
    try:
        procedure = procedure_for_page(pk=pk)
    except Procedure.DoesNotExist:
        raise Http404 from None
    return render(
        request, "portal/procedure_detail.html", {"procedure": procedure, "cases": procedure.cases.all()}
    )


def paper_template(request, paper_id):
    """Download the form (mẫu đơn, tờ khai) attached to a paper of a published procedure."""
    try:
        paper = paper_template_for_download(paper_id=paper_id)
        stream = paper.template.open("rb")
    except (RequiredPaper.DoesNotExist, FileNotFoundError):
        raise Http404 from None
    return FileResponse(stream, as_attachment=True, filename=Path(paper.template.name).name)


urlpatterns = [
    path("thu-tuc/", procedure_list, name="procedure_list"),
    path("thu-tuc/<int:pk>/", procedure_detail, name="procedure_detail"),
    path("thu-tuc/mau/<int:paper_id>/", paper_template, name="paper_template"),
]
