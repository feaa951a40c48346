/**
 * Plain gradient descent on the gUFM exactly as the reference (REFERENCE.md §4; Kothapalli, Tirer,
 * Bruna, NeurIPS 2023, gUFM experiments): step s uses graph k = s mod K and updates H_k, W1 and W2
 * from the same point,
 *
 *   (H_k, W1, W2) ← (H_k, W1, W2) − η · ∇_{H_k, W1, W2} loss_k.
 *
 * Correspondence with the gradient flow of F = (1/K) Σ_k loss_k (flow.ts): over one cycle of K steps
 * W moves by −η Σ_k ∇_W loss_k = −ηK ∇_W F and each H_k by −η ∇_{H_k} loss_k = −ηK ∇_{H_k} F, i.e.
 * one explicit-Euler step of length ηK on F. So GD step s sits at flow time t = s·η (to first order
 * in η; the cyclic order adds an O(η) drift that vanishes as η → 0 — tested against DOPRI5).
 * (For the flow of the SUM Σ_k loss_k the same argument gives t = s·η/K; gnc's flow is on the mean.)
 */
import { GncError } from "../util/errors.js";
import type { UfmObjective } from "./objective.js";

/** The loss reached Inf/NaN: carries where, so the run can keep its results and say so in one line. */
export class UfmDivergence extends GncError {
  constructor(readonly step: number, readonly loss: number, what: string) {
    super(`gnc/ufm: diverged at ${what}: the loss is ${loss} (lower the step size or the init scale)`);
  }
}

/** Flow time of GD step s with step size η (see banner). */
export function gdFlowTime(step: number, lr: number): number {
  return step * lr;
}

export function checkStepSize(lr: number): void {
  if (!(Number.isFinite(lr) && lr > 0)) throw new GncError(`gnc/ufm: the step size must be a finite number > 0, got ${lr}`);
}

/**
 * Run GD steps fromStep .. toStep−1 in place on the state (step s uses graph s mod K). Returns the
 * loss of the last step's graph before that step. Throws UfmDivergence when a loss is not finite
 * (the state is left at the point whose loss is not finite).
 */
export function gdSteps(obj: UfmObjective, state: Float64Array, lr: number, fromStep: number, toStep: number): number {
  checkStepSize(lr);
  const K = obj.K;
  let loss = NaN;
  let k = fromStep % K;
  for (let s = fromStep; s < toStep; s++) {
    loss = obj.gdStep(k, state, lr);
    if (!Number.isFinite(loss)) {
      throw new UfmDivergence(s, loss, `gradient-descent step ${s} (graph ${k})`);
    }
    if (++k === K) k = 0;
  }
  return loss;
}
