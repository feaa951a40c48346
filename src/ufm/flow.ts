/**
 * The gradient flow dθ/dt = −∇F(θ) of the full gUFM objective F = (1/K) Σ_k loss_k (objective.ts;
 * θ = all H_k, W1, W2 as one state vector), integrated by the embedded Runge–Kutta pair of Dormand &
 * Prince 5(4) with the FSAL property and PI step-size control, as in Hairer, Nørsett & Wanner,
 * "Solving Ordinary Differential Equations I", 2nd ed., §II.4–II.5 and their DOPRI5 code:
 *
 *   err = sqrt( (1/n) Σ_i (ê_i / (atol + rtol·max(|y0_i|, |y1_i|)))² ),  ê = h Σ_j e_j k_j,
 *   accepted when err ≤ 1; h_new = h / clamp(err^{0.2−0.75β} · err_old^{−β} / 0.9, 1/10, 5), β = 0.04
 *   (after a rejection the step may not grow). The initial step is Hairer's hinit heuristic.
 *
 * Each step costs 6 gradient evaluations (the 7th stage is the next step's first: FSAL); rejected
 * steps cost 6 too. `gradEvals` counts every evaluation of ∇F, so it compares directly with GD
 * steps (one GD step = one per-graph gradient = 1/K of a ∇F evaluation; the benchmark states both).
 * `advanceTo(t)` lands exactly on t (the last step is shortened, the controller's proposal kept), so
 * metrics are taken at the same flow times a GD run passes through (t = s·η, gd.ts).
 */
import { GncError } from "../util/errors.js";
import { UfmDivergence } from "./gd.js";
import type { UfmObjective } from "./objective.js";

// Dormand–Prince 5(4) tableau (Hairer–Nørsett–Wanner, Table II.5.2).
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
// Error coefficients: b (5th order) − b̂ (4th order).
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
void C2; void C3; void C4; void C5; // autonomous system: the nodes c_i are not needed

const SAFE = 0.9, FAC_MIN = 0.2, FAC_MAX = 10, BETA = 0.04, EXPO1 = 0.2 - BETA * 0.75;

export interface FlowOptions {
  rtol: number;
  atol: number;
  /** Initial step (default: Hairer's hinit). */
  h0?: number;
  /** Give up when this many steps (accepted + rejected) are taken inside one advanceTo (default 1e7). */
  maxSteps?: number;
}

/** What a checkpoint needs to continue the integration bit-exactly (with the state vector). */
export interface FlowCheckpoint {
  t: number;
  h: number;
  errOld: number;
  accepted: number;
  rejected: number;
  gradEvals: number;
}

export class Dopri5 {
  t = 0;
  /** Proposed size of the next step. */
  h: number;
  accepted = 0;
  rejected = 0;
  gradEvals = 0;
  /** F at the current state. */
  loss: number;
  private errOld = 1e-4;
  private readonly n: number;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;
  private readonly y1: Float64Array;
  private readonly tmp: Float64Array;

  /**
   * Start (or, with `resume`, continue) the flow from `state` (modified in place as the flow
   * advances). The derivative at the start is evaluated here; on resume it is not counted again.
   */
  constructor(readonly obj: UfmObjective, readonly state: Float64Array, readonly opts: FlowOptions, resume?: FlowCheckpoint) {
    if (!(opts.rtol > 0 && Number.isFinite(opts.rtol)) || !(opts.atol > 0 && Number.isFinite(opts.atol))) {
      throw new GncError(`gnc/ufm: rtol and atol must be finite numbers > 0, got ${opts.rtol} and ${opts.atol}`);
    }
    this.n = state.length;
    const mk = () => new Float64Array(this.n);
    this.k1 = mk(); this.k2 = mk(); this.k3 = mk(); this.k4 = mk(); this.k5 = mk(); this.k6 = mk(); this.k7 = mk();
    this.y1 = mk(); this.tmp = mk();
    this.loss = this.deriv(state, this.k1);
    if (!Number.isFinite(this.loss)) throw new UfmDivergence(0, this.loss, "flow time 0");
    if (resume) {
      Object.assign(this, { t: resume.t, h: resume.h, errOld: resume.errOld, accepted: resume.accepted, rejected: resume.rejected, gradEvals: resume.gradEvals });
      this.h = resume.h;
    } else {
      this.h = opts.h0 ?? this.initialStep();
    }
  }

