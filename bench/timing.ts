/** Best wall time (ms) of `reps` runs of f: the least disturbed by whatever else the machine does. */
export async function bestMs(reps: number, f: () => Promise<unknown> | unknown): Promise<number> {
  let b = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}
