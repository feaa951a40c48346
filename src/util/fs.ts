/**
 * File helpers shared by writers: atomic writes (temp file in the same folder + rename), so an
 * interrupted run never leaves a half-written result file behind.
 */
import { mkdirSync, renameSync, writeFileSync, rmSync } from "node:fs";
import path from "node:path";

let counter = 0;

/** Write data to file atomically, creating parent folders. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${counter++}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
