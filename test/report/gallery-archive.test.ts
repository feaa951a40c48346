/**
 * The committed gallery is reproducible from the committed archive: for every study whose archived
 * runs are the runs its section reports (docs/results/archive/NAME-SCALE.jsonl.gz against "Runs: K of
 * N complete" on the page, every scale shown), `npm run gallery -- --run none --experiments NAME`
 * into an empty folder restores them, merges, draws, and writes the same section text and the same
 * PNG bytes as docs/results.md and docs/results/ hold.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GALLERY, readGalleryPage } from "../../src/report/gallery.js";
import { readArchive } from "../../src/sweep/archive.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-gallery-archive-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const page = readFileSync("docs/results.md", "utf8");
const sections = readGalleryPage(page);

/** The studies whose every shown scale is archived with exactly the runs the page reports. */
function reproducible(): string[] {
  return GALLERY.filter((g) => {
    const s = sections.get(g.heading);
    if (!s || s.scales.length === 0) return false;
    return s.scales.every((scale) => {
      const file = path.join("docs/results/archive", `${g.experiment}-${scale}.jsonl.gz`);
      const at = s.lines.indexOf(`### ${scale === "paper" ? "Paper" : "Quick"} scale`);
      const m = s.lines.slice(at).find((l) => l.startsWith("- Runs: "))?.match(/^- Runs: (\d+) of (\d+) complete/);
      return existsSync(file) && m !== null && m !== undefined && readArchive(file).length === Number(m[1]);
    });
  }).map((g) => g.experiment);
}

describe("docs/results.md from docs/results/archive", () => {
  it("at least one study is archived with the runs its section reports", () => {
    expect(reproducible().length).toBeGreaterThan(0);
  });

  it.each(reproducible())("%s: regenerated from the archive alone, the section and its PNGs are byte-identical", (name) => {
    const dir = path.join(tmp, name);
    const file = path.join(dir, "results.md");
    mkdirSync(dir, { recursive: true });
    copyFileSync("docs/results.md", file);
    // a copy: the script extends the archive it reads
    mkdirSync(path.join(dir, "archive"));
    for (const f of readdirSync("docs/results/archive")) if (f.startsWith(`${name}-`)) copyFileSync(path.join("docs/results/archive", f), path.join(dir, "archive", f));
    const tsx = path.resolve("node_modules/.bin/tsx");
    execFileSync(tsx, ["scripts/gallery.ts", "--run", "none", "--experiments", name, "--out", path.join(dir, "out"), "--file", file, "--archive", path.join(dir, "archive")], { stdio: "pipe", timeout: 300_000 });
    const heading = GALLERY.find((g) => g.experiment === name)!.heading;
    const again = readGalleryPage(readFileSync(file, "utf8")).get(heading)!;
    expect(again.lines.join("\n")).toBe(sections.get(heading)!.lines.join("\n"));
    const pngs = again.lines.flatMap((l) => [...l.matchAll(/\]\(results\/([^)]+\.png)\)/g)].map((m) => m[1]));
    expect(pngs.length).toBeGreaterThan(0);
    for (const p of pngs) expect(readFileSync(path.join(dir, "results", p)).equals(readFileSync(path.join("docs/results", p))), p).toBe(true);
  }, 300_000);
});
