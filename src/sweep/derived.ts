/**
 * What a (p, q) setting means for an SBM, for the sweep summary and heat maps (REFERENCE.md §7,
 * the sparse-regime conventions of Decelle et al. 2011 and Abbe 2018):
 *   c_in = N·p, c_out = N·q                    (the sparse-regime degree parameters)
 *   c̄ = (c_in + (C − 1)·c_out)/C               (mean degree parameter)
 *   snr = (c_in − c_out)²/(C·c̄)
 *   ksRatio = (c_in − c_out)²/(C·(c_in + (C−1)·c_out)) — the Kesten–Stigum threshold is ksRatio = 1
 *             (detection by any algorithm possible above it, impossible for C = 2 below it)
 *   expected degrees with balanced classes n = N/C: within p·(n − 1), between q·(N − n)
 *   expected edge homophily h = within/(within + between) (fraction of edges inside a class)
 * p = q carries no class signal at all ("no signal").
 */
export interface SbmQuantities {
  noSignal: boolean;
  homophily: number;
  degIn: number;
  degOut: number;
  snr: number;
  ksRatio: number;
}

export function sbmQuantities(n: number, classes: number, p: number, q: number): SbmQuantities {
  const cIn = n * p, cOut = n * q;
  const cBar = (cIn + (classes - 1) * cOut) / classes;
  const nc = n / classes;
  const degIn = p * (nc - 1), degOut = q * (n - nc);
  const d2 = (cIn - cOut) ** 2;
  return {
    noSignal: p === q,
    homophily: degIn + degOut > 0 ? degIn / (degIn + degOut) : NaN,
    degIn, degOut,
    snr: cBar > 0 ? d2 / (classes * cBar) : NaN,
    ksRatio: cBar > 0 ? d2 / (classes * classes * cBar) : NaN,
  };
}
