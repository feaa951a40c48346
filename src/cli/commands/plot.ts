/** `gnc plot` — PLACEHOLDER: being implemented; replace this whole file. */
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const plotCommand: GncCommand = {
  command: "plot",
  describe: "(not implemented yet)",
  builder: (y) => y,
  handler: async () => {
    throw new GncError("gnc plot: not implemented yet");
  },
};
