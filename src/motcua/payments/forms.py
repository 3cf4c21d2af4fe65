from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.payments.models import Payment


class DeskPaymentForm(forms.Form):
    """Thu phí, lệ phí tại quầy."""

    payer_name = forms.CharField(label=_("Họ và tên người nộp tiền"), max_length=255)
    method = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[(m.value, m.label) for m in (Payment.Method.CASH, Payment.Method.TRANSFER)],
        initial=Payment.Method.CASH,
    )
    transfer_reference = forms.CharField(label=_("Số chứng từ chuyển khoản"), max_length=64, required=False)


class FeeLineForm(forms.Form):
    amount = forms.IntegerField(label=_("Mức thu (đồng)"), min_value=1, required=False)
    exempt = forms.BooleanField(label=_("Miễn khoản thu này"), required=False)
    reason = forms.CharField(label=_("Lý do, căn cứ miễn"), max_length=1000, required=False)


class RefundForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hoàn trả"), widget=forms.Textarea(attrs={"rows": 2}))
