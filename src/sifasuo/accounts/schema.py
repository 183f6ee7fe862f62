"""The API description of our token authentication (D45), so that the schema and Swagger UI show how to send
a token ("Authorization: Token <令牌>") as they did before knox; drf-spectacular's knox extension names
knox's class only, not ours."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "sifasuo.accounts.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "API 令牌：请求头 Authorization 写 “Token <令牌>”（令牌在“账号安全 · API 令牌”中签发）"}
