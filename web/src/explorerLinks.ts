import type { VerifyResult } from "../../sdk/src/index.js";
import { knownChainOf } from "./knownChains.js";

/** One link to a block explorer: what it shows and where. */
export type ExplorerLink = { label: string; href: string };

/**
 * Links to the chain's known explorer for the contract, the anchoring transaction and the signer. Only for chains
 * the page knows an explorer of (never an explorer the bundle names), and only for values the bundle parser
 * checked to be an address or a hash, so a link cannot carry anything else.
 *
 * @example
 * explorerLinks(result) // [{ label: "Contract 0x…", href: "https://basescan.org/address/0x…" }, …]
 */
export function explorerLinks(result: VerifyResult): ExplorerLink[] {
  const explorer = result.chainId === null ? null : knownChainOf(result.chainId)?.explorerUrl;
  if (!explorer) return [];
  const links: ExplorerLink[] = [];
  if (result.contract) links.push({ label: `Contract ${result.contract}`, href: `${explorer}/address/${result.contract}` });
  if (result.txHash) links.push({ label: `Anchoring transaction ${result.txHash}`, href: `${explorer}/tx/${result.txHash}` });
  if (result.signer) links.push({ label: `Signer ${result.signer}`, href: `${explorer}/address/${result.signer}` });
  return links;
}
