from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.dossiers.models import ResultDelivery
from motcua.portal.forms import ApplicantFieldsMixin


class DateInput(forms.DateInput):
    """The browser's date picker: it sends (and must be given back) yyyy-mm-dd whatever it displays."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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
    deadline = forms.DateField(
        label=_("Hạn bổ sung"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống: 05 ngày làm việc. Quá hạn này bộ phận một cửa có thể từ chối hồ sơ."),
    )


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


class SupplementDeadlineRefuseForm(forms.Form):
    """Refusal of a dossier whose supplement did not arrive in time: the reason is stated for the officer."""

    reason = forms.CharField(
        label=_("Ghi chú thêm (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StopForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do dừng xử lý"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ghi trong thông báo dừng giải quyết hồ sơ gửi người nộp."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentRequestForm(forms.Form):
    description = forms.CharField(
        label=_("Nghĩa vụ tài chính cần thực hiện"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: nộp lệ phí trước bạ theo thông báo của cơ quan thuế."),
    )
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), required=False, min_value=1)


class PaymentRecordForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú (số biên lai, chứng từ)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApologyDraftForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chậm trả kết quả"), widget=forms.Textarea(attrs={"rows": 3}))
    new_date = forms.DateField(
        label=_("Ngày hẹn trả kết quả mới"),
        widget=DateInput(),
        help_text=_(
            "Chỉ được hẹn lại một lần; phiếu phải được ban hành chậm nhất 01 ngày làm việc trước hạn."
        ),
    )


class ApologyDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Phê duyệt, ban hành")), ("refuse", _("Không phê duyệt"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeadlineFilterForm(forms.Form):
    """Filters of the due-soon and overdue lists; the choices are what the user may see."""

    kind = forms.ChoiceField(
        label=_("Danh sách"),
        choices=[("due_soon", _("Sắp đến hạn")), ("overdue", _("Quá hạn"))],
        required=False,
    )
    officer = forms.TypedChoiceField(label=_("Cán bộ"), coerce=int, required=False, empty_value=None)
    step = forms.ChoiceField(label=_("Bước xử lý"), required=False)
    agency = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Tất cả"))]
        self.fields["officer"].choices = everyone + choices["officers"]
        self.fields["step"].choices = everyone + [(name, name) for name in choices["steps"]]
        self.fields["agency"].choices = everyone + choices["agencies"]
