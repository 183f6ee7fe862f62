"""Login, logout, password change, and the account pages of administrators (within their scope)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View

import django_filters

from sifasuo.core.forms import apply_validation_error
from sifasuo.core.scoping import restrict
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedListView
from sifasuo.orgunits.models import OrgUnit

from . import services
from .forms import AccountForm, LoginForm
from .models import User
from .roles import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        messages.success(self.request, "密码已修改。")
        return super().form_valid(form)


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

