"""The API's request parsers (settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

from __future__ import annotations

from rest_framework import exceptions, parsers

from .middleware import nul_field, nul_message


def _refuse_nul(data):
    field = nul_field(data)
    if field is not None:
        raise exceptions.ParseError(nul_message(field))
    return data


class ObjectJSONParser(parsers.JSONParser):
    """JSON bodies are objects ({"field": value}): every endpoint reads named fields, and a list or a bare
    value is answered 400 in Chinese rather than failing somewhere inside the view."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError("请求内容应为 JSON 对象，如 {\"字段\": 值}")
        return _refuse_nul(data)


class FormParser(parsers.FormParser):
    """Form bodies (PUT and PATCH; a POST's form is checked by core.middleware.RejectNulMiddleware)
    without NUL characters."""

    def parse(self, stream, media_type=None, parser_context=None):
        return _refuse_nul(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    """Multipart bodies: the fields (not the files) without NUL characters."""

    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _refuse_nul(result.data)
        return result
