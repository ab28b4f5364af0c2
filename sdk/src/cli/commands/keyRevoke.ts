import { type Address, type Client, type Hash, getAddress, isAddress } from "viem";
import { getBlock } from "viem/actions";
import { z } from "zod";
import { getChainTime } from "../../actions/getChainTime.js";
import { getKey } from "../../actions/getKey.js";
import { revokeKey } from "../../actions/revokeKey.js";
import { requireSetting } from "../../config/requireSetting.js";
import { ChainReadError } from "../../errors/ChainReadError.js";
import { CliError } from "../../errors/CliError.js";
import { rotationLagSeconds, rotationValidUntil } from "../../pipeline/rotationValidUntil.js";
import { defaultSignerMargin } from "../../pipeline/runAnchorer.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";
import type { CommandContext } from "../CommandContext.js";
import { connectAttest } from "../connectAttest.js";
import { exitCodes } from "../exitCodes.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { unixTimeOption } from "../options/unixTimeOption.js";
import { parseOptions } from "../parseOptions.js";
import { countRevocationImpact } from "../revocation/countRevocationImpact.js";
import { describeRevocation } from "../revocation/describeRevocation.js";
import { findSuccessorKey } from "../revocation/findSuccessorKey.js";
import type { RevocationImpact, SuccessorKey } from "../revocation/RevocationImpact.js";

const keyRevokeOptionsSchema = globalOptionsSchema.extend({
  /** `signer` or `anchorer` (the configured key's address), or any key's address. */
  key: z
    .string()
    .trim()
    .refine((value) => value === "signer" || value === "anchorer" || isAddress(value), "expected signer, anchorer or a 0x-prefixed address"),
  /** Planned: the key stays valid until everything it signed or anchored under the pipeline's promise is anchored. */
  rotate: z.boolean().optional(),
  /** Compromised: void what the key signed or anchored at or after this time (`now`, unix seconds or an ISO date). */
  compromisedSince: unixTimeOption.optional(),
  /** Send without asking (what a script or a shell without a TTY must pass). */
  yes: z.boolean().optional(),
  // removed flags, kept only to point at their replacements
  effectiveAt: z.unknown().optional(),
  compromised: z.unknown().optional(),
});

export type KeyRevokeOptions = z.input<typeof keyRevokeOptionsSchema>;

export type KeyRevokeResult = {
  publisher: Address;
  key: Address;
  role: "signer" | "anchorer";
  mode: "rotate" | "compromised";
  /** The key is valid in `[validFrom, validUntil)` from now on. */
  validUntil: bigint;
  /** What the revocation voided in the local store, as counted (and shown) before it was sent. */
  impact: RevocationImpact;
  /** For a rotation: the key that takes over. */
  successor: SuccessorKey | null;
  txHash: Hash;
  blockNumber: bigint;
  contract: Address;
  chainId: number;
};

const modes = [
  "--rotate: planned; the key stays valid for AIATTEST_MAX_ANCHOR_DELAY + 180 s more, so what it signed or anchored is anchored in time (its successor must already be authorized and configured)",
  "--compromised-since <time>: the key leaked; void what it signed or anchored since <time> (now, unix seconds, or an ISO date)",
];

/**
 * `aiattest key revoke <signer|anchorer|0xaddress> (--rotate | --compromised-since <time>) [--yes]`: closes a key's
 * window, from the publisher key (AIATTEST_PUBLISHER_KEY). There is no default end: a rotation ends the window
 * after the maximum anchor delay (nothing made under the pipeline's promise is voided, and the configured key of
 * the same role must already be its authorized successor); a compromise ends it at a past time, voiding what the
 * key did since. Before sending it counts what the local store loses, says it, and asks `y/N` on a TTY;
 * without one it refuses (exit 2) unless `--yes`.
 *
 * @throws {CliError} exit 2 for a missing or ambiguous mode, a removed flag, a time in the future or no consent
 * without a TTY; exit 1 when the key is not the publisher's, has no successor to rotate to, or was declined.
 * @example
 * await keyRevoke({ key: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", compromisedSince: "2026-11-02T08:00:00Z", yes: true }, context)
 */
