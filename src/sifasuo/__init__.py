"""司法所综合管理平台 (sifasuo): grassroots judicial administration platform."""

__version__ = "0.1.0"
