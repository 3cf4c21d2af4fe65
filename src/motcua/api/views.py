"""REST API views: parse, authorize, call one selector or service, serialize (style.md).

The online submission mirrors the portal's (portal/views/submission.py) but leaves nothing behind when it fails:
the draft it starts lives only inside the request's transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import fields_with_counts, procedure_for_page, procedures_search
from motcua.dossiers import selectors, services
from motcua.dossiers.downloads import document_response
from motcua.dossiers.models import Dossier

from . import idempotency
from . import serializers as s
from .permissions import IsApplicant, documents_visible_to_applicant
from .throttling import TokenObtainThrottle

IDEMPOTENCY_HEADER = "Idempotency-Key"

NOT_FOUND = OpenApiResponse(s.DetailSerializer, description="Not found.")
INVALID = OpenApiResponse(
    s.ErrorsSerializer,
    description="Messages to show as they are, in the request's language (Vietnamese by default).",
)
NOT_APPLICANT = OpenApiResponse(
    s.DetailSerializer, description="Not signed in, or not a citizen or business."
)


def _validated(serializer):
    """Validate or answer 400 with {"errors": [...]}, the shape every invalid request gets."""
    if not serializer.is_valid():
        raise ValidationError({"errors": s.error_messages(serializer)})
    return serializer.validated_data


# ---------------------------------------------------------------------------------------------- catalogue


@extend_schema(tags=["catalog"])
class FieldListView(generics.ListAPIView):
    """Lĩnh vực that have published procedures, with how many."""

    permission_classes = [AllowAny]
    serializer_class = s.FieldSerializer
    pagination_class = None

    def get_queryset(self):
        return fields_with_counts()


@extend_schema(tags=["catalog"])
class ProcedureListView(generics.ListAPIView):
    """Tra cứu thủ tục: published procedures, searched without regard to diacritics."""

    permission_classes = [AllowAny]
    serializer_class = s.ProcedureListSerializer

    @extend_schema(
        parameters=[s.ProcedureQuerySerializer], responses={200: s.ProcedureListSerializer, 400: INVALID}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Procedure.objects.none()
        query = _validated(s.ProcedureQuerySerializer(data=self.request.query_params))
        return procedures_search(
            query=query["q"],
            field_id=query.get("field"),
            level=query.get("level", ""),
            online=query.get("online", ""),
        )


@extend_schema(tags=["catalog"], responses={200: s.ProcedureDetailSerializer, 404: NOT_FOUND})
class ProcedureDetailView(generics.RetrieveAPIView):
    """A published procedure with its cases, papers, fees and steps; null means "not yet published"."""

    permission_classes = [AllowAny]
    serializer_class = s.ProcedureDetailSerializer
    queryset = Procedure.objects.none()  # lookups go through the selector; this only types the schema

    def get_object(self):
        try:
            return procedure_for_page(pk=self.kwargs["pk"])
        except Procedure.DoesNotExist:
            raise NotFound from None


# ---------------------------------------------------------------------------------------------- dossiers


class ApplicantAPIView(generics.GenericAPIView):
    # Token first, so a request without credentials answers 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsApplicant]


def _dossier_submitted_with(*, applicant, key: str) -> Dossier | None:
    return Dossier.objects.filter(applicant=applicant, idempotency_key=key).only("public_id").first()


def _idempotency_key(request) -> str | None:
    """`api:<user>:<header>`: keys are per applicant, so nobody can replay into somebody else's dossier."""
    header = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not header:
        return None
    prefix = f"api:{request.user.pk}:"
    room = Dossier._meta.get_field("idempotency_key").max_length - len(prefix)
    if len(header) > room or not header.isprintable():
        raise ValidationError(
            {
                "errors": [
                    _("Tiêu đề %(header)s không hợp lệ: tối đa %(room)s ký tự in được (ví dụ một UUID).")
                    % {"header": IDEMPOTENCY_HEADER, "room": room}
                ]
            }
        )
    return prefix + header


