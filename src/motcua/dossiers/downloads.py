from django.http import FileResponse, Http404


def document_response(document):
    """Serve a stored paper as a download; the caller has already checked who may see it."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
