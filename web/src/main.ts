// The web verifier page: reads the response, the bundle (pasted, dropped, opened or linked with #bundle=<url>) and
// an optional request, then calls the SDK's one verifyOutput against the RPC the visitor chose. The page trusts
// the canonical AIAttest address unless the visitor types another contract; never the bundle's own, never the
// server that served the page.
import { createClient, http, isAddress } from "viem";
import { canonicalAttestAddresses, ChainReadError, verifyOutput } from "../../sdk/src/index.js";
import { escapeText } from "../../sdk/src/text/escapeText.js";
import { renderExplorerInputs } from "../../sdk/src/cli/render/renderExplorerInputs.js";
import { explorerInputs } from "../../sdk/src/verify/explorerInputs.js";
import { bundleLinkOf, fetchBundle, maxBundleBytes } from "./bundleLinkOf.js";
import { knownChainOf, networkKindOf } from "./knownChains.js";
import { renderFailure, renderResult, type ResultView } from "./renderResult.js";

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = byId<HTMLFormElement>("verify-form");
const response = byId<HTMLTextAreaElement>("response");
const bundle = byId<HTMLTextAreaElement>("bundle");
const request = byId<HTMLTextAreaElement>("request");
const rpc = byId<HTMLInputElement>("rpc");
const trusted = byId<HTMLInputElement>("trusted");
const button = byId<HTMLButtonElement>("verify");
const formError = byId<HTMLElement>("form-error");
const rpcNote = byId<HTMLElement>("rpc-note");
const bundleSource = byId<HTMLElement>("bundle-source");
const responseSource = byId<HTMLElement>("response-source");
const view: ResultView = {
  section: byId("result"),
  verdict: byId("verdict"),
  headline: byId("verdict-headline"),
  sentence: byId("verdict-sentence"),
  readAt: byId("read-at"),
  checks: byId("checks"),
  links: byId("links"),
  linksNote: byId("links-note"),
  explorerInputs: byId("explorer-inputs-body"),
};

const canonical = canonicalAttestAddresses.at(-1)!;
byId("canonical").textContent = canonical;

// a textarea turns CRLF into LF: a response opened or dropped as a file is checked as its exact bytes until edited
let responseBytes: Uint8Array | null = null;
// the RPC field follows the bundle's chain until the visitor types in it (emptying it hands it back to the page)
let rpcEdited = false;

rpc.addEventListener("input", () => {
  rpcEdited = rpc.value.trim() !== "";
  showRpcNote();
});
bundle.addEventListener("input", () => {
  bundleSource.hidden = true;
  prefillRpc();
});
response.addEventListener("input", () => setResponseBytes(null, ""));

async function readFile(file: File, target: "response" | "bundle"): Promise<void> {
  if (file.size > maxBundleBytes * 10) return showFormError(`${file.name} is ${file.size} bytes: too large to be a response or a bundle here.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  if (target === "response") {
    response.value = text;
    setResponseBytes(bytes, `Checking the exact bytes of ${escapeText(file.name)} (${bytes.length} bytes); editing the text above checks the text instead.`);
  } else {
    bundle.value = text;
    bundleSource.textContent = `Bundle from the file ${escapeText(file.name)}.`;
    bundleSource.hidden = false;
    prefillRpc();
  }
}

function setResponseBytes(bytes: Uint8Array | null, note: string): void {
  responseBytes = bytes;
  responseSource.textContent = note;
  responseSource.hidden = bytes === null;
}

for (const [area, target] of [[response, "response"], [bundle, "bundle"]] as const) {
  area.addEventListener("dragover", (event) => {
    event.preventDefault();
    area.classList.add("dragging");
  });
  area.addEventListener("dragleave", () => area.classList.remove("dragging"));
  area.addEventListener("drop", (event) => {
    area.classList.remove("dragging");
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    void readFile(file, target);
  });
  const picker = byId<HTMLInputElement>(`${target}-file`);
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    if (file) void readFile(file, target);
  });
}

/**
 * Prefills the RPC from the bundle's chain id when the page knows a public RPC for it and the visitor typed none.
 * A development chain (31337, 1337) gets none: a link must not point the page at a node on the visitor's machine.
 */
function prefillRpc(): void {
  const chainId = bundleChainId();
  if (chainId === null) return;
  if (!rpcEdited) rpc.value = knownChainOf(chainId)?.rpcUrl ?? "";
  showRpcNote();
}

/** Says which chain the bundle is for and which RPC will be read: prefilled, typed by the visitor, or none. */
function showRpcNote(): void {
  const chainId = bundleChainId();
  if (chainId === null) {
    rpcNote.textContent = "";
    return;
  }
  const chain = knownChainOf(chainId);
  const typed = rpc.value.trim();
  const which =
    typed === ""
      ? "No RPC given: only the offline checks will run."
      : !rpcEdited && typed === chain?.rpcUrl
        ? `Prefilled with ${typed}: you may use your own.`
        : `Using the RPC you typed: ${escapeText(typed)}.`;
  const about =
    networkKindOf(chainId) === "development"
      ? `The bundle is for chain ${chainId}${chain ? ` (${chain.name})` : ""}, a development chain: anyone can make anchors on one, and this page prefills no RPC for it; type your node's RPC to check it.`
      : chain?.rpcUrl
        ? `The bundle is for chain ${chainId} (${chain.name}).`
        : `The bundle is for chain ${chainId}: this page knows no public RPC for it; type one.`;
  rpcNote.textContent = `${about} ${which}`;
}

/** The bundle's chain id, or null while the bundle field holds no JSON with a numeric chainId. */
function bundleChainId(): number | null {
  try {
    const chainId = (JSON.parse(bundle.value) as { chainId?: unknown } | null)?.chainId;
    return typeof chainId === "number" ? chainId : null;
  } catch {
    return null;
  }
}

function showFormError(message: string): void {
  formError.textContent = message;
  formError.hidden = false;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void verify();
});

