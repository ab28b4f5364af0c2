import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createPublicClient } from "viem";
import { z } from "zod";
import { findOutputMismatch } from "../../bundle/findOutputMismatch.js";
import type { ProofBundle } from "../../bundle/ProofBundle.js";
import { parseBundle } from "../../bundle/parseBundle.js";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { optionalSetting } from "../../config/optionalSetting.js";
import { requireSetting } from "../../config/requireSetting.js";
import { rpcTransport } from "../../config/rpcTransport.js";
import { CliError } from "../../errors/CliError.js";
import { getProofBundle } from "../../pipeline/getProofBundle.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";
import { readInputFile } from "../readInputFile.js";
import { escapeText } from "../../text/escapeText.js";
import { fetchBundleBytes } from "../upgrade/fetchBundleBytes.js";
import { anchorNotCheckedNote, verifyUpgradedBundle } from "../upgrade/verifyUpgradedBundle.js";

const upgradeOptionsSchema = globalOptionsSchema.extend({
  receipt: z.string().min(1, "expected the receipt's file path"),
  out: z.string().min(1).optional(),
});

export type UpgradeOptions = z.input<typeof upgradeOptionsSchema>;

/**
 * `aiattest upgrade <receipt.json> [--out FILE]`: turns a receipt into its anchored proof bundle, as
 * `ots upgrade` does. From the lab's store when AIATTEST_DB exists here and serves the receipt's deployment,
 * else from the receipt's `bundleUrl` (the proof server). Nothing fetched is trusted: the bundle must be for
 * the very output of the receipt (same deployment, model, signed output, salts, signer, signature, record id),
 * be anchored, and verify (`verifyOutput` without the response: the leaf and its Merkle proof to the root always;
 * with an RPC, AIATTEST_RPC_URL, the anchor on chain too), or nothing is written. Without an RPC it says the anchor
 * was not checked on chain. A bundle already anchored is checked the same way and returned as it is.
 *
 * @throws {CliError} exit 4 when the record is not anchored yet (run it again later); exit 1 when the source has no
 * such record, cannot be reached, or returns a bundle for another output, one that does not verify, or one that
 * is not a bundle; exit 2 when
 * the receipt cannot be read or parsed, or there is neither a matching store nor a bundleUrl.
 * @example
 * const bundle = await upgrade({ receipt: "answer.receipt.json", out: "answer.proof.json" }, context)
 */
export async function upgrade(options: UpgradeOptions, context: CommandContext): Promise<ProofBundle> {
  const parsed = parseOptions(upgradeOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const receiptText = await readInputFile({ path: parsed.receipt, cwd: context.cwd, what: "receipt" });
  const receiptParsed = parseBundle(receiptText);
  if (!receiptParsed.success) {
    throw new CliError({
      message: `${parsed.receipt} is not a proof bundle or receipt.`,
      metaMessages: receiptParsed.issues.slice(0, 5).map((issue) => `${issue.path || "(bundle)"}: ${issue.message}`),
      exitCode: exitCodes.usage,
    });
  }
  const receipt = receiptParsed.bundle;
  // the anchor is checked on chain when an RPC is configured, else offline only (and the output says so)
  const rpcUrl = optionalSetting(config, "rpcUrl");
  const transport = context.transport ?? (rpcUrl === undefined ? undefined : rpcTransport(rpcUrl));
  const client = transport === undefined ? undefined : createPublicClient({ transport });
  const check = async (bundle: ProofBundle, source: string) => {
    const isOnChain = await verifyUpgradedBundle({ bundle, source, client });
    if (!isOnChain) context.logger?.warn(`${anchorNotCheckedNote} (no RPC set: AIATTEST_RPC_URL or --rpc); only its leaf and Merkle proof to the root were checked.`);
  };
  if (receipt.anchor !== null) {
    await check(receipt, escapeText(parsed.receipt));
    context.logger?.info(`${escapeText(parsed.receipt)} is anchored already (batch ${receipt.anchor.root}).`);
    return write(receipt, parsed.out, context);
  }

  const { bundle, source } = await fromStore(receipt, requireSetting(config, "db")) ?? (await fromServer(receipt));
  const mismatch = findOutputMismatch({ receipt, candidate: bundle });
  if (mismatch) {
    throw new CliError({
      message: `${source} returned a bundle for another output: its ${mismatch} differs from the receipt's. Nothing was written.`,
      metaMessages: ["A proof server can be wrong or lie; this one cannot upgrade this receipt."],
    });
  }
  if (bundle.anchor === null) {
    throw new CliError({
      message: `Record ${escapeText(receipt.recordId)} is not anchored yet (asked ${source}): run upgrade again after the lab's next anchor run.`,
      exitCode: exitCodes.notAnchoredYet,
    });
  }
  await check(bundle, source);
  context.logger?.info(`Record ${escapeText(receipt.recordId)} is anchored in batch ${bundle.anchor.root} (from ${source}).`);
  return write(bundle, parsed.out, context);
}

async function write(bundle: ProofBundle, out: string | undefined, context: CommandContext): Promise<ProofBundle> {
  if (out) await writeFile(resolve(context.cwd, out), serializeBundle(bundle));
  return bundle;
}

/** The record's bundle from a local store of the receipt's deployment, or null when there is none here. */
async function fromStore(receipt: ProofBundle, db: string): Promise<{ bundle: ProofBundle; source: string } | null> {
  if (!existsSync(db) || !/^[1-9][0-9]{0,15}$/.test(receipt.recordId)) return null;
  const store = await openStore(db);
  try {
    const deployment = await store.getDeployment();
    const isOurs = deployment?.chainId === receipt.chainId && deployment.contract === receipt.contract && deployment.publisher === receipt.publisher;
    if (!isOurs) return null;
    const bundle = await getProofBundle({ store, recordId: Number(receipt.recordId) });
    if (!bundle) throw new CliError({ message: `The store ${db} serves this deployment but has no record ${receipt.recordId}.` });
    return { bundle: receipt.bundleUrl === undefined ? bundle : { ...bundle, bundleUrl: receipt.bundleUrl }, source: `the store ${db}` };
  } finally {
    await store.close();
  }
}

async function fromServer(receipt: ProofBundle): Promise<{ bundle: ProofBundle; source: string }> {
  if (receipt.bundleUrl === undefined) {
    throw new CliError({
      message: "The receipt has no bundleUrl, and there is no store of its deployment here (AIATTEST_DB).",
      metaMessages: ["Run upgrade where the lab's store is, or ask the lab for the proof (aiattest proof <recordId>)."],
      exitCode: exitCodes.usage,
    });
  }
  const source = escapeText(receipt.bundleUrl);
  const bytes = await fetchBundleBytes(receipt.bundleUrl);
  if (bytes === null) throw new CliError({ message: `${source} has no such record (HTTP 404).` });
  const parsed = parseBundle(bytes);
  if (!parsed.success) {
    throw new CliError({ message: `${source} returned something that is not a proof bundle.`, metaMessages: parsed.issues.slice(0, 5).map((issue) => `${issue.path || "(bundle)"}: ${issue.message}`) });
  }
  return { bundle: parsed.bundle, source };
}
