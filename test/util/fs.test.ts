/** Output locations are checked before any work (src/util/fs.ts): each fault class is one GncError in words. */
import { describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkOutputDir, checkOutputFile, ensureOutputDir, writeFileAtomic } from "../../src/util/fs.js";
import { GncError } from "../../src/util/errors.js";

const dir = mkdtempSync(path.join(tmpdir(), "gnc-fs-"));
const file = path.join(dir, "a-file");
writeFileSync(file, "x");

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(GncError);
    expect((err as GncError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error("expected a refusal");
}

const isRoot = process.getuid?.() === 0;
if (isRoot) console.warn("test/util/fs: running as root, which may write read-only folders: the permission case is skipped");

describe("output locations", () => {
  it("accepts a new folder under a writable one, and creates it only in ensureOutputDir", () => {
    const want = path.join(dir, "new", "deeper");
    expect(checkOutputDir(want, "out")).toBe(want);
    expect(existsSync(want)).toBe(false);
    ensureOutputDir(want, "out");
    expect(existsSync(want)).toBe(true);
    expect(checkOutputFile(path.join(want, "g.edges"), "out")).toBe(path.join(want, "g.edges"));
  });

  it("an existing file where a folder should be", () => {
    expect(refusal(() => checkOutputDir(file, "out"))).toBe(`gnc/util/fs: out ${file}: exists and is a file, not a folder`);
  });

  it("a path under a file (/dev/null/x and a regular file)", () => {
    expect(refusal(() => checkOutputDir("/dev/null/x", "out"))).toBe("gnc/util/fs: out /dev/null/x: /dev/null is a file, so nothing can be created under it");
    expect(refusal(() => ensureOutputDir(path.join(file, "a", "b"), "out"))).toMatch(/a-file is a file, so nothing can be created under it$/);
    expect(refusal(() => checkOutputFile("/dev/null/x.edges", "--out"))).toMatch(/^gnc\/util\/fs: --out \/dev\/null\/x.edges: \/dev\/null is a file/);
  });

  it("/proc and /sys, directly and through a symlink, without touching them", () => {
    expect(refusal(() => ensureOutputDir("/proc/x", "out"))).toMatch(/is under \/proc, a virtual file system/);
    expect(refusal(() => ensureOutputDir("/sys/kernel/x", "out"))).toMatch(/is under \/sys/);
    const link = path.join(dir, "to-proc");
    symlinkSync("/proc/self", link);
    expect(refusal(() => checkOutputDir(path.join(link, "x"), "out"))).toMatch(/to-proc leads to \/proc\/\d+, under \/proc/);
    expect(refusal(() => writeFileAtomic("/proc/x/y.txt", "z"))).toMatch(/under \/proc/);
  });

  it("a folder where a file should be", () => {
    const d = path.join(dir, "x.edges");
    mkdirSync(d);
    expect(refusal(() => checkOutputFile(d, "--out"))).toMatch(/exists and is a folder/);
  });

  it.skipIf(isRoot)("a read-only folder", () => {
    const ro = path.join(dir, "ro");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      expect(refusal(() => checkOutputDir(path.join(ro, "sub"), "out"))).toMatch(/the folder .*ro is not writable \(permission denied\)/);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});
