import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import type { Browser, Page } from "puppeteer-core";
import { escapeHtml, inlineSvg, writeSweepReport } from "../../src/report/html.js";
import { drawSweepFigures } from "../../src/report/sweep-figures.js";
import { loadSweep } from "../../src/report/sweep-data.js";
import { browserTestMode, decodePng, launchBrowser, pngVariety, serveDir } from "../helpers/browser.js";
import { writeSyntheticSweep } from "./synthetic-sweep.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-html-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HOSTILE = `<img src=x onerror="alert(1)"> & 'quotes'`;
let dir: string;
let html: string;
let figures: string[];

beforeAll(async () => {
  // setting 3: both seeds failed → empty overlap cells; setting 1 seed 1 missing
  dir = writeSyntheticSweep(path.join(tmp, "sweep"), { pIn: [0.025, 0.0017], pOut: [0.0017, 0.025], seeds: 2, depth: 6, epochs: 3, failed: [[3, 0], [3, 1]], missing: [[1, 1]] }).dir;
  // data that must be escaped: a failure message and the command line
  const sj = JSON.parse(readFileSync(path.join(dir, "sweep.json"), "utf8"));
  sj.settings[3].runs[0].message = HOSTILE;
  sj.command += ` --name '${HOSTILE}'`;
  writeFileSync(path.join(dir, "sweep.json"), JSON.stringify(sj));
  figures = (await drawSweepFigures(dir, { formats: ["svg"] })).map((f) => path.basename(f, ".svg"));
  html = readFileSync(writeSweepReport(dir), "utf8");
}, 120_000);

