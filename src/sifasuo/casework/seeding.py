"""Demo records of this module for `sifasuo seed`."""


def seed(*, scale: str, seed: int, log) -> str:
    return "登记簿与人民调解：无演示数据"
