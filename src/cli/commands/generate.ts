/** `gnc generate` — PLACEHOLDER: being implemented; replace this whole file. */
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const generateCommand: GncCommand = {
  command: "generate",
  describe: "(not implemented yet)",
  builder: (y) => y,
  handler: async () => {
    throw new GncError("gnc generate: not implemented yet");
  },
};
