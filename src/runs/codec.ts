/**
 * Bit-exact typed arrays in JSON checkpoints: base64 of the little-endian bytes (Float32 for tfjs
 * weights, Float64 for the float64 studies), so a resumed run continues from exactly the same bits.
 */
export function f32ToB64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

export function b64ToF32(s: string): Float32Array {
  const buf = Buffer.from(s, "base64");
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function f64ToB64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

export function b64ToF64(s: string): Float64Array {
  const buf = Buffer.from(s, "base64");
  const out = new Float64Array(buf.byteLength / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
