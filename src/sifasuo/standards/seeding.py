"""Demo records of this module for `sifasuo seed`."""


def seed(*, scale: str, seed: int, log) -> str:
    return "规范化建设：无演示数据"
