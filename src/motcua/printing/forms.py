from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

# A year of dossiers is already a thick register; longer ranges are printed year by year.
REGISTER_MAX_DAYS = 366


class RegisterForm(forms.Form):
    """Sổ theo dõi hồ sơ: which desk, from which day to which day."""

    agency = forms.ModelChoiceField(queryset=None, label=_("Cơ quan, đơn vị"), empty_label=None)
    start = forms.DateField(label=_("Từ ngày"), help_text=_("dd/mm/yyyy"))
    end = forms.DateField(label=_("Đến ngày"), help_text=_("dd/mm/yyyy"))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
            if end - start > timedelta(days=REGISTER_MAX_DAYS):
                raise forms.ValidationError(_("Mỗi lần in tối đa một năm."))
        return data
