import { describe, expect, it } from "vitest";
import { Resvg } from "@resvg/resvg-js";
import { embeddedFontFile, renderVegaLite, svgToPng, textWidth, FONT_FAMILY } from "../../src/report/render.js";
import { assertBalancedSvg, linePaths, pngSize, svgSize } from "./svg-helpers.js";

/** Count dark pixels of an SVG rendered by resvg with the given font files and no system fonts. */
function inkPixels(svg: string, fontFiles: string[]): number {
  const img = new Resvg(svg, { background: "white", font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY } }).render();
  const px = img.pixels; // a getter that copies: read it once
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 128) dark++;
  return dark;
}

describe("embedded font", () => {
  const text = (s: string, size = 40) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80"><text x="10" y="55" font-family="sans-serif" font-size="${size}">${s}</text></svg>`;

  it("draws text without any system font (and nothing is drawn without it)", () => {
    const svg = text("log₁₀ ÑC₁ Tr Σ_W ÂH");
    expect(inkPixels(svg, [])).toBe(0);
    expect(inkPixels(svg, [embeddedFontFile()])).toBeGreaterThan(500);
  });

  it("advance widths agree with the ink width resvg measures for the same font", () => {
    for (const s of ["MMMMMMMM", "hidden layer l", "log₁₀ NC₁", "ΣΣΣΣ ÂH"]) {
      const svg = text(s, 30);
      const r = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [embeddedFontFile()], defaultFontFamily: FONT_FAMILY } });
      const bbox = r.getBBox()!;
      const w = textWidth(s, 30);
      // ink width = advance sum minus the side bearings of the first and last glyph (a few px)
      expect(Math.abs(bbox.width - w)).toBeLessThan(0.08 * w + 4);
    }
    expect(textWidth("\u{1F600}", 10)).toBeCloseTo(6, 10); // not in the subset: 0.6 em
  });
});

describe("renderVegaLite", () => {
  it("renders a spec to a well-formed SVG and a 2x PNG, with one line per series", async () => {
    const values = [0, 1, 2, 3].flatMap((x) => [{ x, y: x * x, s: "a" }, { x, y: -x, s: "b" }, { x, y: 1, s: "c" }]);
    const fig = await renderVegaLite({
      width: 200,
      height: 120,
      data: { values },
      mark: "line",
      encoding: { x: { field: "x", type: "quantitative", title: "layer l" }, y: { field: "y", type: "quantitative" }, color: { field: "s", type: "nominal" } },
    });
    assertBalancedSvg(fig.svg);
    expect(fig.svg).toContain("layer l");
    const lines = linePaths(fig.svg);
    expect(lines.length).toBe(3);
    expect(lines.every((l) => l.points.length === 4)).toBe(true);
    expect(svgSize(fig.svg)).toEqual({ width: fig.width, height: fig.height });
    const p = pngSize(fig.png!);
    expect(p).toEqual({ width: Math.ceil(2 * fig.width), height: Math.ceil(2 * fig.height) });
    const svgOnly = await renderVegaLite({ data: { values }, mark: "point", encoding: { x: { field: "x", type: "quantitative" } } }, { png: false });
    expect(svgOnly.png).toBeUndefined();
  });

  it("rejects an invalid spec and a bad scale with one-line errors", async () => {
    await expect(renderVegaLite({ mark: "nonsense" } as any)).rejects.toThrow(/^gnc\/report: invalid vega-lite spec/);
    expect(() => svgToPng("<svg/>", 0)).toThrow(/PNG scale/);
  });
});
