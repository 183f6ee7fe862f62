from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserFormView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserFormView.as_view(), name="user_edit"),
    path("locks/", views.LockListView.as_view(), name="lock_list"),
    path("tokens/", views.TokenListView.as_view(), name="token_list"),
    path("2fa/", views.TwoFactorView.as_view(), name="two_factor"),
    path("2fa/verify/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("users/<int:pk>/2fa-reset/", views.TwoFactorResetView.as_view(), name="two_factor_reset"),
]