export async function keyRevoke(options: KeyRevokeOptions, context: CommandContext): Promise<KeyRevokeResult> {
  const parsed = parseOptions(keyRevokeOptionsSchema, options, { positionals: ["key"] });
  const mode = chooseMode(parsed);
  const config = loadCommandConfig(parsed, context);
  const publisher = requireSetting(config, "publisherKey");
  const confirmations = requireSetting(config, "confirmations");
  const maxAnchorDelay = requireSetting(config, "maxAnchorDelay");
  const key =
    parsed.key === "signer"
      ? requireSetting(config, "signerKey").address
      : parsed.key === "anchorer"
        ? requireSetting(config, "anchorerKey").address
        : getAddress(parsed.key);
  const { chain, publicClient, walletClient, contract } = await connectAttest(config, context);

  // the key as the chain knows it: its role decides what is counted, its window what can be revoked
  const record = await getKey(publicClient, { contract, key });
  if ((record.role !== "signer" && record.role !== "anchorer") || record.publisher !== publisher.address) {
    throw new CliError({ message: `${key} is not a signer or anchorer key of ${publisher.address} (AIATTEST_PUBLISHER_KEY) on ${contract}: it is ${record.role === "none" ? "unknown to the registry" : `a ${record.role} of ${record.publisher}`}.` });
  }
  const role = record.role;
  const latest = await readLatestTime(publicClient);
  // "now" is just after the latest block: anchors already in it stay valid (the old default voided them); where a later
  // block may share the latest block's time, warnIfSameTimestamp says what stays valid
  const chainTime = mode === "rotate" ? await getChainTime(publicClient) : latest + 1n;
  const validUntil = mode === "rotate" ? rotationValidUntil({ chainTime, maxAnchorDelay }) : parsed.compromisedSince === "now" ? latest + 1n : parsed.compromisedSince!;
  if (mode === "compromised" && validUntil > latest + 1n) {
    throw new CliError({
      message: `--compromised-since ${formatUnixTime(validUntil)} is in the future (the chain's latest block is at ${formatUnixTime(latest)}).`,
      metaMessages: ["A compromise started in the past, or now: for a planned end of the key, use --rotate."],
      exitCode: exitCodes.usage,
    });
  }
  if (validUntil < record.validFrom || validUntil >= record.validUntil) {
    throw new CliError({
      message: `${key}'s window is [${formatUnixTime(record.validFrom)}, ${formatUnixTime(record.validUntil)}): it cannot close at ${formatUnixTime(validUntil)}.`,
      metaMessages: [validUntil < record.validFrom ? `The key was authorized at ${record.validFrom}: --compromised-since ${record.validFrom} voids everything it ever did.` : "A window only shrinks: it already closes sooner."],
    });
  }
  const successor = mode === "rotate" ? await findSuccessorKey({ config, client: publicClient, contract, publisher: publisher.address, key, role, validUntil }) : null;

  // say what is lost before anything is sent, and get consent for it
  // an anchorer's voided batches are anchored again by the next run, from the latest block's time (a later block may share it)
  const range = { earliest: latest, latest: (chainTime > latest ? chainTime : latest) + BigInt(defaultSignerMargin) };
  const impact = await countRevocationImpact({ db: requireSetting(config, "db"), client: publicClient, publisher: publisher.address, range, chainId: chain.id, contract, key, role, validUntil });
  const summary = describeRevocation({ mode, role, key, publisher: publisher.address, validUntil, chainTime, maxAnchorDelay, successor, impact });
  if (!parsed.yes) {
    if (!context.confirm) {
      throw new CliError({ message: "Not sent: revoking a key needs consent, and there is no terminal to ask on.", metaMessages: [...summary, "Run it again with --yes to send it."], exitCode: exitCodes.usage });
    }
    if (!(await context.confirm(`${summary.join("\n")}\nSend this revocation? [y/N] `))) {
      throw new CliError({ message: "Not sent: the revocation was not confirmed." });
    }
  } else {
    // said before sending even without a terminal (a script's log keeps it)
    context.logger?.write("stderr", `${summary.join("\n")}\n`);
  }

  context.logger?.info(`Revoking ${key} for publisher ${publisher.address}…`);
  const revoked = await revokeKey(walletClient(publisher), { contract, key, effectiveAt: validUntil, confirmations });
  if (mode === "rotate") await warnIfMinedLate({ context, client: publicClient, blockNumber: revoked.blockNumber, chainTime });
  else await warnIfSameTimestamp({ context, client: publicClient, blockNumber: revoked.blockNumber, validUntil });
  return { publisher: revoked.publisher, key: revoked.key, role, mode, validUntil: revoked.validUntil, impact, successor, txHash: revoked.txHash, blockNumber: revoked.blockNumber, contract, chainId: chain.id };
}

