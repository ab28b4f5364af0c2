import { type Hex, type PrivateKeyAccount, parseGwei } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { rememberPrivateKey } from "./privateKeyOf.js";
import { z } from "zod";
import type { AttestSettings, SettingKey } from "./AttestSettings.js";
import { addressOption } from "../cli/options/addressOption.js";
import { wholeNumberOption } from "../cli/options/wholeNumberOption.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";
import { splitRpcUrls } from "./rpcTransport.js";
import { isPostgresUrl } from "../store/postgres/isPostgresUrl.js";

/** How one setting is read: its environment variable, CLI flag, whether it is secret, and its schema. */
export type SettingSpec<value> = {
  env: `AIATTEST_${string}`;
  /** A global CLI flag that overrides it. */
  flag?: `--${string}` | undefined;
  /**
   * Secret values are never echoed, not even in errors, and a config file holding one must be its owner's alone.
   * A function marks only some values secret (a database URL with a password, not a file path): `isSecretValue`.
   */
  isSecret: boolean | ((value: unknown) => boolean);
  /** Completes "set it to …". */
  expects: string;
  /** One line for the CLI's settings help. */
  summary: string;
  /** Parses a raw value (an environment string, or a JSON value from the config file). */
  schema: z.ZodType<value, unknown>;
  /** Relative paths are resolved against the config file's directory (file values) or the working directory; a postgres:// URL is kept as it is. */
  isPath?: boolean | undefined;
  default?: string | number | undefined;
};

const secp256k1Order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

// one check, shape first: zod runs every refinement even after a failed one, and BigInt() of a malformed
// key would throw an error quoting the key
const privateKey: z.ZodType<PrivateKeyAccount, unknown> = z
  .string()
  .trim()
  .refine((key) => bytes32Pattern.test(key) && BigInt(key) > 0n && BigInt(key) < secp256k1Order)
  .transform((key) => rememberPrivateKey(privateKeyToAccount(key as Hex), key as Hex));

const url = (protocols: readonly string[]): z.ZodType<string, unknown> =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol));

/** One URL, or several separated by commas: fallbacks for the anchorer, a quorum for `verify`. */
const urlList = (protocols: readonly string[]): z.ZodType<string, unknown> =>
  z
    .string()
    .trim()
    .refine((value) => splitRpcUrls(value).length > 0 && splitRpcUrls(value).every((one) => URL.canParse(one) && protocols.includes(new URL(one).protocol)))
    .transform((value) => splitRpcUrls(value).join(","));

const path: z.ZodType<string, unknown> = z.string().trim().min(1);

/**
 * Where the store is: a PostgreSQL URL, or a SQLite file path. Anything else that looks like a URL (a scheme then
 * `//`, or user info before an `@`: `pg://…`, `postgres:user:pw@host/db`, `postgresql+psycopg://…`) is refused
 * rather than taken as a file path: a typo in a database URL would otherwise record into a local file named after
 * it, password included, that no anchorer ever reads.
 */
const storeLocation: z.ZodType<string, unknown> = path.refine((value) => isPostgresUrl(value) || !/^[a-z][a-z0-9+.-]*:(\/\/|[^\\/]*@)/i.test(value));

/** A PostgreSQL URL that carries a password (`postgres://user:pw@…`, or `?password=…`): a secret, as a key is. */
function hasDatabasePassword(value: unknown): boolean {
  if (typeof value !== "string" || !isPostgresUrl(value.trim()) || !URL.canParse(value.trim())) return false;
  const parsed = new URL(value.trim());
  return parsed.password !== "" || parsed.searchParams.has("password");
}

/** Whether this value of a setting must never be echoed, nor sit in a config file others can read. */
export function isSecretValue(spec: Pick<SettingSpec<unknown>, "isSecret">, raw: unknown): boolean {
  return typeof spec.isSecret === "function" ? spec.isSecret(raw) : spec.isSecret;
}

