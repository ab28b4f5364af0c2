import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { AttestConfig, SettingEntry, SettingSource } from "./AttestConfig.js";
import type { SettingKey } from "./AttestSettings.js";
import { ConfigError } from "../errors/ConfigError.js";
import { isPostgresUrl } from "../store/postgres/isPostgresUrl.js";
import { configSettings, isSecretValue } from "./configSettings.js";
import { settingError } from "./settingError.js";

/** The config file read from the working directory when no `--config` is given, if it exists. */
export const defaultConfigFile = "aiattest.config.json";

export type LoadConfigParameters = {
  /** Usually `process.env`; passed in so that tests and embedders control it. */
  env: Readonly<Record<string, string | undefined>>;
  /** A config file that must exist (`--config`). Default: `./aiattest.config.json` when present. */
  file?: string | undefined;
  /**
   * Whether `./aiattest.config.json` is read when no `file` is given. Default true; `aiattest verify` passes
   * false, because a folder of evidence may carry a config file that picks the RPC or the trusted contract.
   */
  readDefaultFile?: boolean | undefined;
  /** Default `process.cwd()`. */
  cwd?: string | undefined;
  /** Values from CLI flags; they win over the environment, which wins over the file. */
  overrides?: { [key in SettingKey]?: string | number | undefined } | undefined;
};

/**
 * Loads the settings from CLI flags, `AIATTEST_*` environment variables and a JSON config file, in that
 * order of precedence, with defaults for the rest. Each value is validated now, but a bad one is reported
 * only when a command asks for it (`requireSetting`), so an unrelated typo does not stop `aiattest verify`.
 * Relative paths in the file are resolved against the file's directory, others against `cwd`.
 *
 * @throws {ConfigError} when the config file cannot be read, is not a JSON object, or has unknown keys.
 * @example
 * const config = loadConfig({ env: process.env, file: options.config, overrides: { rpcUrl: options.rpc } })
 * const anchorer = requireSetting(config, "anchorerKey")
 */
export function loadConfig({ env, file, cwd = process.cwd(), overrides = {}, readDefaultFile = true }: LoadConfigParameters): AttestConfig {
  const defaultPath = resolve(cwd, defaultConfigFile);
  const path = file !== undefined ? resolve(cwd, file) : readDefaultFile && existsSync(defaultPath) ? defaultPath : null;
  const fileLabel = file ?? defaultConfigFile;
  const fileValues = path === null ? {} : readConfigFile({ path, label: fileLabel });

  const entries: Record<string, SettingEntry<unknown>> = {};
  for (const key of Object.keys(configSettings) as SettingKey[]) {
    const spec = configSettings[key];
    const candidates: [SettingSource, unknown][] = [
      ["override", overrides[key]],
      ["env", env[spec.env] === "" ? undefined : env[spec.env]],
      ["file", fileValues[key] ?? undefined],
      ["default", spec.default],
    ];
    const found = candidates.find(([, value]) => value !== undefined);
    if (!found) continue;
    const [source, value] = found;
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) {
      entries[key] = { ok: false, error: settingError({ key, fileLabel, problem: "invalid", source, value }) };
      continue;
    }
    const base = source === "file" && path !== null ? dirname(path) : cwd;
    entries[key] = { ok: true, source, value: spec.isPath && !isPostgresUrl(parsed.data as string) ? resolve(base, parsed.data as string) : parsed.data };
  }
  // a file holding private keys (or an RPC URL, which may carry an API key, or a database URL with its password)
  // must be readable by its owner only
  const warnings: string[] = [];
  const secrets = Object.keys(fileValues).filter((key) => {
    const spec = configSettings[key as SettingKey] as (typeof configSettings)[SettingKey] | undefined;
    return spec !== undefined && isSecretValue(spec, fileValues[key]);
  });
  if (path !== null && secrets.length > 0) {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      warnings.push(`Config file ${fileLabel} holds ${secrets.join(", ")} and is readable by others (mode ${mode.toString(8).padStart(4, "0")}): run chmod 600 ${fileLabel}, or keep secrets in the environment`);
    }
  }
  return { file: path, fileLabel, entries: entries as AttestConfig["entries"], warnings };
}

function readConfigFile({ path, label }: { path: string; label: string }): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError({
      message: code === "ENOENT" ? `Config file ${label} does not exist: check the --config path` : `Cannot read config file ${label} (${code ?? "unknown error"})`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the error, which may hold a private key: report only where it is
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? "" : ` (${lineAndColumn(text, Number(position))})`;
    throw new ConfigError({ message: `Config file ${label} is not valid JSON${where}: fix its syntax` });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError({ message: `Config file ${label} must hold one JSON object of settings, such as {"rpcUrl": "http://127.0.0.1:8545"}` });
  }
  const unknownKeys = Object.keys(value).filter((key) => !Object.hasOwn(configSettings, key));
  if (unknownKeys.length > 0) {
    throw new ConfigError({
      message: `Config file ${label} has unknown setting${unknownKeys.length === 1 ? "" : "s"} ${unknownKeys.map((key) => JSON.stringify(key)).join(", ")}`,
      metaMessages: [`Known settings: ${Object.keys(configSettings).join(", ")}.`],
    });
  }
  return value as Record<string, unknown>;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
