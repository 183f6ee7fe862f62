"""Demo records of this module for `sifasuo seed`."""


def seed(*, scale: str, seed: int, log) -> str:
    return "期限提醒：无演示数据"
