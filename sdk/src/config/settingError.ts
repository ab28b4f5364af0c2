import type { SettingSource } from "./AttestConfig.js";
import type { SettingKey } from "./AttestSettings.js";
import { ConfigError } from "../errors/ConfigError.js";
import { configSettings, isSecretValue } from "./configSettings.js";

export type SettingErrorParameters = {
  key: SettingKey;
  fileLabel: string;
} & ({ problem: "missing" } | { problem: "invalid"; source: SettingSource; value: unknown });

/**
 * The error for a missing or invalid setting, naming the environment variable and the config-file key and
 * saying what to set. Values of secret settings (keys, the RPC URL) are never echoed.
 *
 * @example
 * settingError({ key: "anchorerKey", fileLabel: "aiattest.config.json", problem: "missing" })
 * // AIATTEST_ANCHORER_KEY is missing: set it to the anchorer's 0x-prefixed 32-byte private key (or "anchorerKey" in aiattest.config.json)
 */
export function settingError(parameters: SettingErrorParameters): ConfigError {
  const { key, fileLabel } = parameters;
  const spec = configSettings[key];
  const inFile = `"${key}" in ${fileLabel}`;
  if (parameters.problem === "missing") {
    const alternatives = [inFile, ...(spec.flag ? [`pass ${spec.flag}`] : [])].join(", or ");
    return new ConfigError({ setting: key, message: `${spec.env} is missing: set it to ${spec.expects} (or ${alternatives})` });
  }
  const { source, value } = parameters;
  const subject = source === "file" ? inFile : source === "override" ? (spec.flag ?? `the ${key} option`) : spec.env;
  const alternatives = source === "file" ? spec.env : source === "override" ? `${spec.env}, or ${inFile}` : inFile;
  // a URL with user info (a mistyped database URL, say) may carry a password, whatever the setting
  const echo = isSecretValue(spec, value) || (typeof value === "string" && /^[a-z][a-z0-9+.-]*:[^\s]*@/i.test(value.trim())) ? " (value not shown)" : ` (${quote(value)})`;
  return new ConfigError({ setting: key, message: `${subject} is invalid${echo}: set it to ${spec.expects} (or ${alternatives})` });
}

function quote(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
