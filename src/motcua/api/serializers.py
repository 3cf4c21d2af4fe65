"""Shapes of the API's requests and responses. Parsing only: the rules live in services and selectors."""

from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.agencies.models import Agency, Role
from motcua.catalog.models import Fee, Field, Procedure, ProcedureCase, RequiredPaper, StepTemplate
from motcua.core.identifiers import mask_middle
from motcua.dossiers.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    ResultDelivery,
    SupplementRequest,
)
from motcua.dossiers.workflow import Action, Status

from .permissions import documents_visible_to_applicant

# ---------------------------------------------------------------------------------------------- errors


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.ListField(
        child=serializers.CharField(),
        help_text="Messages meant to be shown to the user as they are, in the request's language (Vietnamese by default).",
    )


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


def error_messages(serializer: serializers.Serializer) -> list[str]:
    """Flatten DRF's {field: [message]} into "Label: message" lines, the shape of every 400 answer."""
    messages = []

    def walk(errors, label: str) -> None:
        if isinstance(errors, dict):
            for value in errors.values():
                walk(value, label)
        elif isinstance(errors, list):
            for value in errors:
                walk(value, label)
        else:
            messages.append(f"{label}: {errors}" if label else str(errors))

    for name, errors in serializer.errors.items():
        field = serializer.fields.get(name)
        walk(errors, str(field.label) if field is not None and field.label else "")
    return messages


# ---------------------------------------------------------------------------------------------- catalogue


class PublishedText(serializers.CharField):
    """Catalogue text: blank means "not yet published", which the API says as null rather than ""."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class PublishedChoice(serializers.ChoiceField):
    """A catalogue choice; blank ("not yet published") is null."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class FieldSerializer(serializers.ModelSerializer):
    code = PublishedText()
    procedure_count = serializers.IntegerField(read_only=True, help_text="Published procedures in the field.")

    class Meta:
        model = Field
        fields = ["id", "name", "code", "procedure_count"]


class FieldRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "name"]


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "electronic_id"]


class ProcedureQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        label=_("Từ khóa"),
        help_text='Words of the name or code, with or without diacritics ("dang ky" finds "Đăng ký").',
    )
    field = serializers.IntegerField(required=False, min_value=1, label=_("Lĩnh vực"), help_text="Field id.")
    level = serializers.ChoiceField(
        [(level, level.label) for level in (Procedure.Level.PROVINCE, Procedure.Level.COMMUNE)],
        required=False,
        label=_("Cấp thực hiện"),
        help_text="Also finds procedures done at both levels.",
    )
    online = serializers.ChoiceField(
        Procedure.OnlineKind.choices, required=False, label=_("Dịch vụ trực tuyến")
    )


class ProcedureListSerializer(serializers.ModelSerializer):
    code = PublishedText()
    field = FieldRefSerializer(read_only=True)
    level = PublishedChoice(Procedure.Level.choices)
    level_label = PublishedText(source="get_level_display")
    online_kind = PublishedChoice(Procedure.OnlineKind.choices)
    online_kind_label = PublishedText(source="get_online_kind_display")
    accepts_online = serializers.BooleanField(read_only=True)

    class Meta:
        model = Procedure
        fields = [
            "id",
            "code",
            "name",
            "field",
            "level",
            "level_label",
            "online_kind",
            "online_kind_label",
            "accepts_online",
            "updated_at",
        ]


class PaperSerializer(serializers.ModelSerializer):
    note = PublishedText()
    upload_field = serializers.SerializerMethodField(help_text="Multipart field name when submitting online.")
    template_url = serializers.SerializerMethodField(help_text="The form to fill in, when there is one.")

    class Meta:
        model = RequiredPaper
        fields = [
            "id",
            "name",
            "is_mandatory",
            "originals",
            "copies",
            "note",
            "from_document_store",
            "upload_field",
            "template_url",
        ]

    def get_upload_field(self, paper) -> str:
        return f"paper_{paper.pk}"

    @extend_schema_field(OpenApiTypes.URI)
    def get_template_url(self, paper) -> str | None:
        if not paper.template:
            return None
        url = reverse("portal:paper_template", args=[paper.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class FeeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    amount = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text='VND; null when the amount is "theo quy định" or not published.',
    )
    note = PublishedText()

    class Meta:
        model = Fee
        fields = ["id", "name", "kind", "kind_label", "amount", "note"]


class StepSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(Role.choices, read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    time_budget_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False, read_only=True
    )

    class Meta:
        model = StepTemplate
        fields = ["order", "name", "role", "role_label", "role_text", "time_budget_hours"]


class CaseSerializer(serializers.ModelSerializer):
    time_limit_value = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, read_only=True, allow_null=True
    )
    time_limit_unit = PublishedChoice(Procedure.TimeUnit.choices)
    time_limit_unit_label = PublishedText(source="get_time_limit_unit_display")
    online_time_limit_value = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="Shorter time limit for online dossiers, when published.",
    )
    time_limit_text = PublishedText()
    papers = PaperSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = ProcedureCase
        fields = [
            "id",
            "name",
            "time_limit_value",
            "time_limit_unit",
            "time_limit_unit_label",
            "online_time_limit_value",
            "time_limit_text",
            "papers",
            "fees",
            "steps",
        ]


