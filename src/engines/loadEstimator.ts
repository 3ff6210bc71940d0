import { lazyModule } from '../lazy';
import type * as EstimatorModule from './estimator';

/** The scan estimator (and its Parquet footer reader), bundled apart and loaded on first use. */
export const loadEstimator = lazyModule<typeof EstimatorModule>(__dirname, 'estimate.js', 'estimator.js');
