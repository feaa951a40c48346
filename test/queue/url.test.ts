/**
 * Queue URL parsing and redaction, job payload validation and the run-files codec — pure functions,
 * no Redis: every malformed URL is a GncError whose text never holds the password; a payload is
 * refused unless it is a complete config of a known study with a matching hash; a checkpoint
 * snapshot truncates CSVs to the checkpoint's byte lengths and round-trips through writeRunFiles.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GncError } from "../../src/util/errors.js";
import { parseQueueUrl, redactSecrets } from "../../src/sweep/queue/url.js";
import { makePayload, validatePayload } from "../../src/sweep/queue/payload.js";
import { collectRunFiles, snapshotCheckpoint, writeRunFiles } from "../../src/sweep/queue/files.js";
import { study } from "../../src/sweep/studies.js";
import { configHash } from "../../src/runs/schema/common.js";

describe("parseQueueUrl", () => {
  it("reads host, port, db, password and TLS; the redacted form hides the password", () => {
    const u = parseQueueUrl("redis://:p%40ss@10.0.0.5:6380/3");
    expect(u).toMatchObject({ host: "10.0.0.5", port: 6380, db: 3, password: "p@ss", tls: false, redacted: "redis://:***@10.0.0.5:6380/3" });
    expect(parseQueueUrl("rediss://bob:x@cache.example.org")).toMatchObject({ tls: true, port: 6379, db: 0, username: "bob", password: "x", redacted: "rediss://bob:***@cache.example.org:6379/0" });
    expect(parseQueueUrl("redis://localhost")).toMatchObject({ password: undefined, redacted: "redis://localhost:6379/0" });
    expect(parseQueueUrl("redis://[::1]:7000")).toMatchObject({ host: "::1", port: 7000 });
  });

  it("malformed URLs are one GncError line without the password", () => {
    for (const bad of ["", "localhost:6379", "http://:pw123456@h:1", "redis://:pw123456@h:99999", "redis://:pw123456@h:1/x", "redis://:pw123456@h:1/0?tls=1", "redis://:pw123456@"]) {
      let err: unknown = null;
      try {
        parseQueueUrl(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(GncError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/^gnc\/sweep\/queue: queue URL /);
      expect(msg.split("\n").length).toBe(1);
      expect(msg).not.toContain("pw123456");
    }
  });

  it("redactSecrets removes a password (raw and percent-encoded) from any text", () => {
    fc.assert(fc.property(fc.string({ minLength: 4, maxLength: 20 }).filter((s) => !/[\s]/.test(s)), fc.string(), (pw, around) => {
      const url = `redis://:${encodeURIComponent(pw)}@h:1/0`;
      const u = parseQueueUrl(url);
      expect(u.password).toBe(pw);
      const text = `${around} ${url} ${pw} ${encodeURIComponent(pw)} ${around}`;
      const out = redactSecrets(text, u);
      expect(out).not.toContain(`:${encodeURIComponent(pw)}@`);
      if (!around.includes(pw)) expect(out.includes(pw)).toBe(false);
    }), { numRuns: 200 });
  });
});

describe("validatePayload", () => {
  const cfg = study("gnn").resolve({ flags: { name: "t", graph: { n: 60 }, model: { depth: 3 } } as any });
  const good = makePayload("gnn", cfg);

  it("accepts a complete config of a known study whose hash is the job id", () => {
    expect(validatePayload(JSON.parse(JSON.stringify(good)), good.hash).config).toEqual(cfg);
    const sp = study("spectral").resolve({ flags: { name: "t", study: "spectral" } as any });
    expect(validatePayload(makePayload("spectral", sp), configHash(sp)).study).toBe("spectral");
  });

  it("refuses everything else", () => {
    const without = (k: string) => Object.fromEntries(Object.entries(cfg).filter(([x]) => x !== k));
    const cases: [unknown, string | undefined, RegExp][] = [
      [null, good.hash, /not an object/],
      [[good], good.hash, /not an object/],
      [{ ...good, cmd: "rm -rf /" }, good.hash, /unknown payload key "cmd"/],
      [{ ...good, v: 2 }, good.hash, /payload version/],
      [{ ...good, study: "shell" }, good.hash, /unknown study kind/],
      [{ ...good, config: { ...cfg, extra: 1 } }, good.hash, /unknown key/],
      [{ ...good, config: { ...cfg, train: { ...cfg.train, lr: -1 } } }, good.hash, /train\.lr/],
      [{ ...good, config: without("model") }, good.hash, /not fully resolved/],
      [{ ...good, hash: "0".repeat(64) }, "0".repeat(64), /hash does not match/],
      [good, "f".repeat(64), /job id is not the config hash/],
      [{ ...good, study: "ufm" }, good.hash, /refused/],
    ];
    for (const [data, id, want] of cases) {
      let err: unknown = null;
      try {
        validatePayload(data, id);
      } catch (e) {
        err = e;
      }
      expect(err, String(want)).toBeInstanceOf(GncError);
      expect((err as Error).message).toMatch(/^gnc\/sweep\/queue: job [0-9a-f?]+: refused: /);
      expect((err as Error).message).toMatch(want);
    }
  });
});

describe("run files through Redis", () => {
  it("snapshotCheckpoint truncates the CSVs at the checkpoint's byte lengths; writeRunFiles restores them", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-qfiles-"));
    mkdirSync(path.join(dir, "checkpoints"));
    mkdirSync(path.join(dir, "figures"));
    writeFileSync(path.join(dir, "metrics.csv"), "a,b\n1,2\n3,4\n");
    writeFileSync(path.join(dir, "train-log.csv"), "x\n1\n2\n3\n");
    writeFileSync(path.join(dir, "config.json"), "{}\n");
    writeFileSync(path.join(dir, "LOCK"), "123\n");
    writeFileSync(path.join(dir, "figures", "f.svg"), "<svg/>");
    expect(snapshotCheckpoint(dir)).toBeNull();
    writeFileSync(path.join(dir, "checkpoints", "latest.json"), JSON.stringify({ step: 5, files: { metrics: 8, trainLog: 4 } }));
    const snap = snapshotCheckpoint(dir)!;
    expect(Object.keys(snap).sort()).toEqual(["checkpoints/latest.json", "config.json", "metrics.csv", "train-log.csv"]);
    expect(Buffer.from(snap["metrics.csv"], "base64").toString()).toBe("a,b\n1,2\n");
    expect(Buffer.from(snap["train-log.csv"], "base64").toString()).toBe("x\n1\n");
    const other = mkdtempSync(path.join(os.tmpdir(), "gnc-qfiles-"));
    writeRunFiles(path.join(other, "run"), snap);
    expect(readFileSync(path.join(other, "run", "checkpoints", "latest.json"), "utf8")).toContain('"step":5');
    writeFileSync(path.join(dir, "DONE"), "t\n");
    const res = collectRunFiles(dir);
    expect(Object.keys(res).sort()).toEqual(["DONE", "config.json", "metrics.csv", "train-log.csv"]);
    expect(Buffer.from(res["metrics.csv"], "base64").toString()).toBe("a,b\n1,2\n3,4\n");
  });

  it("writeRunFiles refuses names that leave the run directory", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-qfiles-"));
    for (const n of ["../x", "/etc/passwd", "a/b/c", "checkpoints/../../x", ".hidden", ""]) {
      expect(() => writeRunFiles(dir, { [n]: "eA==" }), n).toThrow(/refused a result file/);
    }
  });
});
