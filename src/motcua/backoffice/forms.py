from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.dossiers.models import ResultDelivery
from motcua.portal.forms import ApplicantFieldsMixin


class AcceptForm(forms.Form):
    appointment = forms.DateTimeField(
        label=_("Ngày hẹn trả (chỉ khi thủ tục chưa công bố thời hạn)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 3}))


class SupplementRequestForm(forms.Form):
    items = forms.CharField(
        label=_("Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Liệt kê đầy đủ một lần: hồ sơ chỉ được yêu cầu bổ sung một lần."),
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class StepCompleteForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến xử lý"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_assignee = forms.ModelChoiceField(
        label=_("Chuyển cho cán bộ"), queryset=User.objects.none(), required=False
    )
    result_files = forms.FileField(label=_("Tệp kết quả (nếu có)"), required=False)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["next_assignee"].queryset = candidates
        else:
            del self.fields["next_assignee"]


class ReturnResultForm(forms.Form):
    received_by_name = forms.CharField(label=_("Họ tên người nhận kết quả"), max_length=255)
    note = forms.CharField(
        label=_("Ghi chú (bản chính đã thu, giấy tờ đã giao)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CounterIntakeForm(ApplicantFieldsMixin):
    summary = forms.CharField(
        label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    result_delivery = forms.ChoiceField(
        label=_("Cách nhận kết quả"), choices=ResultDelivery.choices, initial=ResultDelivery.COUNTER
    )
    appointment = forms.DateTimeField(
        label=_("Ngày hẹn trả (chỉ khi thủ tục chưa công bố thời hạn)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput)
