/**
 * The explorer page (index.html): a form for C, N, p, q, depth, width, W1 and loss; a live training
 * run (session.ts) on webgl (fallback wasm, then cpu) whose log10 NC1 per hidden layer is redrawn
 * after every epoch with report/'s vega-lite spec (epochEvolutionSpec: one line per epoch); and a
 * drop zone that runs the exact-collapse checker (check-file.ts) on a user's graph and labels and
 * lists the violating nodes. Bundled by scripts/build-web.ts; served by `gnc explore`.
 * `window.gncExplorer` exposes the state for the browser tests.
 */
import embed from "vega-embed";
import { epochEvolutionSpec, layerCollapseSpec } from "../report/figures.js";
import { initBrowserBackend, type BrowserBackend } from "./backend.js";
import { checkFiles } from "./check-file.js";
import { DEFAULT_SESSION, runSession, type EpochReport, type SessionOptions } from "./session.js";

/**
 * The few DOM pieces the page uses, typed locally: the project's tsconfig has no DOM lib (the
 * library targets Node as well), and adding it globally would change every other file's globals.
 */
interface DomEl {
  textContent: string | null;
  disabled: boolean;
  value: string;
  checked: boolean;
  files: ArrayLike<BlobFile> | null;
  elements: { namedItem(name: string): DomEl };
  classList: { add(c: string): void; remove(c: string): void };
  addEventListener(type: string, fn: (ev: DomEvent) => void): void;
}
interface DomEvent { preventDefault(): void; target: DomEl; dataTransfer?: { files: ArrayLike<BlobFile> } }
interface BlobFile { name: string; arrayBuffer(): Promise<ArrayBuffer> }
const dom = globalThis as unknown as { document: { getElementById(id: string): DomEl }; location: { search: string } };

interface ExplorerState { backend: string; epochs: number; reports: EpochReport[]; redraws: number; running: boolean; error: string | null }
const state: ExplorerState = { backend: "", epochs: 0, reports: [], redraws: 0, running: false, error: null };
(globalThis as unknown as { gncExplorer: ExplorerState }).gncExplorer = state;

const $ = (id: string): DomEl => dom.document.getElementById(id);
const status = (s: string) => { $("status").textContent = s; };

function readForm(): SessionOptions {
  const f = $("form");
  const num = (k: keyof SessionOptions) => Number(f.elements.namedItem(k).value);
  return {
    ...DEFAULT_SESSION,
    classes: num("classes"), n: num("n"), pIn: num("pIn"), pOut: num("pOut"), depth: num("depth"), width: num("width"),
    useW1: f.elements.namedItem("useW1").checked,
    loss: f.elements.namedItem("loss").value as SessionOptions["loss"],
    epochs: num("epochs"), stepsPerEpoch: num("stepsPerEpoch"), lr: num("lr"), seed: num("seed"),
  };
}

async function draw(r: EpochReport): Promise<void> {
  const sel = { run: "explorer", split: "test", rows: r.rows };
  const spec = epochEvolutionSpec(sel, "nc1", "bn") ?? layerCollapseSpec(sel, "nc1");
  if (!spec) return;
  await embed("#chart", spec as never, { actions: false, renderer: "canvas" });
  state.redraws++;
}

let controller: AbortController | null = null;

async function train(): Promise<void> {
  const o = readForm();
  controller = new AbortController();
  state.running = true; state.reports = []; state.epochs = 0;
  $("train").disabled = true; $("stop").disabled = false;
  try {
    await runSession(o, (r) => {
      state.reports.push(r); state.epochs = r.epoch;
      status(`${r.backend} (${r.impl}) · epoch ${r.epoch}/${o.epochs} · step ${r.step} · train loss ${r.trainLoss.toFixed(4)} · test loss ${r.testLoss.toFixed(4)} · test overlap ${r.testOverlap.toFixed(3)}`);
      void draw(r);
    }, controller.signal);
  } catch (e) {
    state.error = (e as Error).message;
    status(`error: ${state.error}`);
  } finally {
    state.running = false;
    $("train").disabled = false; $("stop").disabled = true;
  }
}

async function checkDropped(files: BlobFile[]): Promise<void> {
  const out = $("check"), list = $("violations");
  list.textContent = "";
  const graphFile = files.find((f) => !/label/i.test(f.name)) ?? files[0];
  const labelsFile = files.find((f) => f !== graphFile) ?? null;
  try {
    const bytes = async (f: BlobFile) => new Uint8Array(await f.arrayBuffer());
    const r = checkFiles(graphFile.name, await bytes(graphFile), labelsFile?.name ?? null, labelsFile ? await bytes(labelsFile) : null);
    const rep = r.report;
    out.textContent = `${graphFile.name}: N = ${rep.nodes}, ${rep.edges} edges, C = ${rep.classes}. Condition C (counts): ${rep.satisfied ? "holds" : "violated"}; fraction form: ${rep.fractionSatisfied ? "holds" : "violated"}; violation score ${rep.score.toPrecision(3)}; ${rep.violatingNodes} violating node(s)${rep.violatingNodes ? ":" : "."}`;
    list.textContent = r.violating.slice(0, 2000).join(" ") + (r.violating.length > 2000 ? " …" : "");
  } catch (e) {
    out.textContent = `error: ${(e as Error).message}`;
  }
}

async function main(): Promise<void> {
  const params = new URLSearchParams(dom.location.search);
  const order = (params.get("backend")?.split(",") ?? ["webgl", "wasm", "cpu"]) as BrowserBackend[];
  state.backend = await initBrowserBackend(order, "./");
  status(`backend ${state.backend} ready — set the parameters and press train`);
  $("form").addEventListener("submit", (ev) => { ev.preventDefault(); if (!state.running) void train(); });
  $("stop").addEventListener("click", () => controller?.abort());
  const drop = $("drop");
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => { ev.preventDefault(); drop.classList.remove("over"); void checkDropped(Array.from(ev.dataTransfer?.files ?? [])); });
  $("files").addEventListener("change", (ev) => void checkDropped(Array.from(ev.target.files ?? [])));
}

main().catch((e) => { state.error = (e as Error).message; status(`error: ${state.error}`); });
