/**
 * WebGL program for the graph aggregation Â·X (REFERENCE.md §2; operator form
 * Â = diag(r)·A·diag(c) + diag(s), see tensor/graph-tensors.ts): one fragment per output entry
 * (row i, column k) gathers the CSR row i,
 *   out[i, k] = r_i · Σ_{p ∈ rowPtr[i]..rowPtr[i+1]} c_{cols[p]} · x[cols[p], k]  +  s_i · x[i, k],
 * a gather-sum per output row (no scatter, so no atomics); the transpose for the gradient is the
 * same program with r and c swapped (A is symmetric). Inputs: x (N×d float32), rowPtr and cols
 * (int32, which WebGL stores as floats: `int(v + 0.5)` recovers them exactly below 2^24), scale
 * (N×3 float32 [r | c | s]). Program format: tfjs-backend-webgl's GPGPUProgram (see
 * ../shared/browser-testing.md; WebGL 2 allows the data-dependent loop bound).
 */
export interface GpuProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  /**
   * Shapes as uniforms: the compiled shader is then reused across graphs (every new graph has a
   * different nnz, which would otherwise key a new compilation per graph).
   */
  enableShapeUniforms: boolean;
}

/** The program for an N×d output; flags say which scalings are present (absent ones are skipped). */
export function aggregateProgram(n: number, d: number, transpose: boolean, has: { r: boolean; c: boolean; s: boolean }): GpuProgram {
  const rCol = transpose ? 1 : 0, cCol = transpose ? 0 : 1;
  const hasR = transpose ? has.c : has.r, hasC = transpose ? has.r : has.c;
  return {
    variableNames: ["x", "rowPtr", "cols", "scale"],
    outputShape: [n, d],
    enableShapeUniforms: true,
    userCode: `
      void main() {
        ivec2 coords = getOutputCoords();
        int i = coords.x;
        int k = coords.y;
        int start = int(getRowPtr(i) + 0.5);
        int end = int(getRowPtr(i + 1) + 0.5);
        float acc = 0.0;
        for (int p = start; p < end; p++) {
          int j = int(getCols(p) + 0.5);
          acc += ${hasC ? `getScale(j, ${cCol}) * ` : ""}getX(j, k);
        }
        ${hasR ? `acc *= getScale(i, ${rCol});` : ""}
        ${has.s ? "acc += getScale(i, 2) * getX(i, k);" : ""}
        setOutput(acc);
      }`,
  };
}