function chooseMode(parsed: z.output<typeof keyRevokeOptionsSchema>): "rotate" | "compromised" {
  if (parsed.effectiveAt !== undefined || parsed.compromised !== undefined) {
    throw new CliError({
      message: `${parsed.effectiveAt !== undefined ? "--effective-at" : "--compromised"} was removed: a revocation is either planned or a compromise, said explicitly.`,
      metaMessages: modes,
      exitCode: exitCodes.usage,
    });
  }
  if (parsed.rotate && parsed.compromisedSince !== undefined) {
    throw new CliError({ message: "--rotate and --compromised-since exclude each other: choose one.", metaMessages: modes, exitCode: exitCodes.usage });
  }
  if (!parsed.rotate && parsed.compromisedSince === undefined) {
    throw new CliError({ message: "Say why the key goes: --rotate or --compromised-since <time>.", metaMessages: modes, exitCode: exitCodes.usage });
  }
  return parsed.rotate ? "rotate" : "compromised";
}

async function readLatestTime(client: Client): Promise<bigint> {
  try {
    return (await getBlock(client, { blockTag: "latest" })).timestamp;
  } catch (error) {
    throw new ChainReadError({ action: "eth_getBlockByNumber", cause: error });
  }
}

/**
 * `now` is `latest + 1`, so anchors already in the latest block stay valid. On a chain where consecutive blocks may
 * share a timestamp (some L2s), blocks mined after that read, even the revocation's own and later ones, can carry a
 * time below `validUntil`: what the key did in them stays valid. Said, with the fix, when the revocation's block
 * shows it.
 */
async function warnIfSameTimestamp({ context, client, blockNumber, validUntil }: { context: CommandContext; client: Client; blockNumber: bigint; validUntil: bigint }) {
  const minedAt = (await getBlock(client, { blockNumber }).catch(() => null))?.timestamp;
  if (minedAt !== undefined && minedAt < validUntil) {
    context.logger?.warn(
      `the revocation was mined in block ${blockNumber} at ${formatUnixTime(minedAt)}, before the window's new end ${formatUnixTime(validUntil)} (this chain gives blocks the same timestamp): what the key signed or anchored in blocks of that time, this one and later ones included, stays valid. If the key was already in other hands then, run \`aiattest key revoke <key> --compromised-since ${minedAt}\` (or earlier).`,
    );
  }
}

/** The rotation's bound allows the revocation 60 s to be mined; a later block eats into the recorders' margin. */
async function warnIfMinedLate({ context, client, blockNumber, chainTime }: { context: CommandContext; client: Client; blockNumber: bigint; chainTime: bigint }) {
  const minedAt = (await getBlock(client, { blockNumber }).catch(() => null))?.timestamp;
  const allowance = rotationLagSeconds / 3n;
  if (minedAt !== undefined && minedAt > chainTime + allowance) {
    context.logger?.warn(
      `the revocation was mined at ${formatUnixTime(minedAt)}, ${minedAt - chainTime} s after the chain time its window was computed from (allowed: ${allowance} s): run \`aiattest anchor\` now, so that what the old key signed meanwhile is anchored before its window closes.`,
    );
  }
}
