/**
 * Build the browser explorer (src/web/) into dist/explorer/ with esbuild: `npm run build:web`.
 * Usage: npx tsx scripts/build-web.ts [outDir]
 */
import { buildExplorer } from "../src/web/build.js";

const r = await buildExplorer(process.argv[2]);
console.log(`explorer: ${r.dir}/explorer.js, ${(r.bytes / 2 ** 20).toFixed(2)} MiB, built in ${(r.ms / 1000).toFixed(1)} s`);
