import { parseMigrationFiles } from '../migrate';

/**
 * Every numbered migration, bundled at build time as text. Imported rather than fetched so the
 * app needs no network to upgrade its own database, and no `eval` (the CSP forbids it).
 */
const files = import.meta.glob<string>('./*.sql', { query: '?raw', import: 'default', eager: true });

export const MIGRATIONS = parseMigrationFiles(files);
