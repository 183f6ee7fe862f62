"""Demo records of this module for `sifasuo seed`."""


def seed(*, scale: str, seed: int, log) -> str:
    return "社区矫正：无演示数据"
