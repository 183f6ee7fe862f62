"""Every roster staff type has a name in the policies' vocabulary, so quota reasoning never shows a code."""

from sifasuo import policy as engine
from sifasuo.staff.choices import StaffType


def test_every_staff_type_is_named_by_the_policies():
    for name in engine.available():
        vocabulary = engine.load_named(name).vocabulary
        for code, label in StaffType.choices:
            assert vocabulary.name("staff_type", code) != code, f"{name}: 人员类别 {code}（{label}）没有名称"
