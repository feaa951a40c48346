/**
 * Regenerates the example graphs in graphs/ that come from graphology-generators:
 *
 *   karate.edges / karate.labels / karate.gexf  Zachary's karate club (Zachary 1977, "An
 *     information flow model for conflict and fission in small groups"): 34 members, 78 ties;
 *     labels = the faction each member joined after the split, attribute "club":
 *     "Mr. Hi" → 0, "Officer" → 1 (sorted order, as `--label-attr club` maps it).
 *   caveman.edges / caveman.labels  connected caveman graph (Watts 1999): L = 4 caves of K = 6
 *     nodes; each cave is a clique with one edge rewired to the next cave; label = cave.
 *
 * Deterministic (no randomness). Run: npx tsx scripts/make-examples.ts
 */
import { writeFileSync } from "node:fs";
import { UndirectedGraph } from "graphology";
import generators from "graphology-generators";
import { write as writeGexf } from "graphology-gexf";
import { fromGraphology } from "../src/graphs/adapters.js";
import { writeGraph, writeLabels } from "../src/graphs/io/index.js";
import { fixVizNamespace } from "../src/graphs/io/xml.js";

const dir = new URL("../graphs/", import.meta.url).pathname;

// --- karate club -------------------------------------------------------------------------
const karateRaw = generators.social.karateClub(UndirectedGraph);
const karate = fromGraphology(karateRaw, { labelAttr: "club" });
if (karate.graph.n !== 34 || karate.graph.cols.length !== 2 * 78) throw new Error("unexpected karate club size");
if (karate.labelNames?.join("|") !== "Mr. Hi|Officer") throw new Error(`unexpected factions ${karate.labelNames}`);
writeGraph(dir + "karate.edges", karate.graph);
writeLabels(dir + "karate.labels", karate.labels!);
// GEXF keeps the original string attribute, so `gnc check graphs/karate.gexf --label-attr club`
// exercises the categorical path. Explicit edge keys keep the file byte-identical across runs.
const kg = new UndirectedGraph();
karateRaw.forEachNode((key, attrs) => kg.addNode(key, { club: attrs.club }));
let e = 0;
karateRaw.forEachEdge((_k, _a, s, t) => { kg.addEdgeWithKey(String(e++), s, t); });
writeFileSync(dir + "karate.gexf", fixVizNamespace(writeGexf(kg, { formatNode: (_key, attributes) => ({ attributes }) })));

// --- connected caveman -------------------------------------------------------------------
const L = 4, K = 6;
const caveRaw = generators.community.connectedCaveman(UndirectedGraph, L, K);
const cave = fromGraphology(caveRaw);
const caveLabels = new Int32Array(L * K);
caveRaw.forEachNode((key) => { caveLabels[cave.nodeIds.indexOf(key)] = Math.floor(Number(key) / K); });
writeGraph(dir + "caveman.edges", cave.graph);
writeLabels(dir + "caveman.labels", caveLabels);
console.log(`karate: 34 nodes, 78 edges; caveman: ${L * K} nodes, ${cave.graph.cols.length / 2} edges → ${dir}`);
