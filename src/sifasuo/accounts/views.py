"""Login (with its second step), logout, password change, two-factor set-up, API tokens, login locks, the
account pages of administrators (within their scope), and the public self-registration of applicants."""

from __future__ import annotations

import base64
import textwrap
import time

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django_otp import login as otp_login

from sifasuo.core.forms import Form, run_form, run_step
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedListView
from sifasuo.orgunits.selectors import unit_with_code

from . import selectors, services
from .filters import UserFilterSet
from .forms import AccountForm, LoginForm, RefusableFormMixin
from .lockout import LoginRateThrottle, RegistrationRateThrottle
from .models import User
from .roles import Role


def _rate_refusal(request, throttle, form_class, template_name):
    """The page again, its form refused as a whole (429), when this address has posted too often; else None."""
    if throttle.allow(request):
        return None
    form = form_class(request.POST, refusal=throttle.message())
    form.is_valid()
    return render(request, template_name, {"form": form}, status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        throttle = LoginRateThrottle()
        if not throttle.allow(request):
            form = LoginForm(request, data=request.POST, refusal=throttle.message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if not user.two_factor_enabled:
            return super().form_valid(form)
        # The password was right; the session is signed in only once the second factor is too (D47).
        self.request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "since": time.time(),
                                             "next": self.get_success_url()}
        return redirect("accounts:two_factor_verify")


PENDING_KEY = "two_factor_pending"


def _account_or_404(user, pk) -> User:
    account = selectors.account_in_scope(user, pk)
    if account is None:
        raise Http404
    return account


def _pending_user(request) -> tuple[User | None, dict]:
    """The account whose password was just accepted and that still owes its code, if not too long ago."""
    pending = request.session.get(PENDING_KEY) or {}
    if not pending or time.time() - pending.get("since", 0) > settings.TWO_FACTOR_PENDING_SECONDS:
        return None, {}
    return selectors.active_account(pending["user"]), pending


class CodeForm(RefusableFormMixin, Form):
    code = forms.CharField(label="动态验证码", max_length=20,
                           help_text="验证器应用中当前显示的 6 位数字；手机不在身边时可输入一个恢复码",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


class TwoFactorVerifyView(View):
    """The second step of a login (or of a session that still owes it): a code from the app or a recovery
    code."""

    template_name = "accounts/two_factor_verify.html"

    def _user(self, request):
        if request.user.is_authenticated:
            return request.user, {}
        return _pending_user(request)

    def get(self, request):
        user, _ = self._user(request)
        if user is None:
            messages.info(request, "请重新输入账号和密码。")
            return redirect("accounts:login")
        return render(request, self.template_name, {"form": CodeForm()})

    def post(self, request):
        user, pending = self._user(request)
        if user is None:
            messages.info(request, "验证已超时，请重新输入账号和密码。")
            return redirect("accounts:login")
        refused = _rate_refusal(request, LoginRateThrottle(), CodeForm, self.template_name)
        if refused is not None:
            return refused
        form = CodeForm(request.POST)
        if form.is_valid():
            device = services.verify_second_factor(user=user, code=form.cleaned_data["code"])
            if device is not None:
                if pending:
                    del request.session[PENDING_KEY]
                    user.otp_device = device   # django-otp keeps it in the session on login
                    login(request, user, backend=pending["backend"])
                else:
                    otp_login(request, device)
                target = pending.get("next") or reverse("core:home")
                return redirect(target if url_has_allowed_host_and_scheme(target, {request.get_host()})
                                else reverse("core:home"))
            form.add_error("code", "动态验证码不正确或已使用过；多次输错后需等待片刻再试")
        return render(request, self.template_name, {"form": form}, status=400)


class TwoFactorView(LoginRequiredMixin, View):
    """两步验证: set up the authenticator app (QR code), see and renew recovery codes, or turn it off."""

    template_name = "accounts/two_factor.html"

    def context(self, request, **extra):
        user = request.user
        ctx = {"required": user.two_factor_required, "enabled": user.two_factor_enabled,
               "codes_left": selectors.recovery_codes_left(user=user), "form": CodeForm(), **extra}
        if not user.two_factor_enabled:
            device = services.start_two_factor(user=user)
            ctx["qr_svg"] = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4))  # noqa: S308
            ctx["secret"] = " ".join(textwrap.wrap(base64.b32encode(device.bin_key).decode(), 4))
        return ctx

    def get(self, request):
        if request.user.two_factor_enabled and not request.user.is_verified():
            return redirect("accounts:two_factor_verify")
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        user = request.user
        if user.two_factor_enabled and not user.is_verified():
            return redirect("accounts:two_factor_verify")
        form = CodeForm(request.POST)
        action = request.POST.get("action", "")

        def act():
            """The message and the new recovery codes (None: the page is left), or None for no such step."""
            code = form.cleaned_data["code"]
            if action == "confirm" and not user.two_factor_enabled:
                device, codes = services.confirm_two_factor(user=user, code=code)
                otp_login(request, device)
                return "两步验证已启用。", codes
            if action == "regenerate" and user.two_factor_enabled:
                return "已生成新的恢复码，原有恢复码作废。", services.regenerate_recovery_codes(user=user, code=code)
            if action == "disable" and user.two_factor_enabled:
                services.disable_two_factor(actor=user, user=user, code=code)
                return "两步验证已停用。", None
            return None

        if (ran := run_form(form, act, default_field="code")) and ran.result:
            message, codes = ran.result
            messages.success(request, message)
            if codes is None:
                return redirect("accounts:two_factor")
            return render(request, self.template_name, self.context(request, new_codes=codes))
        return render(request, self.template_name, self.context(request, form=form, action=action), status=400)


