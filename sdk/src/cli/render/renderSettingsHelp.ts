import type { SettingKey } from "../../config/AttestSettings.js";
import { configSettings } from "../../config/configSettings.js";

/**
 * The CLI's settings help, one line per setting of `configSettings` (its variable, config-file key, summary and
 * default), so the help never lists a setting the CLI does not read, or misses one it does.
 *
 * @example
 * program.addHelpText("after", renderSettingsHelp())
 */
export function renderSettingsHelp(): string {
  const lines = (Object.keys(configSettings) as SettingKey[]).map((key) => {
    const { env, summary, default: fallback } = configSettings[key];
    return `  ${env.padEnd(28)}${key.padEnd(18)}${summary}${fallback === undefined ? "" : ` (default ${fallback})`}`;
  });
  return `
Settings (environment, or the same key in aiattest.config.json; flags win over the environment, which wins over the file):
${lines.join("\n")}
Private keys are never printed. Prefer the environment for them over the config file.

Exit codes: 0 success, 1 failure (revert, invalid proof, not found), 2 usage, input or config error, 3 chain unreachable.`;
}
