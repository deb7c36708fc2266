"""Fixes in Python, computed on LibCST's tree of the file."""
