/**
 * Real-browser test helpers: headless Debian Chromium driven by puppeteer-core (no browser
 * download), a tiny static file server, and a PNG decoder for "is this screenshot blank?" checks.
 *
 *   const mode = browserTestMode();          // { run: false, reason } outside CI without chromium
 *   describe.skipIf(!mode.run)("…", () => { … const browser = await launchBrowser(); … });
 *   const { url, close } = await serveDir(dir);   // http://127.0.0.1:PORT/
 *
 * In CI (env CI=true) a missing chromium is a failure, never a skip: browserTestMode() says run and
 * launchBrowser() throws a clear error. Launch flags as measured in ../shared/browser-testing.md
 * (SwiftShader for WebGL; pass { webgpu: true } for WebGPU); every launch gets a fresh profile folder,
 * removed when the browser disconnects. Pages served from 127.0.0.1 are a secure context.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import puppeteer, { type Browser } from "puppeteer-core";

export const CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The chromium binary ($GNC_CHROMIUM first, then the Debian paths), or null. */
export function findChromium(): string | null {
  const env = process.env.GNC_CHROMIUM;
  if (env) return existsSync(env) ? env : null;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Whether browser tests should run here: always in CI (a missing browser then fails), else only when chromium exists. */
export function browserTestMode(): { run: boolean; reason?: string } {
  if (process.env.CI === "true" || findChromium()) return { run: true };
  return { run: false, reason: `no chromium at ${CHROMIUM_CANDIDATES.join(" or ")} (apt-get install chromium, or set GNC_CHROMIUM); browser tests skipped outside CI` };
}

export interface LaunchOptions {
  /** Also enable WebGPU (--enable-unsafe-webgpu). */
  webgpu?: boolean;
  /** Extra chromium flags. */
  args?: string[];
}

/** Launch headless chromium. Throws a clear Error when no chromium binary is found. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(`chromium not found (looked at ${process.env.GNC_CHROMIUM ?? CHROMIUM_CANDIDATES.join(", ")}); install Debian's chromium (apt-get install -y chromium) or set GNC_CHROMIUM`);
  }
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "gnc-chromium-"));
  const args = [
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-dev-shm-usage",
    ...(opts.webgpu ? ["--enable-unsafe-webgpu"] : []),
    ...(opts.args ?? []),
  ];
  let browser: Browser;
  try {
    browser = await puppeteer.launch({ executablePath, headless: true, userDataDir, args, protocolTimeout: 120_000 });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  // Chromium may still be writing its profile as it disconnects: retry, and never fail a test over it.
  browser.once("disconnected", () => {
    try {
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      /* a temp folder left behind */
    }
  });
  return browser;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Serve `dir` read-only on 127.0.0.1 (a free port). `url` ends with "/". */
export async function serveDir(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.join(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Decode an 8-bit RGB/RGBA (colour type 2 or 6), non-interlaced PNG into RGBA bytes. */
export function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let off = 8;
  let width = 0, height = 0, type = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const name = buf.toString("latin1", off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (name === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      type = data[9];
      if (data[8] !== 8 || (type !== 2 && type !== 6) || data[12] !== 0) throw new Error(`unsupported PNG (depth ${data[8]}, colour type ${type}, interlace ${data[12]})`);
    } else if (name === "IDAT") idat.push(data);
    else if (name === "IEND") break;
    off += 12 + len;
  }
  const bpp = type === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = new Uint8Array(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (line[i] + pred) & 255;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = line[x * bpp];
      out[o + 1] = line[x * bpp + 1];
      out[o + 2] = line[x * bpp + 2];
      out[o + 3] = bpp === 4 ? line[x * bpp + 3] : 255;
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

/**
 * Distinct RGBA colours and the fraction of pixels that are not (near) white, of a PNG or of the
 * rectangle `region` of it (pixels; clipped to the image).
 */
export function pngVariety(
  png: Uint8Array | ReturnType<typeof decodePng>,
  region?: { x: number; y: number; width: number; height: number },
): { colours: number; nonWhite: number; width: number; height: number } {
  const img = png instanceof Uint8Array ? decodePng(png) : png;
  const x0 = Math.max(0, Math.floor(region?.x ?? 0));
  const y0 = Math.max(0, Math.floor(region?.y ?? 0));
  const x1 = Math.min(img.width, Math.ceil(region ? region.x + region.width : img.width));
  const y1 = Math.min(img.height, Math.ceil(region ? region.y + region.height : img.height));
  const seen = new Set<number>();
  let nonWhite = 0;
  const { rgba } = img;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      seen.add(((rgba[i] << 24) | (rgba[i + 1] << 16) | (rgba[i + 2] << 8) | rgba[i + 3]) >>> 0);
      if (rgba[i] < 240 || rgba[i + 1] < 240 || rgba[i + 2] < 240) nonWhite++;
    }
  }
  const area = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return { colours: seen.size, nonWhite: area ? nonWhite / area : 0, width: x1 - x0, height: y1 - y0 };
}