describe("report.html (static checks)", () => {
  it("inlines every figure, once, with its caption, and escapes data", () => {
    expect(figures).toEqual(["nc1-layers", "nc1tilde-layers", "traces-layers", "heatmap-nc1", "heatmap-overlap", "nc1-epochs", "final-dots"]);
    for (const f of figures) expect(html.split(`<figure id="fig-${f}"`).length).toBe(2);
    expect((html.match(/<svg\b/g) ?? []).length).toBe(figures.length);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(escapeHtml(`a<b>&"'`)).toBe("a&lt;b&gt;&amp;&quot;&#39;");
  });

  it("references nothing outside the page (ids prefixed per figure, no external src/href)", () => {
    for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^(#|data:)/);
    expect(html).not.toMatch(/url\((?!#|data:)/);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
    expect(inlineSvg(`<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/><use href="#clip1"/></svg>`, "f")).toBe(
      `<svg><clipPath id="f-clip1"/><g clip-path="url(#f-clip1)"/><use href="#f-clip1"/></svg>`,
    );
  });

  it("lists the failed and missing runs", () => {
    const failures = html.slice(html.indexOf('id="failures"'));
    expect((failures.match(/<tr class="status-failed">/g) ?? []).length).toBe(2);
    expect((failures.match(/<tr class="status-missing">/g) ?? []).length).toBe(1);
  });

  it("decodePng (the screenshot check) agrees with resvg's own pixels", () => {
    const svg = readFileSync(path.join(dir, "figures", "heatmap-nc1.svg"), "utf8");
    const img = new Resvg(svg, { background: "white", font: { loadSystemFonts: false } }).render();
    const d = decodePng(new Uint8Array(img.asPng()));
    expect([d.width, d.height]).toEqual([img.width, img.height]);
    expect(Buffer.from(d.rgba).equals(Buffer.from(img.pixels))).toBe(true);
  });
});

describe("browser helper", () => {
  it("without chromium: a clear error from launchBrowser, and a skip outside CI only", async () => {
    const saved = { chrome: process.env.GNC_CHROMIUM, ci: process.env.CI };
    try {
      process.env.GNC_CHROMIUM = path.join(tmp, "no-such-chromium");
      await expect(launchBrowser()).rejects.toThrow(/^chromium not found \(looked at .*no-such-chromium\); install Debian's chromium/);
      process.env.CI = "true";
      expect(browserTestMode().run).toBe(true);
      process.env.CI = "";
      expect(browserTestMode()).toMatchObject({ run: false, reason: expect.stringContaining("skipped outside CI") });
    } finally {
      for (const [k, v] of [["GNC_CHROMIUM", saved.chrome], ["CI", saved.ci]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

const mode = browserTestMode();
if (!mode.run) console.warn(`report.html browser test skipped: ${mode.reason}`);

describe.skipIf(!mode.run)("report.html in headless Chromium", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await serveDir(dir);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Open a page, recording console errors, page errors and any request that is not the page itself. */
  async function open(url: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${(e as Error).message}`));
    page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url().slice(0, 200)}`));
    // data: URLs (the inlined font) are not network requests
    page.on("request", (r) => {
      if (r.url() !== url && !r.url().startsWith("data:")) problems.push(`request: ${r.url().slice(0, 200)}`);
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, problems };
  }

  async function columnValues(page: Page, name: string): Promise<string[]> {
    return page.$$eval(
      "#summary-table",
      (tables, col) => {
        const t = tables[0] as HTMLTableElement;
        const i = [...t.tHead!.rows[0].cells].findIndex((c) => c.textContent === col);
        return [...t.tBodies[0].rows].map((r) => r.cells[i].getAttribute("data-v") ?? "");
      },
      name,
    );
  }

  it("loads with no errors and no requests, every figure visible and not blank, the table sorts", async () => {
    const { page, problems } = await open(`${server.url}report.html`);
    // every figure has a box and is not blank on screen (a screenshot of each; a full-page one is
    // ~10x slower on SwiftShader)
    const boxes = await page.$$eval("figure svg", (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(boxes.length).toBe(figures.length);
    for (const [i, f] of figures.entries()) {
      expect(boxes[i][0], f).toBeGreaterThan(200);
      expect(boxes[i][1], f).toBeGreaterThan(150);
      const el = (await page.$(`#fig-${f} svg`))!;
      const v = pngVariety(new Uint8Array(await el.screenshot({ type: "png" })));
      expect(v.width, f).toBeGreaterThan(200);
      expect(v.colours, f).toBeGreaterThan(8);
      expect(v.nonWhite, f).toBeGreaterThan(0.02);
    }

    // sort by overlap (numeric, one empty cell), then reverse; then by label (text)
    const before = await columnValues(page, "overlap");
    const filled = before.filter((v) => v !== "").map(Number);
    expect(before.filter((v) => v === "").length).toBe(1); // setting 3 (all seeds failed): one method row
    expect(filled.length).toBeGreaterThan(1);
    await page.click("#summary-table th:nth-child(" + ((await headerIndex(page, "overlap")) + 1) + ")");
    const asc = await columnValues(page, "overlap");
    expect(asc.slice(0, -1).map(Number)).toEqual([...filled].sort((a, b) => a - b));
    expect(asc[asc.length - 1]).toBe("");
    expect(await page.$eval("#summary-table th[aria-sort]", (th) => [th.textContent, th.getAttribute("aria-sort")])).toEqual(["overlap", "ascending"]);
    await page.click("#summary-table th:nth-child(" + ((await headerIndex(page, "overlap")) + 1) + ")");
    const desc = await columnValues(page, "overlap");
    expect(desc.slice(0, -1).map(Number)).toEqual([...filled].sort((a, b) => b - a));
    expect(desc[desc.length - 1]).toBe("");
    await page.click("#summary-table th:nth-child(" + ((await headerIndex(page, "label")) + 1) + ")");
    const labels = await columnValues(page, "label");
    expect(labels).toEqual([...labels].sort());
    // the rows moved as a whole: each row's label still matches its setting
    const sweep = loadSweep(dir);
    const pairs = await page.$$eval("#summary-table tbody tr", (rows) => rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
    for (const [setting, label] of pairs) expect(sweep.manifest.settings[Number(setting)].label).toBe(label);
    // the base config is collapsed until opened
    expect(await page.$eval("details", (d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("opens from file:// too, with no errors", async () => {
    const url = pathToFileURL(path.join(dir, "report.html")).href;
    const { page, problems } = await open(url);
    expect(await page.$$eval("figure svg", (s) => s.filter((x) => x.getBoundingClientRect().width > 0).length)).toBe(figures.length);
    expect(problems).toEqual([]);
    await page.close();
    expect(readdirSync(dir)).toContain("report.html");
  }, 60_000);
});

async function headerIndex(page: Page, name: string): Promise<number> {
  return page.$$eval("#summary-table th", (ths, n) => ths.findIndex((t) => t.textContent === n), name);
}
