"""Synthetic, realistic and reproducible situations for demos, tests and benchmarks."""

from .generator import END, START, generate, generate_dicts, iter_situations

__all__ = ["END", "START", "generate", "generate_dicts", "iter_situations"]
