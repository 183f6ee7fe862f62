"""Token login for API clients (same lockout as the login page) and the scoped account list."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from sifasuo.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet
from sifasuo.core.middleware import client_address

from .. import services
from ..models import User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="账号")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


class ObtainTokenView(APIView):
    """用账号和密码换取 API 令牌（请求头 Authorization: Token <令牌>）。连续失败将暂时锁定账号。"""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenThrottle]

    @extend_schema(request=TokenRequestSerializer,
                   responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}))
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        username = form.validated_data["username"]
        remaining = services.lockout_remaining(username)
        if remaining:
            services.record_login_failure(username, client_address(request))
            return Response({"detail": services.lockout_message(remaining)}, status=status.HTTP_403_FORBIDDEN)
        user = authenticate(request._request, username=username, password=form.validated_data["password"])
        if user is None:
            return Response({"detail": "账号或密码错误。"}, status=status.HTTP_400_BAD_REQUEST)
        services.clear_login_failures(username)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class UserSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "role_display", "unit", "is_active", "last_login"]


class UserViewSet(ScopedReadOnlyViewSet):
    """账号（仅管理员，限本单位及下级单位）。"""

    queryset = User.objects.select_related("unit").order_by("username")
    serializer_class = UserSerializer
    filterset_fields = ["role", "is_active"]
    view_capability = "accounts.manage"
    edit_capability = "accounts.manage"
