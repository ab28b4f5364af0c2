import type { AttestConfig } from "./AttestConfig.js";
import type { AttestSettings, SettingKey } from "./AttestSettings.js";
import { settingError } from "./settingError.js";

/**
 * A setting a command cannot run without.
 *
 * @throws {ConfigError} naming the environment variable and config-file key when it is missing or invalid.
 * @example
 * const anchorer = requireSetting(config, "anchorerKey") // a viem PrivateKeyAccount
 */
export function requireSetting<key extends SettingKey>(config: AttestConfig, key: key): AttestSettings[key] {
  const entry = config.entries[key];
  if (entry === undefined) throw settingError({ key, fileLabel: config.fileLabel, problem: "missing" });
  if (!entry.ok) throw entry.error;
  return entry.value as AttestSettings[key];
}
