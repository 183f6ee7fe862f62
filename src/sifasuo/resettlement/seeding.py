"""Demo records of this module for `sifasuo seed`."""


def seed(*, scale: str, seed: int, log) -> str:
    return "安置帮教：无演示数据"
