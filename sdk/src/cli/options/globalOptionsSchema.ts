import { z } from "zod";

/** The options every command accepts: where its settings come from. Their values are checked by `loadConfig`. */
export const globalOptionsSchema = z.object({
  /** A JSON config file (default ./aiattest.config.json when present). */
  config: z.string().min(1, "expected a file path").optional(),
  /** Overrides AIATTEST_RPC_URL. Only `verify` takes it more than once. */
  rpc: z.string({ error: "is given more than once: only verify reads several RPCs" }).optional(),
  /** Overrides AIATTEST_CONTRACT. */
  contract: z.string().optional(),
});
