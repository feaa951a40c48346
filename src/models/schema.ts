/**
 * The network's config as a zod schema — the single source of its fields, defaults (REFERENCE.md
 * §2, §7: GraphConv, mean aggregation, L = 32, d = 8, W1 on, no bias, BatchNorm, ReLU), enums and
 * types. The run config (runs/schema/gnn.ts) embeds it as its `model` block, the CLI derives the
 * flags from it (runs/flags.ts), and `NetworkConfig` (types.ts) is its output type plus the two
 * widths that come from the data (d_in, C).
 */
import { z } from "zod";

export const LAYERS = ["graphconv", "gcn"] as const;
export const AGGREGATIONS = ["mean", "sum", "sym"] as const;
export const ACTIVATIONS = ["relu", "none"] as const;
export const IMPLS = ["auto", "fused", "ops"] as const;

const posInt = z.number().int().positive();

export const modelSchema = z
  .object({
    layer: z.enum(LAYERS).default("graphconv").meta({ describe: "convolution" }),
    aggregation: z.enum(AGGREGATIONS).default("mean").meta({ describe: "GraphConv aggregation" }),
    depth: posInt.default(32).meta({ describe: "hidden layers L" }),
    hidden: posInt.default(8).meta({ describe: "hidden width d" }),
    useW1: z.boolean().default(true).meta({ describe: "GraphConv root weight W1 (--no-use-w1 to drop it)" }),
    bias: z.boolean().default(false).meta({ describe: "biases in the convolutions" }),
    batchNorm: z.boolean().default(true).meta({ describe: "BatchNorm after each ReLU" }),
    activation: z.enum(ACTIVATIONS).default("relu").meta({ describe: "activation" }),
    /** Kernel implementation: fused custom kernels or composed tfjs ops; absent = auto (by backend). */
    impl: z.enum(IMPLS).optional().meta({ describe: "layer kernels: fused (typed-array/SIMD), ops (composed tfjs ops), auto (by backend)" }),
  })
  .strict();

export type ModelConfig = z.output<typeof modelSchema>;
