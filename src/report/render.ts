/**
 * Render figures: vega-lite spec → vega spec → SVG (vega's headless View, renderer "none",
 * `view.toSVG()`), SVG → PNG with @resvg/resvg-js. No canvas package is involved (DESIGN.md "Plots").
 *
 * Text: vega without node-canvas guesses text widths (0.8 em per character, far too wide), and resvg
 * draws no text when the machine has no fonts. Both are fixed here by one embedded font
 * (font-data.ts, a DejaVu Sans subset): its advance widths drive vega's layout (a user-defined
 * `textMetrics.width`, the hook vl-convert uses) and its TTF is the only font resvg loads, so a PNG
 * is pixel-identical on every machine. Characters outside the subset are measured as 0.6 em and
 * drawn as the font's .notdef box.
 *
 * References: vega-lite (Satyanarayan et al., IEEE TVCG 2017), vega View API
 * (https://vega.github.io/vega/docs/api/view/), resvg-js README.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { GncError } from "../util/errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { ADVANCE, FONT_FAMILY, FONT_TTF_BASE64, UNITS_PER_EM } from "./font-data.js";

export { FONT_FAMILY };

/** A rendered figure: the SVG text, its size in CSS px, and the PNG bytes when asked for. */
export interface RenderedFigure {
  svg: string;
  /** Width and height of the SVG in CSS px (1/96 in). */
  width: number;
  height: number;
  /** PNG at `scale` × the SVG size (absent when `png: false`). */
  png?: Uint8Array;
}

export interface RenderOptions {
  /** Also rasterise to PNG (default true). */
  png?: boolean;
  /** PNG pixels per SVG px (default 2: a 3.3 in figure comes out at ≈ 190 dpi). */
  scale?: number;
}

let fontFile: string | null = null;

/**
 * Path of the embedded TTF on disk (resvg-js 2 only loads fonts from files): written once into the
 * OS temp folder under a content-hash name, so concurrent processes agree and never see half a file.
 */
export function embeddedFontFile(): string {
  if (fontFile && existsSync(fontFile)) return fontFile;
  const bytes = Buffer.from(FONT_TTF_BASE64, "base64");
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
  const file = path.join(os.tmpdir(), "gnc-fonts", `gnc-dejavu-sans-subset-${hash}.ttf`);
  if (!existsSync(file)) writeFileAtomic(file, bytes);
  fontFile = file;
  return file;
}

/** Width in px of `text` set in the embedded font at `fontSize` px (kerning ignored). */
export function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += ADVANCE[ch.codePointAt(0)!] ?? 0.6 * UNITS_PER_EM;
  return (units / UNITS_PER_EM) * fontSize;
}

let metricsInstalled = false;

/** Make vega measure text with the embedded font's advance widths (process-wide, idempotent). */
function installTextMetrics(): void {
  if (metricsInstalled) return;
  // vega re-exports vega-scenegraph's textMetrics object; its .d.ts omits it.
  const tm = (vega as unknown as { textMetrics: unknown }).textMetrics as { width: (item: any, text?: unknown) => number };
  tm.width = (item: any, text?: unknown) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const s = text == null ? "" : String(text).trim();
    // Bold glyphs are ~10 % wider; figures here use normal weight, this only guards user specs.
    const bold = item.fontWeight === "bold" || +item.fontWeight >= 600 ? 1.1 : 1;
    return size <= 0 || !s ? 0 : textWidth(s, size) * bold;
  };
  metricsInstalled = true;
}

/** Rasterise an SVG to PNG with resvg, using only the embedded font. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  if (!(scale > 0 && scale <= 16)) throw new GncError(`gnc/report: PNG scale must be in (0, 16], got ${scale}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: [embeddedFontFile()],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Render a vega (not vega-lite) spec to SVG (+ PNG). */
export async function renderVega(spec: vega.Spec, opts: RenderOptions = {}): Promise<RenderedFigure> {
  installTextMetrics();
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
    const width = m ? +m[1] : view.width();
    const height = m ? +m[2] : view.height();
    const out: RenderedFigure = { svg, width, height };
    if (opts.png !== false) out.png = svgToPng(svg, opts.scale ?? 2);
    return out;
  } finally {
    view.finalize();
  }
}

/**
 * Render a vega-lite spec to SVG and PNG. A tiny generic entry point for any figure:
 *   const { svg, png } = await renderVegaLite({ data: { values }, mark: "line", encoding: … });
 * The gnc theme (embedded font, ≥ 9 pt text at 3.3 in) is merged under the spec's own config.
 */
export async function renderVegaLite(spec: TopLevelSpec, opts: RenderOptions = {}): Promise<RenderedFigure> {
  let compiled: vega.Spec;
  try {
    compiled = compile(spec, { config: GNC_THEME as any, logger: quietLogger }).spec as vega.Spec;
  } catch (err) {
    throw new GncError(`gnc/report: invalid vega-lite spec: ${(err as Error).message.split("\n")[0]}`);
  }
  return renderVega(compiled, opts);
}

// vega-lite warns about harmless merges (e.g. legend properties of layered marks); keep stderr clean.
const quietLogger = vega.logger(vega.Error);

/**
 * The gnc figure theme. Sizes are in CSS px; a single-panel figure is ≈ 320 px wide, i.e. shown at
 * 3.3 in a px is 0.74 pt, so 12.5 px text ≈ 9.3 pt.
 */
export const GNC_THEME = {
  font: FONT_FAMILY,
  background: "white",
  padding: 4,
  view: { stroke: "#888", strokeWidth: 0.6 },
  axis: {
    labelFontSize: 12.5,
    titleFontSize: 13,
    titleFontWeight: "normal",
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    gridColor: "#e4e4e4",
    domainColor: "#555",
    tickColor: "#555",
    titlePadding: 4,
  },
  legend: {
    labelFontSize: 12.5,
    titleFontSize: 12.5,
    titleFontWeight: "normal",
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    symbolSize: 120,
    symbolStrokeWidth: 2,
    columnPadding: 8,
    rowPadding: 2,
  },
  header: {
    labelFontSize: 13,
    titleFontSize: 13,
    titleFontWeight: "normal",
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
  },
  title: { fontSize: 13, fontWeight: "normal", font: FONT_FAMILY, subtitleFontSize: 12.5, subtitleFont: FONT_FAMILY },
  text: { font: FONT_FAMILY, fontSize: 12.5 },
  line: { strokeWidth: 1.6 },
} as const;
