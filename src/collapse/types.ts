/**
 * Shared shapes of the collapse metrics (REFERENCE.md §3). Features are row-major N×d (one row per
 * node), stored in a Float64Array or Float32Array; every computation inside collapse/ is float64.
 */

/** A dense row-major matrix: element (i, j) is data[i * cols + j]. */
export interface Matrix {
  data: Float64Array | Float32Array;
  rows: number;
  cols: number;
}

/** Every per-graph metric gnc reports, keyed by the column names used in CSV/JSON output. */
export interface CollapseMetrics {
  /** Tr(Σ_W Σ_B⁺)/C (Papyan et al. 2020). */
  nc1: number;
  /** Tr Σ_W / Tr Σ_B (Kothapalli et al. 2023). */
  nc1Tilde: number;
  trSigmaW: number;
  trSigmaB: number;
  /** NC2 on the centred class means (C×d). */
  nc2EtfError: number;
  nc2OfError: number;
  nc2Equinorm: number;
  nc2Equiangularity: number;
  /** Present only when a classifier is given. */
  nc2WEtfError?: number;
  nc2WOfError?: number;
  nc3SelfDuality?: number;
  nc3EtfError?: number;
  nc3OfError?: number;
  nc4NccAgreement?: number;
  snr?: number;
}
