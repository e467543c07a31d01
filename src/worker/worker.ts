import { expose } from 'comlink';
import { installCodedErrorTransfer } from '../shared/coded-errors';
import { api } from './api';

// The database worker: one per tab. It owns SQLite; the UI talks to it only through `api`.
installCodedErrorTransfer();
expose(api);
