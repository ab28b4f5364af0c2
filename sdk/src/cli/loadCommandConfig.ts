import type { z } from "zod";
import type { AttestConfig } from "../config/AttestConfig.js";
import { loadConfig } from "../config/loadConfig.js";
import type { CommandContext } from "./CommandContext.js";
import type { globalOptionsSchema } from "./options/globalOptionsSchema.js";

/**
 * Loads the settings a command runs with: `--config`, `--rpc` and `--contract` over the environment over
 * the config file; prints the config's warnings (a file holding secrets readable by others).
 *
 * @throws {ConfigError} when the config file cannot be used.
 * @example
 * const config = loadCommandConfig(options, context)
 */
export function loadCommandConfig(options: z.output<typeof globalOptionsSchema>, { env, cwd, logger }: CommandContext): AttestConfig {
  const config = loadConfig({ env, cwd, file: options.config, overrides: { rpcUrl: options.rpc, contract: options.contract } });
  for (const warning of config.warnings) logger?.warn(warning);
  return config;
}
