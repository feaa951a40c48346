/**
 * A queue job's payload: { v, study, hash, config } — the study kind, the fully resolved config as
 * the sweep planned it, and its config hash (SHA-256 of canonical JSON, runs/schema/common.ts),
 * which is also the BullMQ job id. A worker validates every payload before running anything: the
 * study must be a known kind, the config must parse with that study's schema (src/runs/schema/*.ts)
 * and be complete (parsing fills in no default and changes nothing), and its hash must equal the
 * job's. Anything else is refused. graph.kind "file" is refused too: a worker has no shared file
 * system to read the user's graph from (see the README).
 */
import { GncError } from "../../util/errors.js";
import { canonicalJson, configHash } from "../../runs/schema/common.js";
import { validateConfig } from "../../runs/schema/gnn.js";
import { validateSpectralConfig } from "../../runs/schema/spectral.js";
import { validateUfmConfig } from "../../runs/schema/ufm.js";
import { STUDIES, type StudyConfig, type StudyName } from "../studies.js";

export const PAYLOAD_VERSION = 1;

export interface JobPayload {
  v: typeof PAYLOAD_VERSION;
  study: StudyName;
  hash: string;
  config: StudyConfig;
}

const VALIDATORS: Record<StudyName, (raw: unknown, source: string) => unknown> = {
  gnn: validateConfig, spectral: validateSpectralConfig, ufm: validateUfmConfig,
};

export function makePayload(study: StudyName, config: StudyConfig): JobPayload {
  return { v: PAYLOAD_VERSION, study, hash: configHash(config), config };
}

/** The payload if it is a complete config of a known study whose hash matches; a GncError otherwise. */
export function validatePayload(data: unknown, jobId: string | undefined): JobPayload {
  const where = `gnc/sweep/queue: job ${String(jobId ?? "?").slice(0, 16)}`;
  const refuse = (what: string) => new GncError(`${where}: refused: ${what}`);
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw refuse("the payload is not an object");
  const d = data as Record<string, unknown>;
  const extra = Object.keys(d).filter((k) => !["v", "study", "hash", "config"].includes(k));
  if (extra.length) throw refuse(`unknown payload key "${extra[0]}"`);
  if (d.v !== PAYLOAD_VERSION) throw refuse(`payload version ${JSON.stringify(d.v)}, this gnc reads ${PAYLOAD_VERSION}`);
  if (typeof d.study !== "string" || !(STUDIES as readonly string[]).includes(d.study)) throw refuse(`unknown study kind ${JSON.stringify(d.study)?.slice(0, 40)}`);
  const study = d.study as StudyName;
  let parsed: unknown;
  try {
    parsed = VALIDATORS[study](d.config, "job config");
  } catch (err) {
    throw refuse((err as Error).message.replace(/^gnc\/[\w/-]+: /, ""));
  }
  if (canonicalJson(parsed) !== canonicalJson(d.config)) throw refuse("the config is not fully resolved (the schema would fill in or change fields)");
  const cfg = parsed as StudyConfig;
  if ((cfg.graph as { kind?: string } | undefined)?.kind === "file") throw refuse('graph.kind "file" runs need the graph file, which queue workers do not receive');
  const hash = configHash(cfg);
  if (d.hash !== hash) throw refuse("the config hash does not match the payload's");
  if (jobId !== undefined && jobId !== hash) throw refuse("the job id is not the config hash");
  return { v: PAYLOAD_VERSION, study, hash, config: cfg };
}
