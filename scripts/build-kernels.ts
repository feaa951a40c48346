/**
 * Regenerate src/tensor/kernels/generated.ts (the unrolled typed-array kernels) from the source
 * generators in src/tensor/kernels/codegen.ts. test/tensor/generated.test.ts checks that the
 * committed file is exactly what this produces.   Usage: npx tsx scripts/build-kernels.ts
 */
import { fileURLToPath } from "node:url";
import path from "node:path";
import { generatedModule } from "../src/tensor/kernels/codegen.js";
import { writeFileAtomic } from "../src/util/fs.js";

export const GENERATED_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), "../src/tensor/kernels/generated.ts");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = generatedModule();
  writeFileAtomic(GENERATED_PATH, text);
  console.log(`wrote ${GENERATED_PATH}: ${text.length} characters`);
}
