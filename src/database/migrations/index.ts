import { EnableSearchExtensionsAndSessions1795446981271 } from './1795446981271-enable-search-extensions-and-sessions';
import { CreateCommunityTables1795448140801 } from './1795448140801-create-community-tables';
import { CreateContactsTables1795451226281 } from './1795451226281-create-contacts-tables';

/** Every migration, oldest first. A test checks that each file of this folder is listed. */
export const MIGRATIONS = [
  EnableSearchExtensionsAndSessions1795446981271,
  CreateCommunityTables1795448140801,
  CreateContactsTables1795451226281,
];
