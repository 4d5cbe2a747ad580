#!/usr/bin/env node
// Compiles TypeScript to dist/ with swc (no type check: `npm run typecheck` does that).
// Incremental: only files newer than their output are compiled, and outputs whose source
// was deleted are removed, so `npm start` on an up-to-date tree costs a few milliseconds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'dist');
// test/support and test/factories are compiled too: benchmarks and the seed reuse them.
const SOURCES = ['src', 'bench', 'test/support', 'test/factories', 'ormconfig.ts'];
const SKIP = /\.(spec|e2e-spec|browser-spec|smoke-spec)\.ts$|\.d\.ts$/;

function listSources(entry) {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [entry];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((child) => {
    const rel = path.join(entry, child.name);
    if (child.isDirectory()) return listSources(rel);
    return child.name.endsWith('.ts') && !SKIP.test(child.name) ? [rel] : [];
  });
}

function listOutputs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((child) => {
    const full = path.join(dir, child.name);
    return child.isDirectory() ? listOutputs(full) : [full];
  });
}

function build({ quiet = false } = {}) {
  const sources = SOURCES.flatMap(listSources);
  const expected = new Set();
  const stale = [];
  for (const source of sources) {
    const output = path.join(OUT, source.replace(/\.ts$/, '.js'));
    expected.add(output);
    expected.add(`${output}.map`);
    const sourceTime = fs.statSync(path.join(ROOT, source)).mtimeMs;
    if (!fs.existsSync(output) || fs.statSync(output).mtimeMs < sourceTime) stale.push([source, output]);
  }
  let removed = 0;
  for (const output of listOutputs(OUT)) {
    if (!expected.has(output)) {
      fs.rmSync(output);
      removed++;
    }
  }
  if (stale.length > 0) {
    const swc = require('@swc/core');
    const options = JSON.parse(fs.readFileSync(path.join(ROOT, '.swcrc'), 'utf8'));
    delete options.$schema;
    for (const [source, output] of stale) {
      const result = swc.transformFileSync(path.join(ROOT, source), {
        ...options,
        swcrc: false,
        filename: path.join(ROOT, source),
        sourceFileName: path.relative(path.dirname(output), path.join(ROOT, source)),
      });
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, `${result.code}\n//# sourceMappingURL=${path.basename(output)}.map\n`);
      if (result.map) fs.writeFileSync(`${output}.map`, result.map);
    }
  }
  if (!quiet && (stale.length > 0 || removed > 0)) {
    process.stderr.write(`compiled ${stale.length} file(s), removed ${removed} stale output(s)\n`);
  }
  return stale.length;
}

module.exports = { build };

if (require.main === module) build();
