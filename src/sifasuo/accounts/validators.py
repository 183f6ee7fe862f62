"""Password strength beyond Django's built-in checks."""

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """A password must mix at least three of: lower-case letters, upper-case letters, digits, symbols."""

    min_classes = 3

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                "密码强度不足：需至少包含小写字母、大写字母、数字、符号中的三类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return "密码需至少包含小写字母、大写字母、数字、符号中的三类。"
