import type { BenchSizes } from '../../shared/options';
import type { RawResults } from '../raw-results';
import type { Row } from '../report-model';
import { bundleRows, documentRows } from './asset-rows';
import { storeRows } from './repository-rows';
import { searchRows } from './search-rows';
import { startupRows } from './startup-rows';

/** Turns raw measurements into report rows, in the order the report shows them. */
export function buildRows(raw: RawResults, sizes: BenchSizes): Row[] {
  return [
    ...storeRows(raw, sizes),
    ...startupRows(raw, sizes),
    ...searchRows(raw, sizes),
    ...documentRows(raw, sizes),
    ...bundleRows(raw),
  ];
}
