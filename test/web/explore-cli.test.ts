/**
 * `gnc explore`: serves the explorer bundle on 127.0.0.1, prints the URL, answers HTTP with the page,
 * its bundle and the tfjs wasm binary, and exits 0 on SIGINT; a bad --port is one line and exit 2.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gnc, ROOT } from "../helpers/cli.js";

describe("gnc explore", () => {
  it("serves the page, the bundle and the wasm binary on 127.0.0.1 and stops on SIGINT", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), "explore", "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    child.stderr.on("data", (b) => { err += String(b); });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${err}`)), 110_000);
      timer.unref();
      child.stdout.on("data", (b) => {
        out += String(b);
        const m = /serving the explorer at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once("exit", (code) => reject(new Error(`exited ${code} before printing the URL; stderr: ${err}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<script type="module" src="\.\/explorer\.js">/);
    const js = await fetch(url + "explorer.js");
    expect(js.status).toBe(200);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const wasm = await fetch(url + "tfjs-backend-wasm-simd.wasm");
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect((await fetch(url + "../../etc/passwd")).status).not.toBe(200);
    const code = await new Promise<number | null>((resolve) => { child.once("exit", resolve); child.kill("SIGINT"); });
    expect(code).toBe(0);
  }, 120_000);

  it("a port out of range is one line on stderr and exit 2", () => {
    const r = gnc(["explore", "--port", "70000"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/gnc\/explore: --port must be an integer 0\.\.65535, got 70000/);
  });
});
