"""Login, logout, password change, the account pages of administrators (within their scope), and the
public self-registration of applicant accounts."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View

from sifasuo.core.forms import apply_validation_error
from sifasuo.core.scoping import restrict
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedListView
from sifasuo.orgunits.models import OrgUnit

from . import selectors, services
from .forms import AccountForm, LoginForm, RefusableFormMixin
from .lockout import LoginRateThrottle, RegistrationRateThrottle
from .models import User
from .roles import Role


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


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="账号或姓名")
    role = django_filters.ChoiceFilter(choices=Role.choices, label="角色")
    is_active = django_filters.BooleanFilter(label="启用")

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))


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

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class UserFormView(CapabilityRequiredMixin, View):
    capability = "accounts.manage"
    model = User
    template_name = "accounts/user_form.html"

    def get_user(self, pk):
        if pk is None:
            return None
        return get_object_or_404(restrict(User.objects.select_related("unit"), self.request.user), pk=pk)

    def get(self, request, pk=None):
        account = self.get_user(pk)
        return render(request, self.template_name, {"form": AccountForm(instance=account), "account": account})

    def post(self, request, pk=None):
        account = self.get_user(pk)
        form = AccountForm(request.POST, instance=account)
        if form.is_valid():
            data = form.cleaned_data
            unit = OrgUnit.objects.filter(code=data["unit_code"].strip()).first()
            if unit is None:
                form.add_error("unit_code", f"单位代码 {data['unit_code']} 不存在")
            else:
                try:
                    if account is None:
                        account = services.create_account(
                            actor=request.user, username=data["username"], password=data["password"],
                            role=data["role"], unit=unit, full_name=data["full_name"], phone=data["phone"],
                            email=data["email"])
                        messages.success(request, f"已新建账号「{account.username}」")
                    else:
                        services.update_account(
                            actor=request.user, user=account, role=data["role"], unit=unit,
                            full_name=data["full_name"], phone=data["phone"], email=data["email"],
                            is_active=data["is_active"])
                        messages.success(request, f"已保存账号「{account.username}」")
                    return redirect(reverse("accounts:user_list"))
                except ValidationError as exc:
                    apply_validation_error(form, exc, {"unit": "unit_code"}, default_field="password")
        return render(request, self.template_name, {"form": form, "account": account}, status=400)


class RegistrationForm(RefusableFormMixin, forms.Form):
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
        throttle = RegistrationRateThrottle()
        if not throttle.allow(request):
            form = RegistrationForm(request.POST, refusal=throttle.message())
            form.is_valid()
            return render(request, self.template_name, {"form": form}, status=429)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                account = services.create_account(
                    actor=None, username=data["username"], password=data["password"], role=Role.APPLICANT,
                    unit=None, full_name=data["full_name"], phone=data["phone"])
            except ValidationError as exc:
                apply_validation_error(form, exc, default_field="password")
            else:
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
        try:
            services.lift_lock(actor=request.user, username=username, address=address)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已解除账号「{username}」在 {address or '未知地址'} 的登录锁定。")
        return redirect(reverse("accounts:lock_list"))


class TokenListView(CapabilityRequiredMixin, View):
    """API 令牌: one's own live tokens (an administrator also those of the accounts in scope, `?user=`),
    a new one shown once, and revocation."""

    capability = "accounts.tokens"
    template_name = "accounts/token_list.html"

    def context(self, request, **extra):
        tokens = selectors.visible_tokens(user=request.user)
        account = None
        if request.GET.get("user", "").isdigit():
            account = get_object_or_404(restrict(User.objects.all(), request.user), pk=request.GET["user"])
            tokens = tokens.filter(user=account)
        return {"tokens": tokens.order_by("-created"), "account": account,
                "idle_hours": settings.REST_KNOX["TOKEN_TTL"].total_seconds() / 3600,
                "max_days": settings.REST_KNOX["AUTO_REFRESH_MAX_TTL"].days, **extra}

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        if "revoke" in request.POST:
            try:
                token = services.revoke_token(actor=request.user, token_id=request.POST["revoke"])
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, f"已撤销令牌 {token.token_key[:8]}…（{token.user.username}）。")
            return redirect(request.get_full_path())
        try:
            token = services.issue_token(user=request.user, label=request.POST.get("label", "").strip())
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(request.get_full_path())
        return render(request, self.template_name, self.context(request, new_token=token))
