import type { ColdStart } from '../page/bench-page';
import type { AppOpenResult } from './app-open';
import type { BrowserResults } from './browser-bench';
import type { BundleSizes } from './bundle-sizes';
import type { NativeResults } from './native';
import type { Outcome } from './outcome';

/** Everything a run measured, before it is turned into report rows. */
export interface RawResults {
  native: Outcome<NativeResults>;
  browser: Outcome<BrowserResults>;
  cold: Outcome<ColdStart[]>;
  appOpen: Outcome<AppOpenResult>;
  bundle: Outcome<BundleSizes>;
}
