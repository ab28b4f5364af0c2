import type { AttestConfig } from "./AttestConfig.js";
import type { AttestSettings, SettingKey } from "./AttestSettings.js";

/**
 * A setting a command can do without: undefined when unset.
 *
 * @throws {ConfigError} when it is set but invalid.
 * @example
 * const base = optionalSetting(config, "manifestBaseUrl") // "https://lab.example/batches" or undefined
 */
export function optionalSetting<key extends SettingKey>(config: AttestConfig, key: key): AttestSettings[key] | undefined {
  const entry = config.entries[key];
  if (entry === undefined) return undefined;
  if (!entry.ok) throw entry.error;
  return entry.value as AttestSettings[key];
}
