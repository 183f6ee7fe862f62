from django import forms
from django.contrib.auth.forms import AuthenticationForm

from sifasuo.core.forms import Form

from . import selectors
from .models import User
from .roles import Role


class RefusableFormMixin:
    """A form refused as a whole before its data is checked (a login lock, a rate limit): it shows the
    reason with what was typed, and nothing is authenticated or saved."""

    def __init__(self, *args, refusal: str | None = None, **kwargs):
        self.refusal = refusal
        super().__init__(*args, **kwargs)

    def clean(self):
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="refused")
        return super().clean()


class LoginForm(RefusableFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "账号或密码错误，请重新输入。",
        "inactive": "该账号已停用，请联系管理员。",
    }


class AccountForm(Form):
    username = forms.RegexField(label="账号", max_length=150, regex=r"^[A-Za-z0-9_.@-]+$",
                                error_messages={"invalid": "账号只能包含字母、数字和 _ . @ -"})
    staff_member = forms.ModelChoiceField(label="花名册人员", queryset=None, required=False,
                                          help_text="本人在工作人员花名册上的登记；选择后账号姓名即花名册上的姓名")
    full_name = forms.CharField(label="姓名", max_length=50, required=False,
                                help_text="不在花名册上的人员（如局机关人员）填写姓名")
    role = forms.ChoiceField(label="角色", choices=[c for c in Role.choices if c[0] != Role.APPLICANT])
    unit_code = forms.CharField(label="所属单位代码", max_length=12)
    phone = forms.RegexField(label="手机号码", regex=r"^1\d{10}$", required=False,
                             error_messages={"invalid": "手机号码应为以1开头的11位数字"})
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, required=False,
                               help_text="新建账号时必填；至少10位，含小写字母、大写字母、数字、符号中的三类")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, instance: User | None = None, roster=None, **kwargs):
        """`roster`: the serving staff the administrator may link (read through the scope by the view)."""
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "username": instance.username, "full_name": instance.full_name, "role": instance.role,
                "staff_member": instance.staff_member_id,
                "unit_code": instance.unit.code if instance.unit else "", "phone": instance.phone,
                "email": instance.email, "is_active": instance.is_active,
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            self.fields["password"].required = True
        staff = self.fields["staff_member"]
        staff.queryset = roster if roster is not None else selectors.no_people()
        staff.label_from_instance = lambda m: f"{m.full_name}（{m.unit.name}）"

    def clean(self):
        data = super().clean()
        if not data.get("staff_member") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", "请填写姓名，或从花名册选择人员")
        return data
