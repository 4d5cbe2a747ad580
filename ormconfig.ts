import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

// The data source the TypeORM command line uses (migration:generate, migration:show).
// It runs compiled (`npm run build` first) against DATABASE_URL.
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to the database the TypeORM command line should use.');

export default new DataSource(
  dataSourceOptions({
    url,
    poolSize: 2,
    entities: [join(__dirname, 'src/**/*.entity.js')],
  }),
);
