"""Password strength beyond Django's built-in checks."""

from django.contrib.auth import password_validation
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


# Django 5.2 changed the wording of its built-in messages and the zh_Hans catalogue has not caught up,
# so the built-in checks would speak English: the same checks, with our Chinese messages.
class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码长度太短：至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与账号、姓名或邮箱过于相似。"

    def get_help_text(self):
        return "密码不能与账号、姓名或邮箱相似。"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "密码过于常见，容易被猜中。"

    def get_help_text(self):
        return "不能使用常见密码。"


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全部是数字。"

    def get_help_text(self):
        return "密码不能全部是数字。"
