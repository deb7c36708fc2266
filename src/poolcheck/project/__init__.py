"""The project around the files: roots (the one walk to the repository top), package
files (Prisma version, runtime, lockfiles), env resolution, schema location, and the
per-root context the project rules read. Import from the modules: `roots`, `packages`,
`env`, `schema`, `context`."""
