/** Every command of the CLI, in the order `gnc --help` lists them. */
import type { GncCommand } from "./types.js";
import { generateCommand } from "./generate.js";
import { checkCommand } from "./check.js";
import { rareEventCommand } from "./rare-event.js";
import { ncCommand } from "./nc.js";
import { trainCommand } from "./train.js";
import { ufmCommand } from "./ufm.js";
import { sweepCommand } from "./sweep.js";
import { reproduceCommand } from "./reproduce.js";
import { plotCommand } from "./plot.js";
import { spectralCommand } from "./spectral.js";
import { exploreCommand } from "./explore.js";
import { workerCommand } from "./worker.js";

export const commands: GncCommand[] = [
  sweepCommand,
  reproduceCommand,
  workerCommand,
  trainCommand,
  spectralCommand,
  ufmCommand,
  plotCommand,
  exploreCommand,
  ncCommand,
  checkCommand,
  rareEventCommand,
  generateCommand,
];
