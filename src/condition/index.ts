/**
 * The exact-collapse condition (REFERENCE.md §5): checker (count and fraction forms, graded score,
 * violating nodes) and the rare-event probability of the condition on SBM samples.
 */
export { neighbourClassCounts, checkCondition } from "./check.js";
export type { ConditionReport, Spread, CheckOptions } from "./check.js";
export {
  rareEventBound,
  rareEventMonteCarlo,
  countConditionHolds,
  logAllEqualProbability,
  logBinomialPmf,
  wilsonInterval,
} from "./rare-event.js";
export type { RareEventBound, RareEventMonteCarlo } from "./rare-event.js";
