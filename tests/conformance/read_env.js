// Reads .env files with the real Node readers and writes, per file, what each gives:
//   dotenv   dotenv.parse() of the pinned dotenv (what a Node app's `import "dotenv/config"` sets)
//   prisma   Prisma's own loader (@prisma/internals tryLoadEnvs: its bundled dotenv and the
//            expander Prisma vendors), started from an empty process.env for every file
// Usage: node read_env.js <node_modules folder> <output.json> <file>...
const path = require('path');
const fs = require('fs');
const modules = process.argv[2];
const dotenv = require(path.join(modules, 'dotenv'));
const { tryLoadEnvs } = require(path.join(modules, '@prisma/internals'));
const before = new Set(Object.keys(process.env));
const out = {};
for (const file of process.argv.slice(4)) {
  for (const key of Object.keys(process.env)) if (!before.has(key)) delete process.env[key];
  const entry = { dotenv: dotenv.parse(fs.readFileSync(file)) };
  try {
    const loaded = tryLoadEnvs({ rootEnvPath: file, schemaEnvPath: null }, { conflictCheck: 'none' });
    entry.prisma = loaded ? loaded.parsed : {};
  } catch (e) {
    entry.prisma = null;
    entry.prisma_error = String(e && e.name);
  }
  out[file] = entry;
}
fs.writeFileSync(process.argv[3], JSON.stringify(out));