  checkpoint(): FlowCheckpoint {
    return { t: this.t, h: this.h, errOld: this.errOld, accepted: this.accepted, rejected: this.rejected, gradEvals: this.gradEvals };
  }

  /** out = −∇F(y); returns F(y). */
  private deriv(y: Float64Array, out: Float64Array): number {
    const F = this.obj.fullGrad(y, out);
    for (let i = 0; i < this.n; i++) out[i] = -out[i];
    this.gradEvals++;
    return F;
  }

  private weightedNorm(a: Float64Array, ref: Float64Array): number {
    const { rtol, atol } = this.opts;
    let s = 0;
    for (let i = 0; i < this.n; i++) {
      const v = a[i] / (atol + rtol * Math.abs(ref[i]));
      s += v * v;
    }
    return Math.sqrt(s / this.n);
  }

  /** Hairer's starting step (HNW I, §II.4, "starting step size"), order 5. */
  private initialStep(): number {
    const y = this.state, f0 = this.k1, y1 = this.y1, f1 = this.k2;
    const d0 = this.weightedNorm(y, y), d1 = this.weightedNorm(f0, y);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
    for (let i = 0; i < this.n; i++) y1[i] = y[i] + h0 * f0[i];
    const F1 = this.deriv(y1, f1);
    if (!Number.isFinite(F1)) return h0 * 1e-3;
    for (let i = 0; i < this.n; i++) this.tmp[i] = f1[i] - f0[i];
    const d2 = this.weightedNorm(this.tmp, y) / h0;
    const dm = Math.max(d1, d2);
    const h1 = dm <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dm, 1 / 5);
    return Math.min(100 * h0, h1);
  }

  /**
   * Integrate to flow time tEnd (≥ t), landing on it exactly. With `budget`, return after that many
   * attempted steps (false: tEnd not reached yet; call again — the step sequence is the same as one
   * uninterrupted call). A non-finite F only ever gives rejected steps (the state stays at the last
   * finite point) until the step size underflows, which is reported as a GncError.
   */
  advanceTo(tEnd: number, budget = Infinity): boolean {
    const maxSteps = this.opts.maxSteps ?? 1e7;
    let taken = 0;
    const y = this.state, y1 = this.y1, tmp = this.tmp;
    const { k1, k2, k3, k4, k5, k6, k7 } = this;
    const n = this.n;
    while (this.t < tEnd) {
      if (taken >= budget) return false;
      if (++taken > maxSteps) throw new GncError(`gnc/ufm: the flow integrator took more than ${maxSteps} steps without reaching time ${tEnd}`);
      const remaining = tEnd - this.t;
      const last = this.h >= remaining * (1 - 1e-12);
      const h = last ? remaining : this.h;
      if (!(h > 0) || this.t + h === this.t) throw new GncError(`gnc/ufm: the flow step size underflowed at time ${this.t} (h = ${h})`);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * A21 * k1[i];
      this.deriv(tmp, k2);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
      this.deriv(tmp, k3);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
      this.deriv(tmp, k4);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
      this.deriv(tmp, k5);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
      this.deriv(tmp, k6);
      for (let i = 0; i < n; i++) y1[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
      const F1 = this.deriv(y1, k7);
      // Error estimate (HNW's DOPRI5: scale by max(|y0|, |y1|)).
      const { rtol, atol } = this.opts;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
        const sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
        s += (e / sk) * (e / sk);
      }
      let err = Math.sqrt(s / n);
      if (!Number.isFinite(F1) || Number.isNaN(err)) err = Infinity;
      const fac11 = Math.pow(err, EXPO1);
      if (err <= 1) {
        let fac = fac11 / Math.pow(this.errOld, BETA);
        fac = Math.max(1 / FAC_MAX, Math.min(1 / FAC_MIN, fac / SAFE));
        const hNew = h / fac;
        this.errOld = Math.max(err, 1e-4);
        y.set(y1);
        k1.set(k7);
        this.t = last ? tEnd : this.t + h;
        this.loss = F1;
        this.accepted++;
        // A shortened last step keeps the controller's larger proposal for the next interval.
        this.h = last ? Math.max(hNew, this.h) : hNew;
      } else {
        this.rejected++;
        this.h = err === Infinity ? h * FAC_MIN : h / Math.min(1 / FAC_MIN, fac11 / SAFE);
      }
    }
    return true;
  }
}
