import type { Hex } from "viem";
import type { AttestConfig } from "../../config/AttestConfig.js";
import { optionalSetting } from "../../config/optionalSetting.js";
import { CliError } from "../../errors/CliError.js";
import { lookupSecretFingerprint } from "../../lookup/lookupSecretFingerprint.js";
import type { LookupSecretInUse } from "../../lookup/matchSamples.js";
import type { Store } from "../../store/Store.js";
import { exitCodes } from "../exitCodes.js";

/** The secrets a lookup tries, and what the summary says of them (fingerprints only, never a secret). */
export type ResolvedLookupSecrets = {
  secrets: LookupSecretInUse[];
  /** Each secret tried, by fingerprint, with the records keyed with it. */
  used: { fingerprint: Hex; records: number }[];
  /** Secrets configured that key no record of this store (not tried): a new secret no recorder has started with yet. */
  notInIndex: { setting: string; fingerprint: Hex }[];
  /** Secrets the store holds records of that are not configured: their records are not looked up. */
  notTried: { fingerprint: Hex; records: number }[];
  /** Records in the store with no lookup keys (recorded without a lookup secret). */
  notIndexed: number;
};

/**
 * The lookup secrets `aiattest lookup` tries: `AIATTEST_LOOKUP_SECRET` and every one of
 * `AIATTEST_LOOKUP_PREVIOUS_SECRETS`, each matched to the store's secret of the same fingerprint. A configured secret
 * the store does not know is left out and listed in `notInIndex` only when nothing is missed for it: every secret
 * the store holds records of is configured (just after a rotation, the new secret keys nothing until a recorder
 * starts with it). Otherwise it is likely a typo that would hide records, and the lookup stops.
 *
 * @throws {CliError} (exit 2) without `AIATTEST_LOOKUP_SECRET`; when no secret is one the index was built with; or
 * when one is not while the store holds records of a secret not configured (the error lists the store's
 * fingerprints, with how many records each keyed, and the records not indexed).
 * @example
 * const { secrets } = await resolveLookupSecrets({ config, store })
 */
export async function resolveLookupSecrets({ config, store }: { config: AttestConfig; store: Store }): Promise<ResolvedLookupSecrets> {
  const current = optionalSetting(config, "lookupSecret");
  if (current === undefined) {
    throw new CliError({
      message: "No index without AIATTEST_LOOKUP_SECRET: set it to the lookup secret the recorder keyed the index with.",
      exitCode: exitCodes.usage,
      metaMessages: ["Outputs recorded without a lookup secret cannot be looked up: they have no lookup keys."],
    });
  }
  const configured = [
    { setting: "AIATTEST_LOOKUP_SECRET", secret: current as Hex },
    ...(optionalSetting(config, "lookupPreviousSecrets") ?? []).map((secret, index) => ({ setting: `AIATTEST_LOOKUP_PREVIOUS_SECRETS #${index + 1}`, secret: secret as Hex })),
  ];
  const [known, notIndexed] = await Promise.all([store.listLookupSecrets(), store.countNotIndexed()]);
  const secrets: LookupSecretInUse[] = [];
  const used: ResolvedLookupSecrets["used"] = [];
  const unknown: { setting: string; fingerprint: Hex }[] = [];
  for (const { setting, secret } of configured) {
    const fingerprint = lookupSecretFingerprint(secret);
    const stored = known.find((entry) => entry.fingerprint.toLowerCase() === fingerprint.toLowerCase());
    if (!stored) unknown.push({ setting, fingerprint });
    else if (!secrets.some((entry) => entry.id === stored.id)) {
      secrets.push({ id: stored.id, secret });
      used.push({ fingerprint, records: stored.records });
    }
  }
  const notTried = known.filter((entry) => entry.records > 0 && !secrets.some(({ id }) => id === entry.id)).map(({ fingerprint, records }) => ({ fingerprint, records }));
  const named = unknown.map(({ setting, fingerprint }) => `${setting} (fingerprint ${fingerprint})`);
  if (secrets.length > 0 && unknown.length > 0 && notTried.length > 0) {
    throw new CliError({
      message: `${named.join(", ")} ${named.length === 1 ? "is" : "are"} not a secret the index was built with, and the index holds records keyed with secret(s) not configured: a lookup now would miss them.`,
      exitCode: exitCodes.usage,
      metaMessages: [
        ...notTried.map((entry) => `not configured: fingerprint ${entry.fingerprint}, ${entry.records} record(s) keyed with it`),
        "Check the secret for a typo; after a rotation, list every earlier secret in AIATTEST_LOOKUP_PREVIOUS_SECRETS.",
      ],
    });
  }
  if (secrets.length === 0) {
    throw new CliError({
      message: `The index was built with other lookup secret(s): ${named.join(", ")} ${named.length === 1 ? "is" : "are"} not one of them, so a lookup with it would find nothing.`,
      exitCode: exitCodes.usage,
      metaMessages: [
        ...(known.length === 0 ? ["The store has no lookup keys at all: its records were recorded without AIATTEST_LOOKUP_SECRET."] : known.map((entry) => `the store knows fingerprint ${entry.fingerprint}: ${entry.records} record(s) keyed with it`)),
        `${notIndexed} record(s) are not indexed (recorded without a lookup secret).`,
        "Set AIATTEST_LOOKUP_SECRET (and AIATTEST_LOOKUP_PREVIOUS_SECRETS) to the secret(s) of those fingerprints.",
      ],
    });
  }
  return { secrets, used, notInIndex: unknown, notTried, notIndexed };
}
