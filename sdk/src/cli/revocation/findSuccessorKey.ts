import { type Address, type Client, getAddress } from "viem";
import { getKey } from "../../actions/getKey.js";
import type { AttestConfig } from "../../config/AttestConfig.js";
import { CliError } from "../../errors/CliError.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";
import { exitCodes } from "../exitCodes.js";
import type { SuccessorKey } from "./RevocationImpact.js";

export type FindSuccessorKeyParameters = {
  config: AttestConfig;
  client: Client;
  contract: Address;
  publisher: Address;
  /** The key being rotated away. */
  key: Address;
  role: "signer" | "anchorer";
  /** When the rotated key's window closes: the successor must stay valid past it. */
  validUntil: bigint;
};

const settingOfRole = { signer: { key: "signerKey", env: "AIATTEST_SIGNER_KEY" }, anchorer: { key: "anchorerKey", env: "AIATTEST_ANCHORER_KEY" } } as const;

/**
 * The key that takes over from `key` in a planned rotation: the configured key of the same role
 * (AIATTEST_SIGNER_KEY or AIATTEST_ANCHORER_KEY), which must be another key of the publisher, authorized on chain
 * and valid past `validUntil`. For an anchorer, the publisher itself also qualifies (it may always anchor). The
 * pipeline switches keys first, so signing and anchoring never stop: a recorder or an anchor run configured
 * with the old key would refuse once its window closes.
 *
 * @throws {CliError} (exit 1) naming what to do when there is no such key.
 * @example
 * const successor = await findSuccessorKey({ config, client, contract, publisher, key: oldSigner, role: "signer", validUntil })
 */
export async function findSuccessorKey({ config, client, contract, publisher, key, role, validUntil }: FindSuccessorKeyParameters): Promise<SuccessorKey> {
  const { key: settingKey, env } = settingOfRole[role];
  const procedure = [
    `Switch the pipeline first: create the next ${role} key, authorize it (${env}=<next key> aiattest key add ${role}),`,
    role === "signer" ? `restart the recorders with ${env} set to it, then rotate the old key by its address:` : `run \`aiattest anchor\` with ${env} set to it, then rotate the old key by its address:`,
    `aiattest key revoke ${key} --rotate`,
  ];
  const entry = config.entries[settingKey];
  if (!entry?.ok) {
    throw new CliError({ message: `A planned rotation of ${role} ${key} needs its successor in ${env}, which is ${entry ? "invalid" : "not set"}.`, metaMessages: procedure });
  }
  const successor = entry.value.address;
  if (role === "anchorer" && successor === publisher) return { address: successor, setting: "the publisher" };
  if (successor === getAddress(key)) {
    throw new CliError({ message: `${env} is ${key}, the key being rotated away: it has no successor yet.`, metaMessages: procedure, exitCode: exitCodes.failure });
  }
  const next = await getKey(client, { contract, key: successor });
  if (next.role !== role || next.publisher !== publisher) {
    throw new CliError({ message: `The successor ${successor} (${env}) is not a ${role} key of ${publisher} on chain.`, metaMessages: procedure });
  }
  if (next.validUntil <= validUntil) {
    throw new CliError({ message: `The successor ${successor} (${env}) is itself valid only until ${formatUnixTime(next.validUntil)}, before ${formatUnixTime(validUntil)}.`, metaMessages: procedure });
  }
  return { address: successor, setting: env };
}
