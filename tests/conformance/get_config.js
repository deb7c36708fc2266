// Runs Prisma's own schema parser (@prisma/prisma-schema-wasm, get_config) over schema
// files and prints, per file, the errors' first lines and the datasources it extracted.
// Usage: node get_config.js <node_modules folder> <output.json> <file>...
const path = require('path');
const fs = require('fs');
// POOLCHECK_WASM: the package folder to load (default: Prisma 6's parser).
const wasm = require(path.join(process.argv[2], process.env.POOLCHECK_WASM || '@prisma/prisma-schema-wasm'));
const out = {};
for (const file of process.argv.slice(4)) {
  const schema = fs.readFileSync(file, 'utf8');  // as the CLI reads it: a BOM stays
  const params = JSON.stringify({
    prismaSchema: [['schema.prisma', schema]], datasourceOverrides: {}, ignoreEnvVarErrors: true, env: {},
  });
  let result;
  try { result = JSON.parse(wasm.get_config(params)); } catch (e) { result = { errors: [{ message: String(e.message || e) }] }; }
  out[file] = {
    errors: (result.errors || []).map((e) => e.message.split('\n')[0]),
    datasources: result.config ? result.config.datasources.map((d) => ({
      provider: d.provider,
      url: d.url || null, directUrl: d.directUrl || null, shadowDatabaseUrl: d.shadowDatabaseUrl || null,
    })) : [],
  };
}
fs.writeFileSync(process.argv[3], JSON.stringify(out));
