import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.services import citizen_id_taken, tax_code_taken
from motcua.core.identifiers import (
    is_valid_citizen_id,
    is_valid_phone,
    is_valid_tax_code,
    normalize_phone,
    normalize_tax_code,
)


class TelInput(forms.TextInput):
    input_type = "tel"


def _without_spaces(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


class LoginForm(auth_forms.AuthenticationForm):
    """One form for everyone: citizens type their CCCD, businesses their tax code, staff their user name."""

    username = auth_forms.UsernameField(
        label=_("Số CCCD / mã số thuế / tên đăng nhập"),
        help_text=_("Công dân: số CCCD 12 chữ số. Doanh nghiệp: mã số thuế. Cán bộ: tên đăng nhập được cấp."),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("Thông tin đăng nhập không đúng."),
        "inactive": _("Tài khoản này đang bị khóa. Vui lòng liên hệ bộ phận một cửa."),
    }

    def clean_username(self):
        # "0101234567-001" and "0101 234 567" are typed as printed; accounts store the bare digits.
        username = self.cleaned_data["username"].strip()
        compact = _without_spaces(username)
        if is_valid_tax_code(compact):
            return normalize_tax_code(compact)
        return compact if compact.isdigit() else username


class _ApplicantSignupForm(forms.Form):
    """What citizens and businesses share: contact, password chosen twice, consent to data processing."""

    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        help_text=_("Để nhận thông báo về hồ sơ qua tin nhắn, Zalo. Ví dụ: 0912 345 678."),
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử (email)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá dễ đoán."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    data_consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan nhà nước xử lý dữ liệu cá nhân đã khai ở trên để giải quyết thủ tục "
            "và thông báo về hồ sơ (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15)."
        ),
        error_messages={"required": _("Anh/chị cần đánh dấu đồng ý để tạo tài khoản.")},
    )

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        if not is_valid_phone(phone):
            raise forms.ValidationError(
                _("Số điện thoại không hợp lệ. Số di động gồm 10 chữ số, bắt đầu bằng 0, ví dụ 0912 345 678.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp nhau."))
        elif password2:
            try:
                password_validation.validate_password(password2, self._user_for_password_check())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def _user_for_password_check(self) -> User:
        raise NotImplementedError


class CitizenSignupForm(_ApplicantSignupForm):
    """Đăng ký tài khoản công dân."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=255,
        help_text=_("Ghi đầy đủ, có dấu, như trên thẻ căn cước."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    citizen_id = forms.CharField(
        label=_("Số căn cước công dân (CCCD)"),
        max_length=20,
        help_text=_("12 chữ số in trên thẻ căn cước. Anh/chị sẽ dùng số này để đăng nhập."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )

    field_order = ["full_name", "citizen_id", "phone", "email", "password1", "password2", "data_consent"]

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_citizen_id(self):
        citizen_id = _without_spaces(self.cleaned_data["citizen_id"])
        if not re.fullmatch(r"\d{12}", citizen_id):
            raise forms.ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
        if not is_valid_citizen_id(citizen_id):
            raise forms.ValidationError(
                _("Số CCCD không hợp lệ: ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh, từ 001 đến 096.")
            )
        if citizen_id_taken(citizen_id):
            raise forms.ValidationError(_("Số CCCD này đã được đăng ký."))
        return citizen_id

    def _user_for_password_check(self) -> User:
        return User(
            username=self.cleaned_data.get("citizen_id", ""),
            full_name=self.cleaned_data.get("full_name", ""),
            email=self.cleaned_data.get("email", ""),
        )


class BusinessSignupForm(_ApplicantSignupForm):
    """Đăng ký tài khoản doanh nghiệp, tổ chức."""

    name = forms.CharField(
        label=_("Tên doanh nghiệp, tổ chức"),
        max_length=255,
        help_text=_("Như trên Giấy chứng nhận đăng ký doanh nghiệp."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        help_text=_(
            "10 chữ số; đơn vị phụ thuộc (chi nhánh) 13 chữ số, ví dụ 0101234567-001. "
            "Mã số thuế là tên đăng nhập."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    representative = forms.CharField(
        label=_("Họ và tên người đại diện theo pháp luật"),
        max_length=255,
    )
    email = forms.EmailField(
        label=_("Thư điện tử (email)"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    field_order = [
        "name",
        "tax_code",
        "representative",
        "phone",
        "email",
        "password1",
        "password2",
        "data_consent",
    ]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_representative(self):
        return " ".join(self.cleaned_data["representative"].split())

    def clean_tax_code(self):
        tax_code = _without_spaces(self.cleaned_data["tax_code"])
        if not is_valid_tax_code(tax_code):
            raise forms.ValidationError(
                _(
                    "Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc "
                    "(ví dụ 0101234567 hoặc 0101234567-001)."
                )
            )
        tax_code = normalize_tax_code(tax_code)
        if tax_code_taken(tax_code):
            raise forms.ValidationError(_("Mã số thuế này đã được đăng ký."))
        return tax_code

    def _user_for_password_check(self) -> User:
        return User(
            username=self.cleaned_data.get("tax_code", ""),
            full_name=self.cleaned_data.get("name", ""),
            email=self.cleaned_data.get("email", ""),
        )


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "kind", "full_name", "email")


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
