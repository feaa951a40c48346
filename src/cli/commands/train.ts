/** `gnc train` — PLACEHOLDER: being implemented; replace this whole file. */
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const trainCommand: GncCommand = {
  command: "train",
  describe: "(not implemented yet)",
  builder: (y) => y,
  handler: async () => {
    throw new GncError("gnc train: not implemented yet");
  },
};
