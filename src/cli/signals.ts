/**
 * Ctrl-C (SIGINT) and SIGTERM (what `timeout`, SLURM and `docker stop` send) both ask a long command
 * to stop at the next safe point: the command gets an AbortSignal, its runner writes a checkpoint
 * and returns, and the command exits with 128 + the signal number (130, 143). A second signal quits
 * at once (the last checkpoint is still there).
 */
export interface SignalGuard {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, 0 when none came. */
  exitCode(): number;
  dispose(): void;
}

export function interruptOnSignals(prog: string, what: string): SignalGuard {
  const controller = new AbortController();
  let code = 0;
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(sig === "SIGINT" ? 130 : 143);
    code = sig === "SIGINT" ? 130 : 143;
    process.stderr.write(`\n${prog}: ${sig === "SIGINT" ? "Ctrl-C" : "SIGTERM"} — ${what} (again to quit at once)\n`);
    controller.abort();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    exitCode: () => code || 130,
    dispose: () => {
      process.removeListener("SIGINT", handler);
      process.removeListener("SIGTERM", handler);
    },
  };
}
