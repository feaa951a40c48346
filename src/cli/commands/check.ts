/** `gnc check` — PLACEHOLDER: being implemented; replace this whole file. */
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const checkCommand: GncCommand = {
  command: "check",
  describe: "(not implemented yet)",
  builder: (y) => y,
  handler: async () => {
    throw new GncError("gnc check: not implemented yet");
  },
};
