#!/usr/bin/env node
// `npm start`: compile what changed, then run the application in this same process.
'use strict';
const path = require('node:path');

try {
  require('./build').build();
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('The compiler (@swc/core) is missing: run `npm install` first.\n');
    process.exit(1);
  }
  throw error;
}
// Stack traces point at the TypeScript sources.
process.setSourceMapsEnabled(true);
require(path.join(__dirname, '..', 'dist', 'src', 'main.js'));
