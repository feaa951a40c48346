/** Small SVG/PNG inspection helpers for the figure tests (no XML dependency). */

/** Throws unless every opening tag is closed in order (a cheap well-formedness check). */
export function assertBalancedSvg(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) {
      const top = stack.pop();
      if (top !== name) throw new Error(`unbalanced SVG: </${name}> closes <${top}>`);
    } else stack.push(name);
  }
  if (stack.length) throw new Error(`unbalanced SVG: unclosed <${stack.join("><")}>`);
  if (!svg.startsWith("<svg")) throw new Error("not an SVG document");
}

/** The SVG root's width and height attributes (CSS px). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error("no width/height on <svg>");
  return { width: +m[1], height: +m[2] };
}

export interface LinePath {
  label: string;
  points: [number, number][];
}

/** Every vega line-mark path: its aria-label and its vertices (from the "M x,y L x,y …" data). */
export function linePaths(svg: string): LinePath[] {
  const out: LinePath[] = [];
  for (const m of svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="line mark"[^>]*\sd="([^"]*)"/g)) {
    const points = [...m[2].matchAll(/[ML]\s*(-?[\d.e-]+),(-?[\d.e-]+)/g)].map((p) => [+p[1], +p[2]] as [number, number]);
    out.push({ label: m[1], points });
  }
  return out;
}

/** Width and height from a PNG's IHDR chunk; throws if the signature is wrong. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  sig.forEach((b, i) => {
    if (png[i] !== b) throw new Error("not a PNG (bad signature)");
  });
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}