def _delete_stored_files(draft) -> None:
    # Rows roll back with the transaction; files on disk do not.
    for document in draft.documents.all():
        document.file.delete(save=False)


def _submit_online(
    *, applicant, submission: s.DossierSubmitSerializer, key: str | None
) -> tuple[Dossier, bool]:
    """Draft, files, submit — all or nothing. Returns the dossier and whether this request created it."""
    data = submission.validated_data
    with transaction.atomic():
        draft = services.draft_start(applicant=applicant, case=data["case"], agency=data["agency"])
        try:
            problems = services.draft_update(
                draft=draft,
                form_data=submission.form_data(),
                agency=data["agency"],
                files=data["files"],
                user=applicant,
            )
            if problems:
                raise services.DossierError(*problems)
            dossier = services.dossier_submit(draft=draft, idempotency_key=key)
        except services.DossierError:
            _delete_stored_files(draft)
            raise
        # dossier_submit deletes the draft it turns into a dossier; a draft still there means a concurrent
        # request with the same key got there first and its dossier was returned.
        if draft.pk is not None:
            _delete_stored_files(draft)
            transaction.set_rollback(True)
            return dossier, False
    return dossier, True


@extend_schema(tags=["dossiers"])
class DossierListView(ApplicantAPIView, generics.ListCreateAPIView):
    """Hồ sơ của tôi: the signed-in applicant's dossiers, newest first; POST submits a new one online."""

    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dossier.objects.none()
        return selectors.dossiers_of_applicant(applicant=self.request.user)

    def get_serializer_class(self):
        return s.DossierSubmitSerializer if self.request.method == "POST" else s.DossierListSerializer

    @extend_schema(
        responses={200: s.DossierListSerializer(many=True), 401: NOT_APPLICANT, 403: NOT_APPLICANT}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Submit a dossier online",
        description=(
            "Multipart form: the e-form fields, one file per paper in `paper_<paper id>` (see `upload_field` "
            "in the procedure's papers) and any number of `paper_other`. Files are checked by content: PDF, "
            "JPEG or PNG, within the size limit. With an `Idempotency-Key` header a retried request with the "
            "same form returns the first answer again (header `Idempotent-Replayed: true`) instead of creating "
            "another dossier; 409 while the first request is still being processed, 422 when the key came with "
            "a different form. When anything is refused, nothing is kept."
        ),
        parameters=[idempotency.PARAMETER],
        request=s.DossierSubmitSerializer,
        responses={
            201: OpenApiResponse(s.DossierDetailSerializer, description="Submitted (status 1)."),
            200: OpenApiResponse(
                s.DossierDetailSerializer, description="The dossier an earlier request with this key created."
            ),
            400: INVALID,
            401: NOT_APPLICANT,
            403: NOT_APPLICANT,
            409: idempotency.IN_FLIGHT,
            422: idempotency.KEY_REUSED,
        },
    )
    def post(self, request, *args, **kwargs):
        key = _idempotency_key(request)

        def submit() -> Response:
            created = False
            # A dossier already made with this key (e.g. by a request that raced this one) is returned as is.
            dossier = _dossier_submitted_with(applicant=request.user, key=key) if key else None
            if dossier is None:
                submission = s.DossierSubmitSerializer(
                    data=request.data, context=self.get_serializer_context()
                )
                _validated(submission)
                try:
                    dossier, created = _submit_online(applicant=request.user, submission=submission, key=key)
                except services.DossierError as error:
                    raise ValidationError({"errors": error.messages}) from None
            dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=dossier.public_id)
            return Response(
                s.DossierDetailSerializer(dossier, context=self.get_serializer_context()).data,
                status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            )

        return idempotency.respond_once(request, scope="api.dossier_submit", run=submit)


