/**
 * A sweep worker process (forked by pool.ts): runs one study run at a time, as the parent asks, with
 * the same runners as `gnc train` / `gnc spectral` / `gnc ufm`. Messages:
 *   parent → worker  { type: "run", id, study, config, outDir } | { type: "abort" }
 *   worker → parent  { type: "ready" } | { type: "progress", id, step, total } |
 *                    { type: "done", id, status, message?, seconds }
 * When the parent dies (kill -9 included) the IPC channel closes and the worker exits at once: its
 * run keeps what its last checkpoint holds and its lock is stale, so a rerun resumes it.
 */
import { study } from "./studies.js";
import { GncError } from "../util/errors.js";

interface RunMsg { type: "run"; id: number; study: string; config: any; outDir: string }

const send = (m: unknown) => process.send?.(m);

/** How far a run is, from any study's progress event (GNN steps, spectral graphs, gUFM positions). */
function eventFraction(e: any): number | null {
  if (e.type === "step" && e.totalSteps > 0) return e.step / e.totalSteps;
  if (e.type === "graph" && e.graphs > 0) return e.graph / e.graphs;
  if (e.type === "progress" && e.total > 0) return e.position / e.total;
  return null;
}
let controller: AbortController | null = null;

process.on("disconnect", () => process.exit(0));
// Signals go to the parent, which asks for an orderly stop through "abort".
process.on("SIGINT", () => {});
process.on("SIGTERM", () => controller?.abort());

process.on("message", async (m: RunMsg | { type: "abort" }) => {
  if (m.type === "abort") {
    controller?.abort();
    return;
  }
  if (m.type !== "run") return;
  controller = new AbortController();
  const t0 = performance.now();
  let lastSent = 0;
  try {
    const res = await study(m.study).run(m.config, {
      outDir: m.outDir,
      signal: controller.signal,
      log: () => {},
      onEvent: (e: any) => {
        const now = performance.now();
        const f = eventFraction(e);
        if (f !== null && now - lastSent > 500) {
          lastSent = now;
          send({ type: "progress", id: m.id, step: f, total: 1 });
        }
      },
    });
    const status = res.status === "already-done" ? "done" : res.status === "diverged" ? "failed" : res.status;
    send({ type: "done", id: m.id, status, message: res.message, seconds: (performance.now() - t0) / 1000 });
  } catch (err) {
    const e = err as Error;
    const message = err instanceof GncError || /^gnc[:/]/.test(e.message ?? "") ? e.message.split("\n")[0] : `internal error: ${e.stack ?? e}`.split("\n").slice(0, 3).join(" | ");
    send({ type: "done", id: m.id, status: "failed", message, seconds: (performance.now() - t0) / 1000 });
  } finally {
    controller = null;
  }
});

send({ type: "ready" });