class ProcedureDetailSerializer(ProcedureListSerializer):
    steps_text = PublishedText()
    submission_text = PublishedText()
    online_kind_text = PublishedText()
    applicants_text = PublishedText()
    implementing_agency_text = PublishedText()
    result_name = PublishedText()
    requirements_text = PublishedText()
    legal_basis = serializers.ListField(child=serializers.CharField(), read_only=True)
    agencies = AgencyRefSerializer(
        many=True, read_only=True, help_text="Agencies with a one-stop desk that receive this procedure."
    )
    cases = CaseSerializer(many=True, read_only=True)

    class Meta(ProcedureListSerializer.Meta):
        fields = [
            *ProcedureListSerializer.Meta.fields,
            "steps_text",
            "submission_text",
            "accepts_in_person",
            "accepts_post",
            "returns_by_post",
            "online_kind_text",
            "applicants_text",
            "implementing_agency_text",
            "result_name",
            "legal_basis",
            "requirements_text",
            "agencies",
            "cases",
        ]


# ---------------------------------------------------------------------------------------------- dossiers


class StatusField(serializers.ChoiceField):
    """A dossier status code (DVCQG, 1–10), documented once in the schema as `DossierStatus`."""

    def __init__(self, **kwargs):
        super().__init__(Status.choices, read_only=True, **kwargs)


class StatusFieldSchema(OpenApiSerializerFieldExtension):
    target_class = StatusField

    def get_name(self):
        return "DossierStatus"

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "integer",
            "enum": Status.values,
            "description": "\n".join(f"* `{value}` - {label}" for value, label in Status.choices),
        }


class ProcedureRefSerializer(serializers.ModelSerializer):
    code = PublishedText()

    class Meta:
        model = Procedure
        fields = ["id", "code", "name"]


class CaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureCase
        fields = ["id", "name"]


