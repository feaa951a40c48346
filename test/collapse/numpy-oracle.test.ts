/**
 * The collapse metrics against an independent numpy computation (/usr/bin/python3), on random
 * inputs. Skips, saying why, when numpy is missing; fails then under GNC_REQUIRE_ORACLES=1 (CI).
 */
import { describe, expect, it } from "vitest";
import { pythonOracle } from "../helpers/oracle.js";
import { Rng } from "../../src/util/rng.js";
import { csrFromEdges } from "../../src/graphs/csr.js";
import { collapseMetrics } from "../../src/collapse/index.js";
import { clusteredFeatures, randomLabels, randomMatrix } from "./reference.js";

/** Relative 1e-10, with a 1e-14 absolute floor for metrics that are 0 by construction (C = 2 equinorm). */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-10 * Math.max(Math.abs(a), Math.abs(b)) + 1e-14;

const py = pythonOracle(["numpy"]);

const SCRIPT = String.raw`
import json, sys, numpy as np
o = json.load(sys.stdin)
N, d, C = o["N"], o["d"], o["C"]
F = np.array(o["F"], dtype=np.float64).reshape(N, d)
y = np.array(o["y"]); W = np.array(o["W"]).reshape(d, C)
A = np.zeros((N, N))
for a, b in o["edges"]: A[a, b] = A[b, a] = 1
deg = A.sum(1); Ah = np.divide(A, deg[:, None], out=np.zeros_like(A), where=deg[:, None] > 0)
def etf(C): return (np.eye(C) - np.ones((C, C)) / C) / np.sqrt(C - 1)
def frame(P, T): return np.linalg.norm(P / np.linalg.norm(P) - T)
def metrics(F, W):
    mu = np.stack([F[y == c].mean(0) for c in range(C)]); g = mu.mean(0); Mc = mu - g
    Z = F - mu[y]; SW = Z.T @ Z / N; SB = Mc.T @ Mc / C
    norms = np.linalg.norm(Mc, axis=1); cos = (Mc @ Mc.T) / np.outer(norms, norms)
    Mexp = mu[y]; pred = np.argmax(F @ W, 1)
    ncc = np.argmin(((F[:, None, :] - mu[None]) ** 2).sum(2), 1)
    out = dict(nc1=np.trace(SW @ np.linalg.pinv(SB, rcond=1e-10)) / C, nc1Tilde=np.trace(SW) / np.trace(SB),
        trSigmaW=np.trace(SW), trSigmaB=np.trace(SB),
        nc2EtfError=frame(Mc @ Mc.T, etf(C)), nc2OfError=frame(mu @ mu.T, np.eye(C) / np.sqrt(C)),
        nc2Equinorm=norms.std() / norms.mean(), nc2Equiangularity=cos[~np.eye(C, dtype=bool)].std(),
        nc2WEtfError=frame(W.T @ W, etf(C)), nc2WOfError=frame(W.T @ W, np.eye(C) / np.sqrt(C)),
        nc3SelfDuality=np.linalg.norm(W.T / np.linalg.norm(W) - Mc / np.linalg.norm(Mc)),
        nc3EtfError=frame(Mc @ W, etf(C)), nc3OfError=frame(mu @ W, np.eye(C) / np.sqrt(C)),
        nc4NccAgreement=float((pred == ncc).mean()),
        snr=np.linalg.norm(Mexp @ W) / np.linalg.norm((F - Mexp) @ W))
    return {k: float(v) for k, v in out.items()}
res = metrics(F, W)
agg = metrics(Ah @ F, W)
print(json.dumps(dict(own=res, agg={k: agg[k] for k in ["nc1", "nc1Tilde", "trSigmaW", "trSigmaB", "nc2EtfError", "nc2OfError", "nc2Equinorm", "nc2Equiangularity"]})))
`;

describe.skipIf(py.skip)("collapse metrics vs numpy", () => {
  it("agree to 1e-10 on random features, classifier and graph", () => {
    const rng = Rng.seeded(99);
    for (const [N, d, C] of [[80, 6, 3], [120, 3, 5], [60, 16, 2]]) {
      const y = randomLabels(rng, N, C);
      const F = clusteredFeatures(rng, y, C, d, 1);
      const W = randomMatrix(rng, d, C);
      const edges: [number, number][] = [];
      for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) if (rng.uniform() < 0.06) edges.push([i, j]);
      const { graph } = csrFromEdges(N, edges.map((e) => e[0]), edges.map((e) => e[1]));
      const out = py.run(SCRIPT, {
        input: JSON.stringify({ N, d, C, F: Array.from(F.data), y: Array.from(y), W: Array.from(W.data), edges }),
      });
      const ref = JSON.parse(out) as { own: Record<string, number>; agg: Record<string, number> };
      const m = collapseMetrics(F, y, C, { weights: W, graph }) as unknown as Record<string, number> & { aggregated: Record<string, number> };
      for (const [k, v] of Object.entries(ref.own)) expect(close(m[k], v), `${k}: ${m[k]} vs numpy ${v}`).toBe(true);
      for (const [k, v] of Object.entries(ref.agg)) expect(close(m.aggregated[k], v), `aggregated ${k}: ${m.aggregated[k]} vs numpy ${v}`).toBe(true);
    }
  });
});
