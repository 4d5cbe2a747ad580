#!/usr/bin/env node
// `npm run bench -- <name>`: compiles, then runs bench/<name>.bench.ts, which prints its figures.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const name = process.argv[2];
const benchDir = path.join(__dirname, '..', 'bench');
const available = fs
  .readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
if (!name || !available.includes(name)) {
  process.stderr.write(`Usage: npm run bench -- <name>\nAvailable: ${available.join(', ')}\n`);
  process.exit(2);
}
require('./build').build();
process.setSourceMapsEnabled(true);
require(path.join(__dirname, '..', 'dist', 'bench', `${name}.bench.js`))
  .run(process.argv.slice(3))
  .then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
      process.exit(1);
    },
  );
