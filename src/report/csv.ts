/** The CSV reader moved to src/util/csv.ts (the sweep reads run files too); kept here for report/ imports. */
export * from "../util/csv.js";
