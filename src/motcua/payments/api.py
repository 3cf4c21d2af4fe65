"""The applicant's payments over the API: list a dossier's payments; start one, idempotently."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from motcua.api import idempotency
from motcua.api.serializers import DetailSerializer, ErrorsSerializer, error_messages
from motcua.api.views import ApplicantAPIView
from motcua.dossiers.selectors import dossier_of_applicant
from motcua.payments import selectors, services
from motcua.payments.gateways.registry import GATEWAYS
from motcua.payments.models import FeeLine, Payment


class FeeLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeLine
        fields = ["name", "kind", "amount", "timing", "state"]


class PaymentSerializer(serializers.ModelSerializer):
    lines = FeeLineSerializer(many=True, read_only=True)
    payment_url = serializers.SerializerMethodField(
        help_text="Open it to pay; only while the payment is pending."
    )
    receipt_number = serializers.SerializerMethodField()
    receipt_url = serializers.SerializerMethodField(help_text="The e-receipt (PDF), once paid.")

    class Meta:
        model = Payment
        fields = [
            "public_id",
            "reference",
            "method",
            "gateway",
            "amount",
            "state",
            "created_at",
            "settled_at",
            "lines",
            "payment_url",
            "receipt_number",
            "receipt_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_payment_url(self, payment) -> str | None:
        if payment.state != Payment.State.PENDING:
            return None
        return payment.redirect_url or None

    def get_receipt_number(self, payment) -> str | None:
        receipt = getattr(payment, "receipt", None)
        return f"{receipt.number}/{receipt.year}" if receipt else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_receipt_url(self, payment) -> str | None:
        if getattr(payment, "receipt", None) is None:
            return None
        url = reverse("payments:receipt", args=[payment.dossier.public_id, payment.public_id])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class PaymentStartSerializer(serializers.Serializer):
    gateway = serializers.ChoiceField(
        [(code, gateway.label) for code, gateway in GATEWAYS.items()], help_text="Where to pay."
    )
    locale = serializers.ChoiceField([("vn", "Tiếng Việt"), ("en", "English")], default="vn")


NOT_FOUND = OpenApiResponse(DetailSerializer, description="Not one of your dossiers.")
NOT_APPLICANT = OpenApiResponse(DetailSerializer, description="Not signed in, or not a citizen or business.")


@extend_schema(tags=["payments"])
class DossierPaymentsView(ApplicantAPIView):
    """Phí, lệ phí: the payments of one of the applicant's dossiers; POST starts an online payment."""

    serializer_class = PaymentSerializer
    queryset = Payment.objects.none()  # lookups go through the selectors; this only types the schema
    pagination_class = None

    @extend_schema(
        responses={200: PaymentSerializer(many=True), 401: NOT_APPLICANT, 403: NOT_APPLICANT, 404: NOT_FOUND}
    )
    def get(self, request, public_id):
        dossier = dossier_of_applicant(applicant=request.user, public_id=public_id)
        fees = selectors.dossier_fees(dossier=dossier)
        return Response(PaymentSerializer(fees.payments, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Start an online payment of every fee still due",
        description=(
            "Creates one payment for the fee lines still due and returns it with `payment_url`, the gateway's "
            "page to send the payer to. The payment becomes paid only when the gateway notifies us (IPN); poll "
            "GET to follow it. Send an `Idempotency-Key`: a retry with the same key and body returns the same "
            "payment (201, header `Idempotent-Replayed: true`); 409 while the first request is still running; "
            "422 if the key was used with a different body."
        ),
        parameters=[idempotency.PARAMETER],
        request=PaymentStartSerializer,
        responses={
            201: PaymentSerializer,
            400: OpenApiResponse(
                ErrorsSerializer, description="Nothing to pay, or the gateway is unavailable."
            ),
            401: NOT_APPLICANT,
            403: NOT_APPLICANT,
            404: NOT_FOUND,
            409: idempotency.IN_FLIGHT,
            422: idempotency.KEY_REUSED,
        },
    )
    def post(self, request, public_id):
        dossier = dossier_of_applicant(applicant=request.user, public_id=public_id)

        def start() -> Response:
            start_request = PaymentStartSerializer(data=request.data)
            if not start_request.is_valid():
                raise ValidationError({"errors": error_messages(start_request)})
            try:
                payment = services.payment_start(
                    dossier=dossier,
                    payer=request.user,
                    gateway_code=start_request.validated_data["gateway"],
                    return_url=request.build_absolute_uri(
                        reverse("payments:return", args=[start_request.validated_data["gateway"]])
                    ),
                    client_ip=request.META.get("REMOTE_ADDR", ""),
                    locale=start_request.validated_data["locale"],
                )
            except services.PaymentError as error:
                raise ValidationError({"errors": error.messages}) from None
            payment = selectors.payment_of_applicant(applicant=request.user, public_id=payment.public_id)
            return Response(
                PaymentSerializer(payment, context={"request": request}).data, status=status.HTTP_201_CREATED
            )

        return idempotency.respond_once(request, scope="api.payment_start", run=start)
