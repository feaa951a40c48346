import { describe, expect, it } from "vitest";
import { UfmObjective, type UfmSpec } from "../../src/ufm/objective.js";
import { gdSteps, UfmDivergence } from "../../src/ufm/gd.js";
import { Dopri5 } from "../../src/ufm/flow.js";
import { Rng } from "../../src/util/rng.js";
import { randomState, smallGraphs } from "./reference.js";

const spec: UfmSpec = { dim: 4, classes: 2, useW1: true, aggregation: "mean", lambdaW1: 5e-3, lambdaW2: 5e-3, lambdaH: 5e-3 };

function problem(seed = 1) {
  const obj = new UfmObjective(smallGraphs(3, 14, 2, seed), spec);
  return { obj, x0: randomState(obj.size, Rng.seeded(seed + 100)) };
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0, n = 0;
  for (let i = 0; i < a.length; i++) { s += (a[i] - b[i]) ** 2; n += b[i] ** 2; }
  return Math.sqrt(s / n);
}

describe("gradient descent", () => {
  it("each step lowers its graph's loss, and F falls every cycle, for a small step", () => {
    const { obj, x0 } = problem();
    const x = x0.slice();
    let F = obj.fullLoss(x);
    for (let s = 0; s < 600; s++) {
      const k = s % obj.K;
      const before = obj.lossGraph(k, x);
      gdSteps(obj, x, 0.02, s, s + 1);
      expect(obj.lossGraph(k, x)).toBeLessThanOrEqual(before);
      if (k === obj.K - 1) {
        const F1 = obj.fullLoss(x);
        expect(F1).toBeLessThanOrEqual(F);
        F = F1;
      }
    }
    expect(F).toBeLessThan(0.5 * obj.fullLoss(x0));
  });

  it("gdSteps over a range equals single steps (graph s mod K)", () => {
    const { obj, x0 } = problem(2);
    const a = x0.slice(), b = x0.slice();
    gdSteps(obj, a, 0.1, 5, 25);
    for (let s = 5; s < 25; s++) obj.gdStep(s % obj.K, b, 0.1);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("rejects a non-positive or non-finite step and reports a divergence with its step", () => {
    const { obj, x0 } = problem(3);
    expect(() => gdSteps(obj, x0.slice(), 0, 0, 1)).toThrow(/gnc\/ufm: the step size must be a finite number > 0, got 0/);
    expect(() => gdSteps(obj, x0.slice(), -0.1, 0, 1)).toThrow(/> 0, got -0.1/);
    expect(() => gdSteps(obj, x0.slice(), NaN, 0, 1)).toThrow(/> 0/);
    const x = x0.slice();
    let err: unknown;
    try { gdSteps(obj, x, 50, 0, 10_000); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(UfmDivergence);
    const d = err as UfmDivergence;
    expect(d.message).toMatch(/^gnc\/ufm: diverged at gradient-descent step \d+ \(graph \d\): the loss is (Infinity|NaN)/);
    expect(d.step).toBeGreaterThan(0);
    expect(d.exitCode).toBe(2);
  });
});

describe("DOPRI5 gradient flow", () => {
  it("F is non-increasing along the flow and the step grows where the flow is slow", () => {
    const { obj, x0 } = problem(4);
    const x = x0.slice();
    const flow = new Dopri5(obj, x, { rtol: 1e-6, atol: 1e-9 });
    let F = flow.loss;
    const hs: number[] = [];
    for (let t = 1; t <= 200; t *= 2) {
      flow.advanceTo(t);
      expect(flow.t).toBe(t);
      expect(flow.loss).toBeLessThanOrEqual(F);
      expect(Math.abs(flow.loss - obj.fullLoss(x))).toBeLessThan(1e-15);
      F = flow.loss;
      hs.push(flow.h);
    }
    expect(hs[hs.length - 1]).toBeGreaterThan(10 * hs[0]);
    // 6 evaluations per attempted step, +1 initial, +1 for the starting-step heuristic.
    expect(flow.gradEvals).toBe(6 * (flow.accepted + flow.rejected) + 2);
  });

  it("converges at high order: the rtol 1e-6 solution agrees with rtol 1e-12 to ~1e-6", () => {
    const { obj, x0 } = problem(5);
    const a = x0.slice(), b = x0.slice();
    new Dopri5(obj, a, { rtol: 1e-6, atol: 1e-9 }).advanceTo(20);
    const fine = new Dopri5(obj, b, { rtol: 1e-12, atol: 1e-14 });
    fine.advanceTo(20);
    const e = distance(a, b);
    expect(e).toBeLessThan(1e-5);
    expect(e).toBeGreaterThan(0);
  });

  it("agrees with gradient descent at a tiny step (t = s·η), the gap shrinking linearly with η", () => {
    const { obj, x0 } = problem(6);
    const T = 2;
    const ref = x0.slice();
    new Dopri5(obj, ref, { rtol: 1e-11, atol: 1e-13 }).advanceTo(T);
    const gaps = [1e-3, 5e-4].map((lr) => {
      const x = x0.slice();
      gdSteps(obj, x, lr, 0, Math.round(T / lr));
      return distance(x, ref);
    });
    expect(gaps[0]).toBeLessThan(1e-2);
    expect(gaps[0] / gaps[1]).toBeGreaterThan(1.8);
    expect(gaps[0] / gaps[1]).toBeLessThan(2.2);
    // and moving away from the start matters: the flow went somewhere
    expect(distance(x0, ref)).toBeGreaterThan(20 * gaps[0]);
  });

  it("resumes from a checkpoint bit-exactly", () => {
    const { obj, x0 } = problem(7);
    const a = x0.slice();
    const fa = new Dopri5(obj, a, { rtol: 1e-7, atol: 1e-9 });
    fa.advanceTo(10);
    fa.advanceTo(30);
    const b = x0.slice();
    const fb = new Dopri5(obj, b, { rtol: 1e-7, atol: 1e-9 });
    fb.advanceTo(10);
    const ck = fb.checkpoint(), saved = b.slice();
    const fc = new Dopri5(obj, saved, { rtol: 1e-7, atol: 1e-9 }, ck);
    fc.advanceTo(30);
    expect(Array.from(saved)).toEqual(Array.from(a));
    expect(fc.checkpoint()).toEqual(fa.checkpoint());
  });

  it("rejects non-positive tolerances", () => {
    const { obj, x0 } = problem(8);
    expect(() => new Dopri5(obj, x0, { rtol: 0, atol: 1e-9 })).toThrow(/gnc\/ufm: rtol and atol must be finite numbers > 0/);
  });
});