async function verify(): Promise<void> {
  formError.hidden = true;
  // check what the visitor typed before reading any chain
  if (bundle.value.trim() === "") return showFormError("Paste, drop or open the proof bundle first.");
  const rpcUrl = rpc.value.trim();
  if (rpcUrl !== "" && !/^https?:\/\/[^\s]+$/i.test(rpcUrl)) return showFormError("The RPC URL must start with http:// or https://.");
  const contract = trusted.value.trim();
  if (contract !== "" && !isAddress(contract, { strict: false })) return showFormError("The contract to trust must be an address: 0x followed by 40 hex digits.");

  button.disabled = true;
  button.textContent = "Verifying…";
  try {
    const result = await verifyOutput({
      bundle: bundle.value,
      response: responseBytes ?? response.value,
      request: request.value === "" ? undefined : request.value,
      client: rpcUrl === "" ? undefined : createClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 20_000 }) }),
      trustedContracts: contract === "" ? undefined : [contract],
    });
    renderResult(view, result, { rpc: rpcUrl === "" ? null : rpcUrl, explorerInputs: explorerInputsText(responseBytes ?? response.value) });
  } catch (error) {
    const unreadable = error instanceof ChainReadError;
    renderFailure(view, {
      kind: "unknown",
      headline: "UNKNOWN",
      sentence: unreadable
        ? `The chain could not be read through ${rpcUrl}, so the verdict is unknown, not negative. Check the RPC URL (and that it allows requests from this page), then try again.`
        : `Verification could not run: ${escapeText(error instanceof Error ? error.message : String(error))}`,
    });
  } finally {
    button.disabled = false;
    button.textContent = "Verify";
  }
}

/** What to paste into a block explorer to check the bundle by hand (`aiattest verify --explorer`), or why there is nothing. */
function explorerInputsText(given: string | Uint8Array): string {
  try {
    return renderExplorerInputs(explorerInputs(bundle.value, { response: given }));
  } catch (error) {
    return `No explorer inputs: ${escapeText(error instanceof Error ? error.message : String(error))}`;
  }
}

/** Loads the bundle of a `#bundle=<url>` link: that URL only, and says where it came from. */
async function loadBundleLink(): Promise<void> {
  let url: URL | null;
  try {
    url = bundleLinkOf(location.hash);
  } catch (error) {
    return showFormError((error as Error).message);
  }
  if (url === null) return;
  bundleSource.textContent = `Loading the bundle from ${url.href} …`;
  bundleSource.hidden = false;
  try {
    bundle.value = await fetchBundle(url);
    bundleSource.textContent = `Bundle loaded from ${url.href} (the link you opened). Its content is checked like any other bundle.`;
    bundle.dataset.source = url.href;
    prefillRpc();
  } catch (error) {
    bundleSource.textContent = "";
    bundleSource.hidden = true;
    showFormError(`Could not load the bundle from ${url.href}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

window.addEventListener("hashchange", () => void loadBundleLink());
void loadBundleLink();