class TwoFactorResetView(CapabilityRequiredMixin, View):
    """An administrator turns off the two-factor login of an account in scope (phone and codes lost); the
    account sets it up again at its next login when its role requires it."""

    capability = "accounts.manage"
    model = User

    def post(self, request, pk):
        account = _account_or_404(request.user, pk)
        services.disable_two_factor(actor=request.user, user=account)
        messages.success(request, f"已重置账号「{account.username}」的两步验证。")
        return redirect(reverse("accounts:user_edit", args=[account.pk]))


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = services.revoke_tokens(user=form.user)
        messages.success(self.request, "密码已修改。" + (f"原有的 {revoked} 个 API 令牌已全部失效。" if revoked else ""))
        return response


class UserListView(ScopedListView):
    model = User
    capability = "accounts.manage"
    filterset_class = UserFilterSet
    title = "账号管理"
    create_url_name = "accounts:user_create"
    create_capability = "accounts.manage"
    columns = [
        Column("账号", "username", link=True),
        Column("姓名", "full_name"),
        Column("角色", "role"),
        Column("所属单位", "unit__name"),
        Column("手机号码", "phone"),
        Column("启用", "is_active"),
        Column("最近登录", "last_login"),
    ]
    list_select_related = ("unit",)


class UserFormView(CapabilityRequiredMixin, View):
    capability = "accounts.manage"
    model = User
    template_name = "accounts/user_form.html"

    def get_user(self, pk):
        if pk is None:
            return None
        return _account_or_404(self.request.user, pk)

    def roster(self, account):
        """The serving staff the administrator may link: under the account's unit when editing, else the
        administrator's own scope (read through the scoping function, for editing)."""
        return selectors.linkable_people(self.request.user, under=account.unit if account is not None else None)

    def get(self, request, pk=None):
        account = self.get_user(pk)
        return render(request, self.template_name,
                      {"form": AccountForm(instance=account, roster=self.roster(account)), "account": account})

    def post(self, request, pk=None):
        account = self.get_user(pk)
        form = AccountForm(request.POST, instance=account, roster=self.roster(account))

        def save():
            data = form.cleaned_data
            unit = unit_with_code(data["unit_code"])
            if unit is None:
                raise ValidationError({"unit": f"单位代码 {data['unit_code']} 不存在"})
            if account is None:
                created = services.create_account(
                    actor=request.user, username=data["username"], password=data["password"],
                    role=data["role"], unit=unit, full_name=data["full_name"], phone=data["phone"],
                    email=data["email"], staff_member=data["staff_member"])
                return f"已新建账号「{created.username}」"
            services.update_account(
                actor=request.user, user=account, role=data["role"], unit=unit,
                full_name=data["full_name"], phone=data["phone"], email=data["email"],
                is_active=data["is_active"], staff_member=data["staff_member"])
            return f"已保存账号「{account.username}」"

        if ran := run_form(form, save, {"unit": "unit_code"}, default_field="password"):
            messages.success(request, ran.result)
            return redirect(reverse("accounts:user_list"))
        return render(request, self.template_name, {"form": form, "account": account}, status=400)


