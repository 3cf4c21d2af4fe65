"""`Idempotency-Key` for API views: `core/idempotency.py` adapted to DRF, and its OpenAPI description."""

import json

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from motcua.core import idempotency

from . import serializers as s

HEADER = idempotency.HEADER

PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "A fresh value (a UUID) per operation; repeat it when retrying. The same key with the same request "
        "returns the first answer again (header `Idempotent-Replayed: true`) and does nothing twice."
    ),
)
IN_FLIGHT = OpenApiResponse(
    s.DetailSerializer, description="A request with this Idempotency-Key is still being processed."
)
KEY_REUSED = OpenApiResponse(
    s.DetailSerializer, description="This Idempotency-Key was used before with a different request."
)


def respond_once(request, *, scope: str, run) -> Response:
    """Call `run()` (which returns a DRF Response) at most once per applicant, scope and key."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return run()
    if not idempotency.is_valid_key(key):
        raise ValidationError(
            {
                "errors": [
                    _("Tiêu đề %(header)s không hợp lệ: tối đa %(room)s ký tự in được (ví dụ một UUID).")
                    % {"header": HEADER, "room": idempotency.MAX_KEY_LENGTH}
                ]
            }
        )
    first = {}

    def answer() -> idempotency.Answer:
        response = run()
        first["response"] = response
        return idempotency.Answer(response.status_code, json.loads(JSONRenderer().render(response.data)))

    try:
        result, replayed = idempotency.run_once(
            scope=scope,
            owner=f"user:{request.user.pk}",
            key=key,
            fingerprint=idempotency.request_fingerprint(
                method=request.method, path=request.path, data=request.data
            ),
            run=answer,
        )
    except idempotency.KeyInFlight:
        return Response(
            {"detail": _("Yêu cầu với Idempotency-Key này đang được xử lý; vui lòng thử lại sau giây lát.")},
            status=status.HTTP_409_CONFLICT,
        )
    except idempotency.KeyReused:
        return Response(
            {"detail": _("Idempotency-Key này đã được dùng cho một yêu cầu khác; vui lòng dùng khóa mới.")},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if not replayed:
        return first["response"]
    return Response(result.body, status=result.status, headers={"Idempotent-Replayed": "true"})
