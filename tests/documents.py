"""Shared helpers of the Word/PDF tests (core/documents.py)."""

from __future__ import annotations

import os

import pytest

from sifasuo.core.documents import soffice_path


def need_libreoffice() -> None:
    """The PDF tests run wherever LibreOffice is installed; in CI (which installs it) its absence fails."""
    if soffice_path() is None:
        reason = ("LibreOffice (soffice) is not installed: `make doc-deps` installs libreoffice-writer-nogui and "
                  "fonts-wqy-microhei")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def without_libreoffice(monkeypatch, tmp_path) -> None:
    """This process finds no soffice/libreoffice command: PATH is an empty directory."""
    monkeypatch.setenv("PATH", str(tmp_path))
