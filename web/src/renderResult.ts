import type { VerifyResult } from "../../sdk/src/index.js";
import { escapeText } from "../../sdk/src/text/escapeText.js";
import { formatUnixTime } from "../../sdk/src/time/formatUnixTime.js";
import { explorerLinks } from "./explorerLinks.js";
import { knownChainOf } from "./knownChains.js";
import { type Verdict, verdictSentence } from "./verdictSentence.js";

const outcomeWords = { pass: "passed", fail: "FAILED", skip: "not made" } as const;

/** The result section's elements, found once by id. */
export type ResultView = {
  section: HTMLElement;
  verdict: HTMLElement;
  headline: HTMLElement;
  sentence: HTMLElement;
  readAt: HTMLElement;
  checks: HTMLOListElement;
  links: HTMLUListElement;
  linksNote: HTMLElement;
  explorerInputs: HTMLElement;
};

/**
 * Shows a verdict: headline, sentence, where the chain was read, every check with its outcome and message,
 * explorer links, and the paste-ready inputs to check the bundle by hand on an explorer (`aiattest verify --explorer`). Built with `textContent` only: bundle text is never parsed as HTML, and its controls and bidi
 * characters are shown escaped.
 *
 * @example
 * renderResult(view, await verifyOutput({ bundle, response, client }), { rpc, explorerInputs: text })
 */
export function renderResult(view: ResultView, result: VerifyResult, { rpc, explorerInputs }: { rpc: string | null; explorerInputs: string }): void {
  showVerdict(view, verdictSentence(result));
  view.readAt.textContent = readLine(result, rpc);
  view.checks.replaceChildren(
    ...result.checks.map((check) => {
      const item = element("li", "", check.outcome);
      item.append(element("span", outcomeWords[check.outcome], "outcome"), element("span", check.name, "name"), element("span", escapeText(check.message), "message"));
      return item;
    }),
  );
  const links = explorerLinks(result);
  view.links.replaceChildren(
    ...links.map(({ label, href }) => {
      const anchor = element("a", label);
      Object.assign(anchor, { href, rel: "noopener noreferrer", target: "_blank" });
      const item = element("li", "");
      item.append(anchor);
      return item;
    }),
  );
  const chain = result.chainId === null ? null : knownChainOf(result.chainId);
  view.linksNote.textContent =
    links.length === 0
      ? result.chainId === null
        ? "No chain to link to: the bundle could not be read."
        : `This page knows no block explorer for chain ${result.chainId}${chain ? ` (${chain.name})` : ""}.`
      : result.valid && result.mode === "online"
        ? `On ${chain!.explorerUrl}, the explorer this page knows for ${chain!.name}.`
        : `On ${chain!.explorerUrl}: these are what the bundle claims, not established facts.`;
  view.explorerInputs.replaceChildren(element("pre", explorerInputs));
}

/** Shows a verdict reached without a result: the chain could not be read, or the input was refused. */
export function renderFailure(view: ResultView, verdict: Verdict): void {
  showVerdict(view, verdict);
  view.readAt.textContent = "";
  view.checks.replaceChildren();
  view.links.replaceChildren();
  view.linksNote.textContent = "";
  view.explorerInputs.replaceChildren();
}

function showVerdict(view: ResultView, { kind, headline, sentence }: Verdict): void {
  view.verdict.className = `verdict ${kind}`;
  view.verdict.dataset.verdict = kind;
  view.headline.textContent = headline;
  view.sentence.textContent = sentence;
  view.section.hidden = false;
  // keyboard and screen-reader users land on the verdict, not back on the button
  view.verdict.focus();
}

function readLine(result: VerifyResult, rpc: string | null): string {
  if (result.readAt === null) return rpc === null ? "No chain was read (no RPC given)." : `No chain was read: the checks stopped before the chain check (RPC ${rpc}).`;
  const { chainId, blockNumber, blockHash, timestamp } = result.readAt;
  return `Read chain ${chainId} through ${rpc} at block ${blockNumber} (${blockHash}, ${formatUnixTime(timestamp)}).`;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}
