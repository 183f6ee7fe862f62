"""Token login for API clients (the same lock-out and per-address rate as the login page) and the scoped
account list."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from django.core.exceptions import ValidationError
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sifasuo.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet, ScopedViewSetMixin
from sifasuo.core.middleware import client_address

from .. import selectors, services
from ..lockout import LoginRateThrottle, lockout_message
from ..models import ApiToken, User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="账号")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)
    label = serializers.CharField(label="用途", max_length=100, required=False, allow_blank=True)
    otp_token = serializers.CharField(label="动态验证码", max_length=20, required=False, allow_blank=True,
                                      help_text="已启用两步验证的账号必填：验证器中的 6 位数字或一个恢复码")


class ObtainTokenView(APIView):
    """用账号和密码换取 API 令牌（请求头 Authorization: Token <令牌>）。

    令牌闲置 8 小时或自签发起 30 天后失效，修改密码或账号停用后立即失效。同一地址连续失败将暂时锁定该账号。
    已启用两步验证的账号须同时提供 otp_token。"""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=TokenRequestSerializer,
                   responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}))
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        username = form.validated_data["username"]
        # django-axes reads the request it is given (address, lock flag), here DRF's.
        user = authenticate(request, username=username, password=form.validated_data["password"])
        if user is None:
            if getattr(request, "axes_locked_out", False):
                seconds = selectors.lockout_remaining(username=username, address=client_address(request))
                return Response({"detail": lockout_message(seconds)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            return Response({"detail": "账号或密码错误。"}, status=status.HTTP_400_BAD_REQUEST)
        # D47: a token is no weaker than a page login.
        if user.two_factor_enabled:
            if services.verify_second_factor(user=user, code=form.validated_data.get("otp_token", "")) is None:
                return Response({"otp_token": ["动态验证码不正确或已使用过（已启用两步验证的账号须提供）。"]},
                                status=status.HTTP_400_BAD_REQUEST)
        elif user.two_factor_required:
            return Response({"detail": "该账号的角色须使用两步验证：请先登录网页设置两步验证，再获取令牌。"},
                            status=status.HTTP_403_FORBIDDEN)
        try:
            token = services.issue_token(user=user, label=form.validated_data.get("label", ""))
        except ValidationError as exc:
            return Response({"detail": exc.messages[0]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"token": token})


class UserSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "role_display", "unit", "is_active", "last_login"]


class UserViewSet(ScopedReadOnlyViewSet):
    """账号（仅管理员，限本单位及下级单位）。"""

    rows = staticmethod(selectors.account_register)
    serializer_class = UserSerializer
    filterset_fields = ["role", "is_active"]
    view_capability = "accounts.manage"
    edit_capability = "accounts.manage"


class ApiTokenSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    prefix = serializers.SerializerMethodField(label="令牌开头")

    class Meta:
        model = ApiToken
        fields = ["id", "username", "label", "prefix", "created", "expiry"]

    def get_prefix(self, token) -> str:
        return token.token_key[:8]


class ApiTokenViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                      viewsets.GenericViewSet):
    """API 令牌：本人的令牌；管理员另见本单位及下级单位账号的令牌。DELETE 撤销。"""

    rows = staticmethod(selectors.token_register)
    serializer_class = ApiTokenSerializer
    filterset_fields = ["user"]
    view_capability = "accounts.tokens"
    edit_capability = "accounts.tokens"

    def perform_destroy(self, instance):
        services.revoke_token(actor=self.request.user, token_id=instance.pk)
