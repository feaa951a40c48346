/**
 * NC3, self-duality of the classifier and the class means (REFERENCE.md §3).
 * Shapes: W is d×C (gnc stores weights d_in×d_out, row features: logits = F·W), M is C×d.
 *
 *   nc3SelfDuality(W, M) = ‖Wᵀ/‖W‖_F − M/‖M‖_F‖_F      (Papyan et al. 2020, NC3; the reference code's
 *                                                       "W–H alignment")
 *   nc3EtfError(W, M)    = ‖P/‖P‖_F − (I − 11ᵀ/C)/√(C−1)‖_F,  P = M·W (C×C)
 *   nc3OfError(W, M)     = ‖P/‖P‖_F − I/√C‖_F
 *
 * P = M·W is the transpose of the paper's W·Mᵀ (column convention); the targets are symmetric so
 * the errors are the same. Papyan et al. use centred means; the reference code (Kothapalli et al.
 * 2023) uses uncentred means for all three — pass whichever M you mean. collapseMetrics() uses
 * centred means for self-duality and the ETF form, uncentred for the OF form (an orthogonal frame
 * is a statement about uncentred means; centring an OF yields an ETF). Zero W or M → the normalised
 * matrix is taken as 0 (self-duality then equals the other term's unit norm, frame errors 1).
 */
import { GncError } from "../util/errors.js";
import type { Matrix } from "./types.js";
import { checkMatrix } from "./validate.js";
import { frobenius } from "./linalg.js";
import { etfTarget, frameErrorOfGram, ofTarget } from "./nc2.js";

function checkPair(W: Matrix, M: Matrix): void {
  checkMatrix(W, "classifier W (d×C)");
  checkMatrix(M, "class means M (C×d)");
  if (W.rows !== M.cols || W.cols !== M.rows) {
    throw new GncError(`gnc/collapse: classifier W is ${W.rows}×${W.cols} but class means are ${M.rows}×${M.cols} (expected W d×C with M C×d)`);
  }
  if (M.rows < 2) throw new GncError(`gnc/collapse: NC3 needs at least 2 classes, got ${M.rows}`);
}

/** ‖Wᵀ/‖W‖_F − M/‖M‖_F‖_F for W d×C and M C×d (Papyan et al. 2020). */
export function nc3SelfDuality(W: Matrix, M: Matrix): number {
  checkPair(W, M);
  const d = W.rows, C = W.cols;
  const nw = frobenius(W.data), nm = frobenius(M.data);
  const iw = nw > 0 ? 1 / nw : 0, im = nm > 0 ? 1 / nm : 0;
  let s = 0;
  for (let c = 0; c < C; c++) {
    for (let a = 0; a < d; a++) {
      const e = W.data[a * C + c] * iw - M.data[c * d + a] * im;
      s += e * e;
    }
  }
  return Math.sqrt(s);
}

/** P = M·W, C×C. */
function product(W: Matrix, M: Matrix): Float64Array {
  const d = W.rows, C = W.cols;
  const P = new Float64Array(C * C);
  for (let c = 0; c < C; c++) {
    for (let e = 0; e < C; e++) {
      let acc = 0;
      for (let a = 0; a < d; a++) acc += M.data[c * d + a] * W.data[a * C + e];
      P[c * C + e] = acc;
    }
  }
  return P;
}

/** ETF error of M·W (C×C), the reference code's "(W H, ETF)" form. */
export function nc3EtfError(W: Matrix, M: Matrix): number {
  checkPair(W, M);
  const [a, b] = etfTarget(W.cols);
  return frameErrorOfGram(product(W, M), W.cols, a, b);
}

/** Orthogonal-frame error of M·W (C×C), the reference code's "(W H, OF)" form. */
export function nc3OfError(W: Matrix, M: Matrix): number {
  checkPair(W, M);
  const [a, b] = ofTarget(W.cols);
  return frameErrorOfGram(product(W, M), W.cols, a, b);
}
