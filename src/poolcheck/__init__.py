"""poolcheck: static analysis that stops Prisma connection-pool exhaustion."""

__version__ = "0.1.0"
