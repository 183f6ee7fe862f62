"""The API's request parsers (settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

from __future__ import annotations

from rest_framework import exceptions, parsers


class ObjectJSONParser(parsers.JSONParser):
    """JSON bodies are objects ({"field": value}): every endpoint reads named fields, and a list or a bare
    value is answered 400 in Chinese rather than failing somewhere inside the view."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError("请求内容应为 JSON 对象，如 {\"字段\": 值}")
        return data
