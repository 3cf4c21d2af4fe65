from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.notifications.channels import channels_configured
from motcua.notifications.models import ChannelKind, Notification

HELP = {
    ChannelKind.EMAIL: _("Gửi tới địa chỉ thư điện tử ghi trên hồ sơ hoặc tài khoản."),
    ChannelKind.SMS: _("Tin nhắn ngắn tới số điện thoại ghi trên hồ sơ."),
    ChannelKind.ZALO: _("Tin nhắn Zalo từ tài khoản chính thức (Official Account) của cơ quan."),
}


class NotificationPreferenceForm(forms.Form):
    """Cách nhận thông báo: one checkbox per channel this deployment can deliver through."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for channel in channels_configured():
            self.fields[channel] = forms.BooleanField(
                label=ChannelKind(channel).label, required=False, help_text=HELP[channel]
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(ChannelKind.EMAIL) and not self.user.email:
            self.add_error(ChannelKind.EMAIL, _("Tài khoản chưa có địa chỉ thư điện tử."))
        return cleaned

    def choices(self) -> dict[str, bool]:
        return {channel: self.cleaned_data.get(channel, False) for channel in ChannelKind.values}


class DeliveryLogFilterForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + Notification.State.choices
    )
