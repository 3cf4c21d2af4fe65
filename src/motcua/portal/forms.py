from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.core.identifiers import is_valid_citizen_id, is_valid_phone, normalize_phone
from motcua.dossiers.models import ResultDelivery


class ApplicantFieldsMixin(forms.Form):
    applicant_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=255)
    applicant_id_number = forms.CharField(
        label=_("Số CCCD / mã số thuế"), max_length=20, help_text=_("CCCD gồm 12 chữ số.")
    )
    applicant_phone = forms.CharField(
        label=_("Số điện thoại"), max_length=15, help_text=_("Dùng để tra cứu hồ sơ và nhận thông báo.")
    )
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=255, required=False)

    id_must_be_citizen_id = True

    def clean_applicant_id_number(self):
        value = self.cleaned_data["applicant_id_number"].strip()
        if self.id_must_be_citizen_id and not is_valid_citizen_id(value):
            raise forms.ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
        return value

    def clean_applicant_phone(self):
        value = self.cleaned_data["applicant_phone"]
        if not is_valid_phone(value):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))
        return normalize_phone(value)


class OnlineSubmissionForm(ApplicantFieldsMixin):
    """Tờ khai trực tuyến: who applies, to which agency, for what, and how the result comes back."""

    agency = forms.ModelChoiceField(label=_("Nơi tiếp nhận hồ sơ"), queryset=Agency.objects.none())
    summary = forms.CharField(
        label=_("Nội dung yêu cầu"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Ghi ngắn gọn điều anh/chị đề nghị, ví dụ: Đăng ký khai sinh cho con Nguyễn Văn B."),
    )
    result_delivery = forms.ChoiceField(
        label=_("Cách nhận kết quả"),
        choices=ResultDelivery.choices,
        widget=forms.RadioSelect,
        initial=ResultDelivery.ONLINE,
    )

    def __init__(self, *args, agencies, is_business=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.id_must_be_citizen_id = not is_business
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()

    def form_data(self) -> dict:
        """What to keep in the draft: every typed value, valid or not, as text."""
        return {
            name: self.data.get(name, "")
            for name in [
                "applicant_name",
                "applicant_id_number",
                "applicant_phone",
                "applicant_email",
                "applicant_address",
                "summary",
                "result_delivery",
            ]
        }


class SupplementForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú cho cán bộ"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ (không bắt buộc)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=60, help_text=_("In trên giấy tiếp nhận, ví dụ H56.101-261123-0001.")
    )
    phone = forms.CharField(label=_("Số điện thoại đã đăng ký trong hồ sơ"), max_length=15)
