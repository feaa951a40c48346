/** Delayed progress (src/util/progress.ts): silent for quick jobs, plain lines after the delay. */
import { describe, expect, it } from "vitest";
import { createDelayedProgress } from "../../src/util/progress.js";

function fakeStream() {
  const out: string[] = [];
  return { out, stream: { isTTY: false, write: (s: string) => { out.push(s); return true; } } as unknown as NodeJS.WriteStream };
}

describe("createDelayedProgress", () => {
  it("prints nothing before the delay", () => {
    const { out, stream } = fakeStream();
    const p = createDelayedProgress({ total: 10, label: "x", unit: "edge", stream }, 60_000);
    for (let i = 0; i <= 10; i++) p.update(i);
    p.stop();
    expect(out).toEqual([]);
  });

  it("after the delay: one line at once, then one per interval", async () => {
    const { out, stream } = fakeStream();
    const p = createDelayedProgress({ total: 100, label: "gnc generate: sampling", unit: "edge", stream, intervalMs: 20 }, 10);
    p.update(1);
    expect(out).toEqual([]);
    await new Promise((r) => setTimeout(r, 15));
    p.update(40);
    expect(out).toEqual(["gnc generate: sampling: edge 40/100 (40.0%)\n"]);
    await new Promise((r) => setTimeout(r, 25));
    p.update(70);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^gnc generate: sampling: edge 70\/100 \(70\.0%\) \| elapsed \d+s, ETA /);
  });
});