class RegistrationForm(RefusableFormMixin, Form):
    username = forms.RegexField(label="账号", max_length=150, regex=r"^[A-Za-z0-9_.@-]+$",
                                error_messages={"invalid": "账号只能包含字母、数字和 _ . @ -"},
                                help_text="登录时使用，如手机号码或拼音")
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.RegexField(label="手机号码", regex=r"^1\d{10}$",
                             error_messages={"invalid": "手机号码应为以1开头的11位数字"})
    password = forms.CharField(label="密码", widget=forms.PasswordInput,
                               help_text="至少10位，含小写字母、大写字母、数字、符号中的三类")
    password_again = forms.CharField(label="再次输入密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "两次输入的密码不一致")
        return data


class RegisterView(View):
    """Anyone may open an applicant account (no unit) to apply for posts online; staff accounts are made by
    administrators."""

    template_name = "accounts/register.html"

    def get(self, request):
        form = None if request.user.is_authenticated else RegistrationForm()
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        if request.user.is_authenticated:
            return render(request, self.template_name, {"form": None}, status=400)
        refused = _rate_refusal(request, RegistrationRateThrottle(), RegistrationForm, self.template_name)
        if refused is not None:
            return refused
        form = RegistrationForm(request.POST)

        def register():
            data = form.cleaned_data
            return services.create_account(
                actor=None, username=data["username"], password=data["password"], role=Role.APPLICANT,
                unit=None, full_name=data["full_name"], phone=data["phone"])

        if ran := run_form(form, register, default_field="password"):
            account = ran.result
            login(request, account, backend="sifasuo.accounts.backends.AccountBackend")
            messages.success(request, f"注册成功，欢迎您，{account.display_name}。请选择招聘公告和岗位报名。")
            return redirect(reverse("recruitment:open_list"))
        return render(request, self.template_name, {"form": form}, status=400)


class LockListView(CapabilityRequiredMixin, View):
    """登录锁定: the name-and-address pairs locked now (accounts in scope) and a button to lift each."""

    capability = "accounts.manage"
    template_name = "accounts/lock_list.html"

    def get(self, request):
        return render(request, self.template_name, {"locks": selectors.current_locks(user=request.user),
                                                    "limit": settings.AXES_FAILURE_LIMIT})

    def post(self, request):
        username = request.POST.get("username", "")
        address = request.POST.get("address") or None
        if run_step(request, lambda: services.lift_lock(actor=request.user, username=username, address=address)):
            messages.success(request, f"已解除账号「{username}」在 {address or '未知地址'} 的登录锁定。")
        return redirect(reverse("accounts:lock_list"))


class TokenListView(CapabilityRequiredMixin, View):
    """API 令牌: one's own live tokens (an administrator also those of the accounts in scope, `?user=`),
    a new one shown once, and revocation."""

    capability = "accounts.tokens"
    template_name = "accounts/token_list.html"

    def context(self, request, **extra):
        account = _account_or_404(request.user, request.GET["user"]) if request.GET.get("user", "").isdigit() else None
        return {"tokens": selectors.token_register(request.user, of=account), "account": account,
                "idle_hours": settings.REST_KNOX["TOKEN_TTL"].total_seconds() / 3600,
                "max_days": settings.REST_KNOX["AUTO_REFRESH_MAX_TTL"].days, **extra}

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        if "revoke" in request.POST:
            if ran := run_step(request, lambda: services.revoke_token(actor=request.user, token_id=request.POST["revoke"])):
                token = ran.result
                messages.success(request, f"已撤销令牌 {token.token_key[:8]}…（{token.user.username}）。")
            return redirect(request.get_full_path())
        if ran := run_step(request, lambda: services.issue_token(user=request.user,
                                                                 label=request.POST.get("label", "").strip())):
            return render(request, self.template_name, self.context(request, new_token=ran.result))
        return redirect(request.get_full_path())
