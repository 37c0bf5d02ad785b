/**
 * @isotropic/sigreg: SIGReg (sketched isotropic Gaussian regularisation, the sliced
 * Epps–Pulley test) and the LeJEPA objective, exact to the official formulation, plus
 * label-free diagnostics of embedding collapse.
 */

export { covarianceSpectrum, embeddingCovariance } from './diagnostics/covariance-spectrum.js';
export {
  describeIsotropy,
  formatIsotropy,
  type IsotropyReport,
  isotropyReport,
} from './diagnostics/describe-isotropy.js';
export { effectiveRank } from './diagnostics/effective-rank.js';
export { symmetricEigenvalues } from './diagnostics/symmetric-eigenvalues.js';
export { type DirectionsOptions, sampleDirections } from './directions.js';
export { epsPulley } from './eps-pulley.js';
export { type QuadratureGrid, quadratureGrid } from './grid.js';
export { type LejepaLoss, lejepaLoss } from './lejepa.js';
export {
  type CentersMode,
  DEFAULT_KNOTS,
  DEFAULT_LAMBDA,
  DEFAULT_NUM_GLOBAL,
  DEFAULT_NUM_SLICES,
  DEFAULT_T_MAX,
  type EpsPulleyOptions,
  type LejepaOptions,
  type SigregOptions,
} from './options.js';
export { sigreg } from './sigreg.js';
export { sliceStatistics } from './slices.js';
