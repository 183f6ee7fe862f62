"""Spreadsheets in and out: the one writer of every .xlsx and .csv export (writer.py, D42)."""
