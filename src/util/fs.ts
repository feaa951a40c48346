/**
 * File helpers shared by writers:
 *
 *   - atomic writes (temp file in the same folder + rename), so an interrupted run never leaves a
 *     half-written result file behind;
 *   - output locations checked BEFORE any work (issue 11): `checkOutputDir` / `ensureOutputDir` /
 *     `checkOutputFile` turn "an existing file where a folder should be", "a path under a file"
 *     (/dev/null/x), "a folder we may not write" and "a virtual file system" into one GncError
 *     in words, instead of a stack trace after minutes of sampling or training.
 *
 * Why /proc and /sys are refused by name: Node 20's `mkdirSync(p, { recursive: true })` under
 * /proc loops forever at 100 % CPU (mkdir returns ENOENT for every ancestor, which the recursive
 * walk retries), and nothing written there is a result anyway. The check walks up to the first
 * existing ancestor, resolves it (so a symlink into /proc is caught too) and asks the kernel
 * whether it is a writable folder (access(2) W_OK|X_OK — EROFS for a read-only mount, EACCES for
 * permissions; root passes permission bits, as it would when writing).
 */
import { accessSync, constants, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { GncError } from "./errors.js";

let counter = 0;

const VIRTUAL = ["/proc", "/sys"];

function underVirtual(abs: string): string | undefined {
  return VIRTUAL.find((v) => abs === v || abs.startsWith(v + "/"));
}

function refuse(what: string, given: string, why: string): never {
  throw new GncError(`gnc/util/fs: ${what} ${given}: ${why}`);
}

/** Words for an errno code from stat/access. */
function errnoWords(code: string | undefined): string {
  switch (code) {
    case "EACCES": case "EPERM": return "permission denied";
    case "EROFS": return "read-only file system";
    case "ENAMETOOLONG": return "name too long";
    case "ELOOP": return "too many symbolic links";
    default: return code ?? "cannot be accessed";
  }
}

/**
 * Check that `dir` is, or can be created as, a folder this process may write into. Creates
 * nothing. Throws a GncError `gnc/util/fs: <what> <dir>: <reason>`; `what` names the thing for the
 * user (the CLI passes its flag, e.g. "--out"; the library a field name). Returns the absolute path.
 */
export function checkOutputDir(dir: string, what: string): string {
  return checkDirFor(dir, what, dir);
}

/** checkOutputDir for `dir`, with messages naming `given` (the path the user typed). */
function checkDirFor(dir: string, what: string, given: string): string {
  if (dir === "") refuse(what, '""', "the path is empty");
  const abs = path.resolve(dir);
  const v = underVirtual(abs);
  if (v) refuse(what, given, `is under ${v}, a virtual file system; choose a folder on disk`);
  let p = abs;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        const up = path.dirname(p);
        if (up === p) refuse(what, given, "no existing folder above it");
        p = up;
        continue;
      }
      refuse(what, given, `${p} ${errnoWords(code)}`);
    }
    if (!isDir) {
      refuse(what, given, p === path.resolve(given) ? "exists and is a file, not a folder" : `${p} is a file, so nothing can be created under it`);
    }
    const real = realpathSync(p);
    const rv = underVirtual(real);
    if (rv) refuse(what, given, `${p} leads to ${real}, under ${rv}, a virtual file system; choose a folder on disk`);
    try {
      accessSync(p, constants.W_OK | constants.X_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      refuse(what, given, `${p === path.resolve(given) ? "the folder" : `the folder ${p}`} is not writable (${errnoWords(code)})`);
    }
    return abs;
  }
}

/** checkOutputDir, then create the folder (and its parents). Returns the absolute path. */
export function ensureOutputDir(dir: string, what: string): string {
  const abs = checkOutputDir(dir, what);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (err) {
    refuse(what, dir, `cannot create it (${errnoWords((err as NodeJS.ErrnoException).code)})`);
  }
  return abs;
}

/**
 * Check that `file` can be written: its folder passes checkOutputDir, and the file, if it exists,
 * is a writable regular file (not a folder). Creates nothing.
 */
export function checkOutputFile(file: string, what: string): string {
  if (file === "" || file.endsWith("/")) refuse(what, JSON.stringify(file), "is not a file name");
  const abs = path.resolve(file);
  checkDirFor(path.dirname(abs), what, file);
  let isFile: boolean | undefined;
  try {
    isFile = statSync(abs).isFile();
  } catch {
    return abs; // does not exist yet: the folder check above is what matters
  }
  if (!isFile) refuse(what, file, "exists and is a folder (or a device), not a file");
  try {
    accessSync(abs, constants.W_OK);
  } catch (err) {
    refuse(what, file, `exists and is not writable (${errnoWords((err as NodeJS.ErrnoException).code)})`);
  }
  return abs;
}

/** Write data to file atomically, creating parent folders. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const v = underVirtual(dir);
  if (v) refuse("output", file, `is under ${v}, a virtual file system; choose a folder on disk`);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${counter++}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
