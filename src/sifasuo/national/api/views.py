"""The receiving end of the national roll-up: POST /api/national/submissions/ with a per-province key."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..models import ProvinceKey

KEYWORD = "Province-Key"


class ProvinceKeyAuthentication(BaseAuthentication):
    """`Authorization: Province-Key <key>`: the request comes from that province's installation."""

    def authenticate(self, request):
        parts = get_authorization_header(request).decode(errors="replace").split()
        if not parts or parts[0] != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("省级报送密钥格式不正确")
        province = services.province_for_key(parts[1])
        if province is None:
            raise exceptions.AuthenticationFailed("省级报送密钥无效或已停用")
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser(), province


class FromProvince(BasePermission):
    message = "需要省级报送密钥（请求头 Authorization: Province-Key <密钥>）"

    def has_permission(self, request, view):
        return isinstance(request.auth, ProvinceKey)


class SubmissionView(APIView):
    """接收一个省一个月的汇总数据（各单位数值与审核通过的月报）。同一内容重复报送不改变任何数据。"""

    authentication_classes = [ProvinceKeyAuthentication]
    permission_classes = [FromProvince]

    @extend_schema(request=None, responses={200: OpenApiResponse(description="已接收或内容未变"),
                                            400: OpenApiResponse(description="拒收：原因逐条列出")})
    def post(self, request):
        try:
            answer = services.accept(province=request.auth, payload=request.data)
        except ValidationError as exc:
            return Response({"detail": f"拒收：{exc.messages[0]}", "errors": exc.messages}, status=400)
        return Response(answer)
