from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.core.identifiers import is_valid_phone, normalize_phone
from motcua.dossiers.models import ResultDelivery
from motcua.portal.forms import ApplicantFieldsMixin


def _clean_phone(value: str) -> str:
    if not is_valid_phone(value):
        raise forms.ValidationError(_("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))
    return normalize_phone(value)


class ResultShipmentForm(forms.Form):
    """Phiếu gửi kết quả qua bưu điện: the receiver as the post needs them, and any amount to collect."""

    receiver_name = forms.CharField(label=_("Người nhận"), max_length=255)
    receiver_address = forms.CharField(label=_("Địa chỉ nhận (số nhà, thôn, xã, phường)"), max_length=255)
    receiver_phone = forms.CharField(label=_("Điện thoại người nhận"), max_length=15)
    receiver_province = forms.CharField(label=_("Tỉnh, thành phố"), max_length=100)
    cod_amount = forms.IntegerField(
        label=_("Tiền thu hộ (đồng)"),
        min_value=0,
        initial=0,
        help_text=_("Phí, lệ phí bưu điện thu hộ khi phát kết quả; để 0 nếu không thu."),
    )

    def clean_receiver_phone(self):
        return _clean_phone(self.cleaned_data["receiver_phone"])


class PostalSubmissionForm(ApplicantFieldsMixin):
    """Đăng ký nộp hồ sơ qua bưu chính: who applies, where the postman collects the papers, where they go."""

    agency = forms.ModelChoiceField(label=_("Nơi tiếp nhận hồ sơ"), queryset=Agency.objects.none())
    summary = forms.CharField(
        label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    pickup_address = forms.CharField(
        label=_("Địa chỉ bưu điện đến nhận hồ sơ"),
        max_length=255,
        help_text=_("Số nhà, thôn, xã, phường — nhân viên bưu điện sẽ đến tận nơi nhận hồ sơ giấy."),
    )
    pickup_province = forms.CharField(label=_("Tỉnh, thành phố"), max_length=100)
    result_delivery = forms.ChoiceField(
        label=_("Cách nhận kết quả"),
        choices=ResultDelivery.choices,
        widget=forms.RadioSelect,
        initial=ResultDelivery.POST,
    )

    def __init__(self, *args, agencies, is_business=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.id_must_be_citizen_id = not is_business
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
