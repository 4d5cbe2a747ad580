#!/usr/bin/env node
// `npm run seed -- --space demo --contacts 1000000`: realistic contacts for trying and benchmarking,
// into DATABASE_URL or the embedded database of DATA_DIR (Terrain must not be running on it).
'use strict';
const path = require('node:path');

require('./build').build();
process.setSourceMapsEnabled(true);
require(path.join(__dirname, '..', 'dist', 'bench', 'seed', 'seed-command.js'))
  .run(process.argv.slice(2))
  .then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
      process.exit(1);
    },
  );
