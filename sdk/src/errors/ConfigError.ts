import { BaseError } from "./BaseError.js";
import type { SettingKey } from "../config/AttestSettings.js";

/**
 * A setting is missing or wrong, or the config file cannot be used. The message names the environment
 * variable and the config-file key and says how to fix it. It never contains a private key or an RPC URL
 * (which may embed an API key).
 *
 * @example
 * throw new ConfigError({ setting: "anchorerKey", message: "AIATTEST_ANCHORER_KEY is missing: …" })
 */
export class ConfigError extends BaseError {
  override name = "ConfigError" as const;
  /** The setting at fault, or null when the config file itself is. */
  readonly setting: SettingKey | null;

  constructor({ message, setting = null, metaMessages }: { message: string; setting?: SettingKey | null; metaMessages?: string[] | undefined }) {
    super(message, { metaMessages });
    this.setting = setting;
  }
}