class DossierListSerializer(serializers.ModelSerializer):
    code = serializers.CharField(
        read_only=True, allow_null=True, help_text="Issued when the one-stop desk receives the dossier."
    )
    procedure = ProcedureRefSerializer(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    status = StatusField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "public_id",
            "code",
            "procedure",
            "agency",
            "status",
            "status_label",
            "submitted_at",
            "received_at",
            "due_at",
            "created_at",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DossierDocument
        fields = ["id", "name", "kind", "kind_label", "content_type", "size", "uploaded_at", "download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document) -> str:
        url = reverse("api:dossier_document", args=[document.dossier.public_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class EventSerializer(serializers.ModelSerializer):
    action_label = serializers.SerializerMethodField()
    from_status = StatusField(allow_null=True)
    from_status_label = serializers.CharField(
        source="get_from_status_display", read_only=True, allow_null=True
    )
    to_status = StatusField()
    to_status_label = serializers.CharField(source="get_to_status_display", read_only=True)
    note = serializers.CharField(
        source="public_note",
        read_only=True,
        help_text="Reasons and dates written for the applicant; empty for the agency's internal notes.",
    )

    class Meta:
        model = DossierEvent
        fields = [
            "at",
            "action",
            "action_label",
            "from_status",
            "from_status_label",
            "to_status",
            "to_status_label",
            "note",
        ]

    def get_action_label(self, event) -> str:
        return Action(event.action).label if event.action in Action.values else event.action


class SupplementRequestSerializer(serializers.ModelSerializer):
    items = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = SupplementRequest
        fields = ["requested_at", "items", "reason", "deadline", "fulfilled_at"]


class DossierDetailSerializer(DossierListSerializer):
    case = CaseRefSerializer(read_only=True)
    result_delivery_label = serializers.CharField(source="get_result_delivery_display", read_only=True)
    documents = serializers.SerializerMethodField(
        help_text="Result documents appear once the result is approved (status 9 or 10)."
    )
    supplement_requests = SupplementRequestSerializer(many=True, read_only=True)
    history = EventSerializer(source="events", many=True, read_only=True)

    class Meta(DossierListSerializer.Meta):
        fields = [
            *DossierListSerializer.Meta.fields,
            "case",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
            "summary",
            "result_delivery",
            "result_delivery_label",
            "intake_due_at",
            "resolved_at",
            "returned_at",
            "closed_reason",
            "documents",
            "supplement_requests",
            "history",
        ]

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, dossier):
        return DocumentSerializer(
            documents_visible_to_applicant(dossier), many=True, context=self.context
        ).data


class DossierWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", label=_("Lý do rút hồ sơ")
    )


class DossierSubmitSerializer(serializers.Serializer):
    """Tờ khai trực tuyến, with one file per paper: `paper_<paper id>`, and `paper_other` for the rest."""

    FORM_FIELDS = [
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_email",
        "applicant_address",
        "summary",
        "result_delivery",
    ]

    case = serializers.PrimaryKeyRelatedField(
        queryset=ProcedureCase.objects.filter(procedure__is_published=True).select_related("procedure"),
        label=_("Trường hợp"),
        help_text="Case id, from GET /api/procedures/{id}/.",
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(receives_dossiers=True, is_active=True),
        label=_("Nơi tiếp nhận hồ sơ"),
        help_text="One of the procedure's agencies.",
    )
    applicant_name = serializers.CharField(max_length=255, label=_("Họ và tên người nộp"))
    applicant_id_number = serializers.CharField(
        max_length=20,
        label=_("Số CCCD / mã số thuế"),
        help_text="12-digit CCCD for citizens, tax code for businesses.",
    )
    applicant_phone = serializers.CharField(max_length=15, label=_("Số điện thoại"))
    applicant_email = serializers.EmailField(
        required=False, allow_blank=True, default="", label=_("Thư điện tử")
    )
    applicant_address = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", label=_("Địa chỉ liên hệ")
    )
    summary = serializers.CharField(max_length=2000, label=_("Nội dung yêu cầu"))
    result_delivery = serializers.ChoiceField(
        ResultDelivery.choices, default=ResultDelivery.ONLINE, label=_("Cách nhận kết quả")
    )
    paper_other = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        label=_("Giấy tờ khác"),
        help_text="Any number of other papers. Each required paper goes in its own field `paper_<paper id>` "
        "(one file each, PDF, JPEG or PNG).",
    )

    def validate(self, attrs):
        paper_ids = {f"paper_{paper.pk}": paper.pk for paper in attrs["case"].papers.all()}
        files: dict[int | None, list[UploadedFile]] = {}
        problems = []
        for name in self.initial_data:
            if not name.startswith("paper_") or name == "paper_other":
                continue
            uploads = self.initial_data.getlist(name)
            if name not in paper_ids:
                problems.append(
                    gettext("“%(name)s” không phải thành phần hồ sơ của trường hợp đã chọn.") % {"name": name}
                )
            elif len(uploads) != 1 or not isinstance(uploads[0], UploadedFile):
                problems.append(
                    gettext("“%(name)s” phải là đúng một tệp; nhiều trang xin gộp thành một tệp PDF.")
                    % {"name": name}
                )
            else:
                files[paper_ids[name]] = uploads
        if problems:
            raise serializers.ValidationError(problems)
        if attrs.get("paper_other"):
            files[None] = attrs["paper_other"]
        attrs["files"] = files
        return attrs

    def form_data(self) -> dict:
        """What the draft keeps: the typed values, as text."""
        return {name: str(self.validated_data[name]) for name in self.FORM_FIELDS}


# ---------------------------------------------------------------------------------------------- tracking


class TrackingQuerySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=60, label=_("Mã hồ sơ"), help_text="As printed on the receipt.")
    phone = serializers.CharField(
        max_length=15,
        label=_("Số điện thoại"),
        help_text="The applicant's phone number given in the dossier.",
    )


class TrackingEventSerializer(serializers.ModelSerializer):
    to_status = StatusField()
    to_status_label = serializers.CharField(source="get_to_status_display", read_only=True)
    action_label = serializers.CharField(
        read_only=True, help_text="What happened, e.g. an apology with a new appointment date."
    )

    class Meta:
        model = DossierEvent
        fields = ["at", "action", "action_label", "to_status", "to_status_label"]


class TrackingSerializer(serializers.ModelSerializer):
    """Tra cứu hồ sơ: progress for whoever knows code and phone, with personal data masked."""

    procedure = serializers.CharField(source="procedure.name", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    applicant_name = serializers.CharField(source="masked_applicant_name", read_only=True)
    applicant_phone = serializers.SerializerMethodField()
    status = StatusField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    history = TrackingEventSerializer(source="events", many=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "code",
            "procedure",
            "agency",
            "applicant_name",
            "applicant_phone",
            "status",
            "status_label",
            "received_at",
            "due_at",
            "history",
        ]

    def get_applicant_phone(self, dossier) -> str:
        return mask_middle(dossier.applicant_phone)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='Send as the header "Authorization: Token <token>".')