const lookupSecretPattern = /^0x[0-9a-fA-F]{64}$/;

/** A lookup secret: 32 bytes as 0x + 64 hex digits. */
const lookupSecret: z.ZodType<Hex, unknown> = z
  .string()
  .trim()
  .refine((value) => lookupSecretPattern.test(value))
  .transform((value) => value as Hex);

/** Lookup secrets separated by commas, each 0x + 64 hex digits. */
const lookupSecretList: z.ZodType<readonly Hex[], unknown> = z
  .string()
  .trim()
  .transform((value) => value.split(",").map((one) => one.trim()).filter((one) => one.length > 0))
  .refine((secrets) => secrets.length > 0 && secrets.every((one) => lookupSecretPattern.test(one)))
  .transform((secrets) => secrets as Hex[]);

/** Every setting, by its config-file key. */
export const configSettings: { [key in SettingKey]: SettingSpec<AttestSettings[key]> } = {
  rpcUrl: {
    env: "AIATTEST_RPC_URL",
    summary:
      "JSON-RPC endpoint (http, https, ws, wss), or several separated by commas (fallbacks in that order; verify asks each, for a quorum); prefer the environment or the config file to --rpc, which other users can read in the process list",
    flag: "--rpc",
    isSecret: true,
    expects: "the http(s) or ws(s) URL of a JSON-RPC endpoint of the chain, or several separated by commas",
    schema: urlList(["http:", "https:", "ws:", "wss:"]),
  },
  contract: {
    env: "AIATTEST_CONTRACT",
    summary: "AIAttest contract address",
    flag: "--contract",
    isSecret: false,
    expects: "the 0x-prefixed address of the AIAttest contract (printed by `aiattest deploy`)",
    schema: addressOption,
  },
  chainId: {
    env: "AIATTEST_CHAIN_ID",
    summary: "optional: refuse an RPC endpoint serving another chain",
    isSecret: false,
    expects: "the id of the chain the RPC endpoint must serve, a positive whole number",
    schema: wholeNumberOption({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  },
  publisherKey: { env: "AIATTEST_PUBLISHER_KEY", summary: "publisher's private key (registers models, authorizes keys)", isSecret: true, expects: "the publisher's 0x-prefixed 32-byte private key", schema: privateKey },
  signerKey: { env: "AIATTEST_SIGNER_KEY", summary: "signer key (signs outputs)", isSecret: true, expects: "the signer's 0x-prefixed 32-byte private key", schema: privateKey },
  anchorerKey: { env: "AIATTEST_ANCHORER_KEY", summary: "anchorer key (anchors batches)", isSecret: true, expects: "the anchorer's 0x-prefixed 32-byte private key", schema: privateKey },
  db: {
    env: "AIATTEST_DB",
    summary: "store: a SQLite file path, or a postgres:// URL (secret when it carries a password)",
    isSecret: hasDatabasePassword,
    expects: "the path of the SQLite store file, or a postgres:// (postgresql://) URL of a PostgreSQL database",
    schema: storeLocation,
    isPath: true,
    default: "./aiattest.db",
  },
  manifestDir: {
    env: "AIATTEST_MANIFEST_DIR",
    summary: "batch manifests directory",
    isSecret: false,
    expects: "the directory batch manifests are written to",
    schema: path,
    isPath: true,
    default: "./manifests",
  },
  manifestBaseUrl: {
    env: "AIATTEST_MANIFEST_BASE_URL",
    summary: "optional: anchored URI becomes <base>/<root>.json",
    isSecret: false,
    expects: "the http(s) URL manifests are published under (the anchored URI becomes <base>/<root>.json)",
    schema: url(["http:", "https:"]).transform((value) => value.replace(/\/+$/, "")),
  },
  confirmations: {
    env: "AIATTEST_CONFIRMATIONS",
    summary: "blocks to wait for",
    isSecret: false,
    expects: "the blocks a transaction must have before it counts, a whole number from 1 to 1000",
    schema: wholeNumberOption({ min: 1, max: 1000 }),
    default: 1,
  },
  maxBatch: {
    env: "AIATTEST_MAX_BATCH",
    summary: "outputs per batch",
    isSecret: false,
    expects: "the most outputs in one batch, a whole number from 1 to 4294967295",
    schema: wholeNumberOption({ min: 1, max: 2 ** 32 - 1 }),
    default: 100_000,
  },
  finalityDepth: {
    env: "AIATTEST_FINALITY_DEPTH",
    summary: "optional: blocks below the head at which an anchor is final (unset: the chain's finalized block)",
    isSecret: false,
    expects: "the blocks below the head at which an anchor is final, a whole number from 1 to 1000000 (unset: the chain's finalized block)",
    schema: wholeNumberOption({ min: 1, max: 1_000_000 }),
  },
  maxFeeGwei: {
    env: "AIATTEST_MAX_FEE_GWEI",
    summary: "optional: the most paid per gas, in gwei; above it the anchor waits (exit 0) and the next run retries",
    isSecret: false,
    expects: "a fee per gas in gwei, a positive decimal number with at most 9 decimals (30, 0.25)",
    schema: z
      .union([z.number().transform(String), z.string().trim()])
      .pipe(z.string().regex(/^\d+(\.\d{1,9})?$/))
      .transform((gwei) => parseGwei(gwei))
      .refine((wei) => wei > 0n),
  },
  replaceAfterBlocks: {
    env: "AIATTEST_REPLACE_AFTER_BLOCKS",
    summary: "blocks after which an anchor transaction still not mined is replaced with fees raised",
    isSecret: false,
    expects: "a number of blocks, a whole number from 1 to 100000",
    schema: wholeNumberOption({ min: 1, max: 100_000 }),
    default: 10,
  },
  logRange: {
    env: "AIATTEST_LOG_RANGE",
    summary: "the most blocks one eth_getLogs call spans (halved when the RPC refuses a range)",
    isSecret: false,
    expects: "a number of blocks, a whole number from 1 to 10000000",
    schema: wholeNumberOption({ min: 1, max: 10_000_000 }),
    default: 10_000,
  },
  maxAnchorDelay: {
    env: "AIATTEST_MAX_ANCHOR_DELAY",
    summary: "promised max seconds from signing to anchoring",
    isSecret: false,
    expects: "the promised maximum delay from signing to anchoring in seconds, a whole number, at least 1",
    schema: wholeNumberOption({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    default: 3600,
  },
  publicUrl: {
    env: "AIATTEST_PUBLIC_URL",
    summary: "optional: where `aiattest serve` is reachable; receipts then carry bundleUrl = <url>/v1/records/<id>",
    isSecret: false,
    expects: "the http(s) URL the proof server (aiattest serve) is reachable at, such as https://proofs.lab.example",
    schema: url(["http:", "https:"]).transform((value) => value.replace(/\/+$/, "")),
  },
  lookupSecret: {
    env: "AIATTEST_LOOKUP_SECRET",
    summary:
      "optional: the private provenance index's secret; record, record --jsonl and serve --ingest then keep two keyed lookup keys of every output, and lookup searches with it (rotate: set a new one, move the old one to AIATTEST_LOOKUP_PREVIOUS_SECRETS)",
    isSecret: true,
    expects: "32 random bytes as 0x + 64 hex digits (e.g. `echo 0x$(openssl rand -hex 32)`), kept as secret as the signer key",
    schema: lookupSecret,
  },
  lookupPreviousSecrets: {
    env: "AIATTEST_LOOKUP_PREVIOUS_SECRETS",
    summary: "optional: lookup secrets used before a rotation, separated by commas; lookup only (records keyed with a secret are found only with it: the text is not kept, so nothing is re-indexed)",
    isSecret: true,
    expects: "one or more earlier lookup secrets, each 0x + 64 hex digits, separated by commas",
    schema: lookupSecretList,
  },
};
