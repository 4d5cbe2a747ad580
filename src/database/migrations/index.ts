import { EnableSearchExtensionsAndSessions1795446981271 } from './1795446981271-enable-search-extensions-and-sessions';

/** Every migration, oldest first. A test checks that each file of this folder is listed. */
export const MIGRATIONS = [EnableSearchExtensionsAndSessions1795446981271];
