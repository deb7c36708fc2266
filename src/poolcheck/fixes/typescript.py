"""Fixes in TypeScript and JavaScript, computed on tree-sitter's tree of the file."""
