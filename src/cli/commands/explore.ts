/**
 * `gnc explore [--port N]` — serve the browser explorer (src/web/: live training on webgl/wasm with
 * per-layer NC1 charts, and the exact-collapse check on a dropped graph) on 127.0.0.1 and print its
 * URL. Builds the bundle first when it is missing or older than the sources (esbuild, ~10 s).
 * Runs until interrupted (Ctrl-C).
 */
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const exploreCommand: GncCommand = {
  command: "explore",
  describe: "Serve the browser explorer (live training with per-layer NC1, the collapse condition on your graph) on 127.0.0.1",
  builder: (y) =>
    y
      .option("port", { type: "number", default: 8737, describe: "port on 127.0.0.1 (0: any free port)" })
      .option("rebuild", { type: "boolean", default: false, describe: "rebuild the bundle even if it is up to date" })
      .example("gnc explore", "then open the printed URL")
      .example("gnc explore --port 0", "any free port"),
  handler: async (args: any) => {
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GncError(`gnc/explore: --port must be an integer 0..65535, got ${args.port}`);
    const { EXPLORER_DIR, buildExplorer, explorerIsFresh } = await import("../../web/build.js");
    if (args.rebuild || !explorerIsFresh()) {
      process.stderr.write("gnc explore: building the explorer bundle (esbuild)…\n");
      const r = await buildExplorer();
      process.stderr.write(`gnc explore: built ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${(r.ms / 1000).toFixed(1)} s\n`);
    }
    const { serveStatic } = await import("../../web/serve.js");
    let server: Awaited<ReturnType<typeof serveStatic>>;
    try {
      server = await serveStatic(EXPLORER_DIR, port);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EADDRINUSE") throw new GncError(`gnc/explore: port ${port} is in use (choose another with --port, or 0 for any free port)`);
      throw e;
    }
    process.stdout.write(`gnc explore: serving the explorer at ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => { process.off("SIGINT", stop); process.off("SIGTERM", stop); void server.close().then(resolve); };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    return 0;
  },
};
