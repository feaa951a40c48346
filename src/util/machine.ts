/**
 * One line naming the machine a run or a benchmark ran on ("2 × AMD EPYC, 24 GiB, linux x64"):
 * logical CPUs × the first CPU's model, total memory, OS and architecture. Recorded in every run
 * session (runs/store.ts) so a result can say where it was measured.
 */
import os from "node:os";

export function machineDescription(): string {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim();
  return `${cpus.length} × ${model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.arch()}`;
}
