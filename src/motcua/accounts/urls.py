from django.urls import path

from motcua.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("dang-ky/", views.signup, name="signup"),
    path("dang-ky/cong-dan/", views.signup_citizen, name="signup_citizen"),
    path("dang-ky/doanh-nghiep/", views.signup_business, name="signup_business"),
]
