"""Sign-in, sign-out and sign-up of citizens and businesses."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from motcua.accounts import forms, services
from motcua.accounts.models import User


def home_url_for(user) -> str:
    """Where a user lands after signing in: staff on their work list, applicants on their dossiers."""
    if user.is_authenticated and user.kind == User.Kind.STAFF:
        return reverse("backoffice:dashboard")
    try:
        return reverse("portal:my_dossiers")
    except NoReverseMatch:
        return reverse("portal:home")


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm

    def get_default_redirect_url(self):
        return home_url_for(self.request.user)


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


def signup(request):
    """Choose: citizen or business."""
    return render(request, "accounts/signup.html", {"next": _safe_next(request)})


@sensitive_post_parameters("password1", "password2")
def signup_citizen(request):
    return _signup(
        request, forms.CitizenSignupForm, "accounts/signup_citizen.html", services.citizen_register
    )


@sensitive_post_parameters("password1", "password2")
def signup_business(request):
    return _signup(
        request, forms.BusinessSignupForm, "accounts/signup_business.html", services.business_register
    )


def _signup(request, form_class, template_name, register):
    if request.user.is_authenticated:
        messages.info(request, _("Anh/chị đã đăng nhập."))
        return redirect(home_url_for(request.user))
    form = form_class(request.POST) if request.method == "POST" else form_class()
    if form.is_bound and form.is_valid():
        fields = {
            name: value for name, value in form.cleaned_data.items() if name not in ("password1", "password2")
        }
        try:
            user = register(password=form.cleaned_data["password1"], **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Đăng ký thành công. Chào mừng %(name)s!") % {"name": user.get_full_name()}
            )
            return redirect(_safe_next(request) or home_url_for(user))
    return render(request, template_name, {"form": form, "next": _safe_next(request)})
