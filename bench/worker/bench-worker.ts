import { expose } from 'comlink';
import { benchApi } from './bench-api';

// The bench worker: the app's database code and the benchmark's steps, driven through Comlink.
expose(benchApi);
