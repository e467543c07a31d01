import { expose } from 'comlink';
import { installCodedErrorTransfer } from '../shared/coded-errors';
import { api } from './api';
import { loadSqlite } from './tab/open-database';

// The database worker: one per tab. It owns SQLite; the UI talks to it only through `api`.
installCodedErrorTransfer();
expose(api);
// SQLite's WebAssembly compiles while the start claims the database (any failure is the start's to report).
loadSqlite().catch(() => undefined);
