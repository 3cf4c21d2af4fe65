from django.shortcuts import render

from motcua.catalog.selectors import fields_with_counts, procedures_featured


def home(request):
    return render(
        request,
        "portal/home.html",
        {"fields": fields_with_counts(), "featured": procedures_featured()},
    )


def guide(request):
    return render(request, "portal/guide.html")
