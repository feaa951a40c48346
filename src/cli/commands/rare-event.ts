/** `gnc rare-event` — PLACEHOLDER: being implemented; replace this whole file. */
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const rareEventCommand: GncCommand = {
  command: "rare-event",
  describe: "(not implemented yet)",
  builder: (y) => y,
  handler: async () => {
    throw new GncError("gnc rare-event: not implemented yet");
  },
};
