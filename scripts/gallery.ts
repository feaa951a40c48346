/**
 * `npm run gallery -- [--run quick|paper|none] [--experiments a,b] [--out out/gallery] [--file docs/results.md]
 *                     [--archive docs/results/archive|none] [--jobs N] [--note TEXT]`
 *
 * Regenerates the results gallery from the committed experiment definitions: for each experiment,
 * first restores the runs committed in its results archive (ARCHIVE/NAME-SCALE.jsonl.gz,
 * src/sweep/archive.ts) that --out lacks, runs it at the chosen scale (`gnc reproduce NAME --scale S`:
 * complete runs are skipped, unfinished ones resume), merges every scale that has runs (partial
 * sweeps included, their missing runs listed), adds the complete runs to the archive, draws the
 * figures, and writes the page (src/report/gallery.ts) with its PNGs under docs/results/.
 * With --experiments, the other studies' sections are kept as the page has them; --file none
 * writes no page (runs, merges and archives only). Default --run
 * quick (minutes per study on 2 cores); --run paper is the full budget (hours; it accumulates in the
 * archive across sessions and machines).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { reproduction } from "../src/sweep/spec.js";
import { runSweep } from "../src/sweep/run.js";
import { executeSweep } from "../src/cli/sweep-run.js";
import { drawSweepFigures } from "../src/report/sweep-figures.js";
import { GALLERY, GALLERY_SCALES, readGalleryPage, renderGallery, type KeptSection } from "../src/report/gallery.js";
import { archiveSweep, restoreSweep } from "../src/sweep/archive.js";
import { planSweep } from "../src/sweep/plan.js";
import { GncError } from "../src/util/errors.js";
import { writeFileAtomic } from "../src/util/fs.js";

const { values } = parseArgs({
  options: {
    run: { type: "string", default: "quick" },
    experiments: { type: "string" },
    out: { type: "string", default: "out/gallery" },
    file: { type: "string", default: "docs/results.md" },
    archive: { type: "string", default: "docs/results/archive" },
    jobs: { type: "string" },
    note: { type: "string" },
  },
});
const die = (m: string) => {
  process.stderr.write(`npm run gallery: ${m}\n`);
  process.exit(2);
};
if (!["quick", "paper", "none"].includes(values.run!)) die(`--run must be quick, paper or none, got "${values.run}"`);
const names = values.experiments ? values.experiments.split(",").map((s) => s.trim()) : GALLERY.map((s) => s.experiment);
const unknown = names.find((n) => !GALLERY.some((s) => s.experiment === n));
if (unknown) die(`unknown gallery experiment "${unknown}" (known: ${GALLERY.map((s) => s.experiment).join(", ")})`);
const jobs = values.jobs !== undefined ? Number(values.jobs) : undefined;
const out = values.out!;

const archiveDir = values.archive === "none" ? null : values.archive!;
const archiveOf = (sweep: string) => path.join(archiveDir!, `${sweep}.jsonl.gz`);
const guard = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof GncError) die(e.message);
    throw e;
  }
};

for (const name of names) {
  if (archiveDir) {
    for (const scale of GALLERY_SCALES) {
      const plan = planSweep(reproduction(name, scale).spec);
      const r = guard(() => restoreSweep(plan, out, archiveOf(plan.name)));
      if (r.restored) process.stderr.write(`gallery: ${plan.name}: restored ${r.restored} archived runs into ${out}\n`);
    }
  }
  if (values.run !== "none") {
    const { spec, command } = reproduction(name, values.run as "quick" | "paper");
    const code = await executeSweep(spec, { prog: `gallery ${name}`, out, jobs, figures: true, command });
    if (code >= 2) process.exit(code);
  }
  // every scale with runs: merge what is complete (a partial paper sweep included) and draw
  for (const scale of GALLERY_SCALES) {
    const { spec: s, command } = reproduction(name, scale);
    if (!existsSync(path.join(out, s.name))) continue;
    const r = await runSweep(s, { outDir: out, mergeOnly: true, command });
    await drawSweepFigures(r.sweepDir, { formats: ["svg", "png"] });
    const a = archiveDir ? guard(() => archiveSweep(r.plan, out, archiveOf(s.name))) : null;
    process.stderr.write(
      `gallery: ${s.name}: merged (${r.merged?.missing.length ?? 0} runs missing)` +
        (a ? `; archive ${archiveOf(s.name)}: ${a.runs} runs (${a.added} written now${a.dropped ? `, ${a.dropped} of an older definition dropped` : ""})` : "") + "\n",
    );
  }
}
if (values.file === "none") {
  process.stderr.write("gallery: --file none: page not written\n");
  process.exit(0);
}
// --experiments: the other studies keep their sections as the page has them
const keep = new Map<string, KeptSection>();
if (values.experiments && existsSync(values.file!)) {
  const page = readGalleryPage(readFileSync(values.file!, "utf8"));
  for (const s of GALLERY) if (!names.includes(s.experiment) && page.has(s.heading)) keep.set(s.experiment, page.get(s.heading)!);
}
const g = renderGallery({
  outDir: out,
  file: values.file!,
  keep,
  // the whole page, whichever experiments were run now
  sections: GALLERY,
  preamble:
    `Every number and figure below is read from the outputs of \`gnc reproduce\` (experiments/reproduce/*.json) by ` +
    "`npm run gallery` (scripts/gallery.ts → src/report/gallery.ts): mean ± sd over seeds from each sweep's summary.csv, " +
    "statements derived from those numbers only (a difference is called one when it is at least twice its standard error). " +
    `Regenerate: \`npm run gallery\` (quick scale) or \`npm run gallery -- --run paper\`; \`--run none\` only re-renders. Generated ${new Date().toISOString().slice(0, 10)}.` +
    (values.note ? `\n\n${values.note}` : ""),
});
writeFileAtomic(values.file!, g.markdown);
process.stderr.write(`gallery: wrote ${values.file} (${g.figures.length} figures; ${g.sections.filter((s) => s.scales.length).length}/${g.sections.length} studies with results)\n`);
