/**
 * Lanczos against scipy.sparse.linalg.eigsh (ARPACK) on the same sparse matrices, written to a temp
 * file as COO triplets. The oracle is /usr/bin/python3 with Debian python3-scipy (test/helpers/oracle.ts:
 * skips with the reason printed when missing, FAILS instead under GNC_REQUIRE_ORACLES=1, as in CI).
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pythonOracle } from "../helpers/oracle.js";
import { Rng } from "../../src/util/rng.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { makeOperator } from "../../src/spectral/operators.js";
import { lanczos } from "../../src/spectral/lanczos.js";
import { absCos, randomGraph } from "./dense.js";

const py = pythonOracle(["numpy", "scipy.sparse.linalg"]);

const SCRIPT = String.raw`
import json, sys, numpy as np, scipy.sparse as sp, scipy.sparse.linalg as sla
o = json.load(open(sys.argv[1]))
out = []
for m in o["matrices"]:
    n = m["n"]; t = np.array(m["coo"], dtype=np.float64).reshape(-1, 3)
    M = sp.coo_matrix((t[:, 2], (t[:, 0].astype(int), t[:, 1].astype(int))), shape=(n, n)).tocsr()
    w, V = sla.eigsh(M, k=m["k"], which=m["which"], tol=0, v0=np.ones(n))
    order = np.argsort(w) if m["which"] == "SA" else np.argsort(-w)
    out.append(dict(values=w[order].tolist(), vectors=V[:, order].T.tolist()))
print(json.dumps(out))
`;

function coo(apply: (x: Float64Array, y: Float64Array) => void, n: number): number[] {
  const out: number[] = [], e = new Float64Array(n), y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0); e[j] = 1;
    apply(e, y);
    for (let i = 0; i < n; i++) if (y[i] !== 0) out.push(i, j, y[i]);
  }
  return out;
}

describe.skipIf(py.skip)("Lanczos vs scipy eigsh", () => {
  it("finds the same eigenpairs on random graphs and SBM samples", () => {
    const rng = Rng.seeded(21);
    const cases: { name: "bh" | "nl" | "adj"; graph: ReturnType<typeof randomGraph>; which: "SA" | "LA"; k: number }[] = [
      { name: "bh", graph: sampleSbm({ n: 400, classes: 2, pIn: 0.05, pOut: 0.005 }, rng).graph, which: "SA", k: 2 },
      { name: "nl", graph: randomGraph(rng, 150, 0.06), which: "SA", k: 3 },
      { name: "adj", graph: sampleSbm({ n: 300, classes: 3, pIn: 0.08, pOut: 0.01 }, rng).graph, which: "LA", k: 3 },
      { name: "bh", graph: randomGraph(rng, 200, 0.05), which: "LA", k: 2 },
    ];
    const ops = cases.map((c) => makeOperator(c.name, c.graph));
    const dir = mkdtempSync(path.join(tmpdir(), "gnc-eigsh-"));
    try {
      const file = path.join(dir, "m.json");
      writeFileSync(file, JSON.stringify({ matrices: cases.map((c, i) => ({ n: c.graph.n, k: c.k, which: c.which, coo: coo(ops[i].apply, c.graph.n) })) }));
      const ref = JSON.parse(py.run(SCRIPT, { args: [file] })) as { values: number[]; vectors: number[][] }[];
      cases.forEach((c, i) => {
        const res = lanczos(ops[i].apply, c.graph.n, { k: c.k, which: c.which === "SA" ? "smallest" : "largest", rng: Rng.seeded(i), tol: 1e-12 });
        expect(res.converged).toBe(true);
        for (let t = 0; t < c.k; t++) {
          expect(Math.abs(res.values[t] - ref[i].values[t]), `${c.name} ${c.which} pair ${t}`).toBeLessThan(1e-8 * Math.max(1, res.norm));
          expect(1 - absCos(res.vectors[t], ref[i].vectors[t])).toBeLessThan(1e-8);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
