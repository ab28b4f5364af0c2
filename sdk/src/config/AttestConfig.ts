import type { AttestSettings, SettingKey } from "./AttestSettings.js";
import type { ConfigError } from "../errors/ConfigError.js";

/** Where a setting's value came from, highest precedence first. */
export type SettingSource = "override" | "env" | "file" | "default";

/** One setting as loaded: its value and source, or why it is unusable (reported only when a command asks for it). */
export type SettingEntry<value> = { ok: true; value: value; source: SettingSource } | { ok: false; error: ConfigError };

/**
 * The loaded configuration. Read it through `requireSetting` and `optionalSetting`, so that each command
 * asks for exactly the settings it uses and an unrelated bad setting does not stop it.
 */
export type AttestConfig = {
  /** Absolute path of the config file that was read, or null when there was none. */
  file: string | null;
  /** How messages name the config file (as given, or the default name). */
  fileLabel: string;
  entries: { [key in SettingKey]?: SettingEntry<AttestSettings[key]> };
  /** What the operator should fix but that does not stop a command (a config file holding secrets readable by others). */
  warnings: string[];
};