@extend_schema(
    tags=["dossiers"],
    responses={200: s.DossierDetailSerializer, 401: NOT_APPLICANT, 403: NOT_APPLICANT, 404: NOT_FOUND},
)
class DossierDetailView(ApplicantAPIView, generics.RetrieveAPIView):
    """One of the applicant's own dossiers, with its papers and history; anybody else's is 404."""

    serializer_class = s.DossierDetailSerializer
    queryset = Dossier.objects.none()  # lookups go through the selector; this only types the schema

    def get_object(self):
        return selectors.dossier_of_applicant(applicant=self.request.user, public_id=self.kwargs["public_id"])


@extend_schema(
    tags=["dossiers"],
    summary="Withdraw a dossier",
    description=(
        "Rút hồ sơ (status 7): the applicant withdraws one of their dossiers that is not yet resolved "
        "(status 1, 2, 4, 5 or 6). The reason is optional and shown in the history."
    ),
    request=s.DossierWithdrawSerializer,
    responses={
        200: OpenApiResponse(s.DossierDetailSerializer, description="Withdrawn (status 7)."),
        400: INVALID,
        401: NOT_APPLICANT,
        403: NOT_APPLICANT,
        404: NOT_FOUND,
    },
)
class DossierWithdrawView(ApplicantAPIView):
    """Rút hồ sơ: only the applicant's own dossiers; anybody else's is 404."""

    queryset = Dossier.objects.none()  # lookups go through the selector; this only types the schema
    serializer_class = s.DossierWithdrawSerializer

    def post(self, request, public_id):
        dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
        data = _validated(s.DossierWithdrawSerializer(data=request.data))
        try:
            services.dossier_withdraw(dossier=dossier, applicant=request.user, reason=data["reason"])
        except services.DossierError as error:
            raise ValidationError({"errors": error.messages}) from None
        dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
        return Response(s.DossierDetailSerializer(dossier, context=self.get_serializer_context()).data)


@extend_schema(
    tags=["dossiers"],
    responses={
        (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
        401: NOT_APPLICANT,
        403: NOT_APPLICANT,
        404: NOT_FOUND,
    },
)
class DossierDocumentView(ApplicantAPIView):
    """Download a paper of one's own dossier (a result only once it is approved)."""

    queryset = Dossier.objects.none()  # lookups go through the selector; this only types the schema

    def get(self, request, public_id, document_id):
        dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
        for document in documents_visible_to_applicant(dossier):
            if document.pk == document_id:
                return document_response(document)
        raise NotFound


# ---------------------------------------------------------------------------------------------- tracking


@extend_schema(tags=["tracking"])
class TrackingView(APIView):
    """Tra cứu hồ sơ: progress for whoever has the code and the phone number; personal data masked."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "tracking"

    @extend_schema(
        parameters=[s.TrackingQuerySerializer],
        responses={
            200: s.TrackingSerializer,
            400: INVALID,
            404: OpenApiResponse(s.DetailSerializer, description="Code and phone do not match a dossier."),
            429: OpenApiResponse(s.DetailSerializer, description="Too many attempts; retry later."),
        },
    )
    def get(self, request):
        query = _validated(s.TrackingQuerySerializer(data=request.query_params))
        dossier = selectors.dossier_by_code_and_phone(code=query["code"], phone=query["phone"])
        if dossier is None:
            raise NotFound(_("Không tìm thấy hồ sơ có mã và số điện thoại này."))
        return Response(s.TrackingSerializer(dossier).data)


# ---------------------------------------------------------------------------------------------- auth


class TokenObtainView(ObtainAuthToken):
    """DRF's token login, throttled against password guessing."""

    throttle_classes = [TokenObtainThrottle]

    @extend_schema(
        tags=["auth"],
        summary="Obtain an API token",
        auth=[],
        request=AuthTokenSerializer,
        responses={
            200: s.TokenSerializer,
            400: OpenApiResponse(description='Wrong username or password: {"non_field_errors": [...]}.'),
            429: OpenApiResponse(s.DetailSerializer, description="Too many attempts; retry later."),
        },
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
