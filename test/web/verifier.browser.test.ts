// The web verifier in a real browser (Debian's Chromium, driven by playwright-core) against a real `hardhat node`:
// the page served over HTTP and opened from disk (file://), verifying honest, altered and forged bundles with the
// SDK's verifyOutput in the page. Screenshots of each state go to test-results/web/.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { startProofServer } from "../../sdk/src/server/startProofServer.js";
import { webVerifierRoot } from "../../sdk/src/server/findWebVerifierRoot.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { spawnCli } from "../pipeline/helpers/spawnCli.js";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { buildWebPage } from "./helpers/buildWebPage.js";
import { chromiumArgs, findChromium } from "./helpers/findChromium.js";
import { serveStatic } from "./helpers/serveStatic.js";
import { webBundles } from "./helpers/webBundles.js";
import { waitForListening } from "../helpers/waitForListening.js";

const chromiumPath = findChromium();
/** The headline of a valid verdict on the test's hardhat node (chain 31337): never a plain VALID. */
const devValid = "VALID ON A DEVELOPMENT CHAIN";
const devCaveat = "This is on a development chain (chain id 31337, Hardhat): anyone can make such an anchor, so it proves nothing about a real publisher.";
const devNote = "The bundle is for chain 31337 (Hardhat), a development chain: anyone can make anchors on one, and this page prefills no RPC for it; type your node's RPC to check it.";
const screenshots = new URL("../../test-results/web/", import.meta.url).pathname;

describe.skipIf(chromiumPath === null)("web verifier", () => {
  let node: Awaited<ReturnType<typeof startHardhatNode>>;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let dist: string;
  let browser: Browser;
  let bundles: Awaited<ReturnType<typeof webBundles>>;

  beforeAll(async () => {
    [node, dist] = await Promise.all([startHardhatNode(), buildWebPage(), mkdir(screenshots, { recursive: true })]);
    bundles = await webBundles({ rpcUrl: node.rpcUrl });
    site = await serveStatic({ dir: dist, extra: { "/proofs/honest.proof.json": serializeBundle(bundles.honest.bundle) } });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await node?.stop();
    if (dist) await rm(dist, { recursive: true, force: true });
  });

  /** A fresh page that records every URL it asks for and every console error (a CSP violation is one). */
  async function openPage(url: string, viewport = { width: 1000, height: 900 }) {
    const page = await browser.newPage({ viewport });
    const requested: string[] = [];
    const errors: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    return { page, requested, errors };
  }

  async function verify(page: Page, { response, bundle, rpc = node.rpcUrl, trusted }: { response: string; bundle?: string; rpc?: string; trusted?: string }) {
    await page.fill("#response", response);
    if (bundle !== undefined) await page.fill("#bundle", bundle);
    await page.fill("#rpc", rpc);
    if (trusted !== undefined) await page.fill("#trusted", trusted);
    await page.click("#verify");
    return verdictOf(page);
  }

  async function verdictOf(page: Page) {
    await page.locator("#result:not([hidden]) #verdict-headline").waitFor();
    await page.waitForFunction(() => document.getElementById("verify")?.textContent === "Verify");
    return {
      kind: await page.getAttribute("#verdict", "data-verdict"),
      headline: await page.textContent("#verdict-headline"),
      sentence: (await page.textContent("#verdict-sentence")) ?? "",
      checks: await page.$$eval("#checks li", (items) => items.map((item) => [item.className, item.querySelector(".name")?.textContent, item.querySelector(".message")?.textContent])),
    };
  }

  const shoot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

  test("an honest bundle is VALID: one sentence with model, publisher, signer and ISO UTC times, every check passed, and nothing fetched but the page and the RPC", async () => {
    const { page, requested, errors } = await openPage(site.url);
    // a development chain (31337) gets no prefilled RPC: the visitor types their node's
    await page.fill("#bundle", serializeBundle(bundles.honest.bundle));
    expect(await page.inputValue("#rpc")).toBe("");
    expect(await page.textContent("#rpc-note")).toBe(`${devNote} No RPC given: only the offline checks will run.`);

    const verdict = await verify(page, { response: bundles.honest.response });
    await shoot(page, "valid");
    const { anchoredAt, blockNumber } = bundles.honest.bundle.anchor!;
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
    expect(await page.textContent("#rpc-note")).toBe(`${devNote} Using the RPC you typed: ${node.rpcUrl}.`);
    expect(verdict.kind).toBe("valid-not-production");
    expect(verdict.headline).toBe(devValid);
    expect(verdict.sentence).toBe(
      `This text was produced by model "atlas" version "1.0" of publisher ${bundles.honest.publisher}, signed ${iso(bundles.honest.bundle.output.timestamp)} ` +
        `(the signer's own clock) by ${bundles.honest.signer}, a signer key of the publisher, anchored on chain 31337 no later than ${iso(anchoredAt!)} in block ${blockNumber}. ${devCaveat}`,
    );
    expect(verdict.checks).toHaveLength(17);
    // not made: the request (the bundle commits none) and the anchor delay (no promise to hold it to)
    expect(verdict.checks.filter(([outcome]) => outcome !== "pass").map(([outcome, name]) => `${name}:${outcome}`)).toEqual(["request:skip", "anchorDelay:skip"]);
    expect(await page.textContent("#read-at")).toMatch(new RegExp(`^Read chain 31337 through ${node.rpcUrl} at block \\d+ \\(0x[0-9a-f]{64}, \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)\\.$`));
    // the paste-ready inputs for checking by hand on an explorer (aiattest verify --explorer), folded away
    await page.click("#explorer-inputs summary");
    const inputs = (await page.textContent("#explorer-inputs pre")) ?? "";
    expect(inputs).toContain(`open contract ${bundles.contract}, tab Read Contract`);
    expect(inputs).toContain("verifySignedOutput(");
    expect(inputs).toContain(`The response given hashes to it: ${bundles.honest.bundle.output.responseHash}.`);
    await shoot(page, "valid-explorer-inputs");
    // a local chain has no explorer: the page says so rather than link anywhere
    expect(await page.textContent("#links-note")).toBe("This page knows no block explorer for chain 31337 (Hardhat).");

    const origins = new Set(requested.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([site.url, node.rpcUrl].sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a one-character change in the response is INVALID content-mismatch, with what it means and no claim of the bundle", async () => {
    const { page } = await openPage(site.url);
    const altered = bundles.honest.response.replace("France.", "France!");
    expect(altered).not.toBe(bundles.honest.response);
    const verdict = await verify(page, { response: altered, bundle: serializeBundle(bundles.honest.bundle) });
    await shoot(page, "invalid-content-mismatch");
    expect(verdict.kind).toBe("invalid");
    expect(verdict.headline).toBe("INVALID (content-mismatch)");
    expect(verdict.sentence).toMatch(/^The text you gave is not the text that was signed: even one changed character, space or line break changes it\. The content check said: /);
    expect(verdict.sentence).not.toMatch(/atlas|anchored|0x[0-9a-fA-F]{40}/);
    expect(verdict.checks.map(([outcome, name]) => `${name}:${outcome}`).slice(0, 3)).toEqual(["bundle:pass", "contract:pass", "content:fail"]);
    expect(verdict.checks.slice(3).every(([outcome]) => outcome === "skip")).toBe(true);
    await page.close();
  });

  test("a bundle of a look-alike contract deployed elsewhere is INVALID untrusted-contract, unless the visitor types that contract to trust it", async () => {
    const { page } = await openPage(site.url);
    const verdict = await verify(page, { response: bundles.forged.response, bundle: serializeBundle(bundles.forged.bundle) });
    await shoot(page, "invalid-untrusted-contract");
    expect(verdict.headline).toBe("INVALID (untrusted-contract)");
    expect(verdict.sentence).toContain("not the canonical AIAttest deployment");
    expect(verdict.sentence).toContain(bundles.clone);
    expect(verdict.checks.filter(([outcome]) => outcome !== "skip").map(([outcome, name]) => `${name}:${outcome}`)).toEqual(["bundle:pass", "contract:fail"]);

    // the clearly labelled field trusts exactly the contract typed: the forgery is then valid *for that contract*
    const trusting = await verify(page, { response: bundles.forged.response, trusted: bundles.clone });
    expect(trusting.headline).toBe(devValid);
    // and trusting the genuine one only refuses it again
    expect((await verify(page, { response: bundles.forged.response, trusted: bundles.contract })).headline).toBe("INVALID (untrusted-contract)");
    await page.close();
  });

  test("a #bundle=<url> link loads that bundle, says where it came from, and verifies", async () => {
    const bundleUrl = `${site.url}/proofs/honest.proof.json`;
    const { page, requested } = await openPage(`${site.url}/#bundle=${encodeURIComponent(bundleUrl)}`);
    await page.waitForFunction(() => (document.getElementById("bundle") as HTMLTextAreaElement).value !== "");
    expect(await page.inputValue("#rpc")).toBe("");
    expect(await page.textContent("#rpc-note")).toBe(`${devNote} No RPC given: only the offline checks will run.`);
    expect(await page.textContent("#bundle-source")).toBe(`Bundle loaded from ${bundleUrl} (the link you opened). Its content is checked like any other bundle.`);
    expect(JSON.parse(await page.inputValue("#bundle"))).toEqual(JSON.parse(serializeBundle(bundles.honest.bundle)));
    const verdict = await verify(page, { response: bundles.honest.response });
    await shoot(page, "bundle-link");
    expect(verdict.headline).toBe(devValid);
    expect(requested).toContain(bundleUrl);
    // the linked bundle is for a development chain: the page was not pointed at a node on the visitor's machine
    expect(requested.filter((url) => /^https?:\/\/(127\.0\.0\.1|localhost):8545\b/.test(url))).toEqual([]);

    // a link to anything but http(s) is refused, and nothing is fetched for it
    const refused = await openPage(`${site.url}/#bundle=${encodeURIComponent("javascript:alert(1)")}`);
    await refused.page.locator("#form-error:not([hidden])").waitFor();
    expect(await refused.page.textContent("#form-error")).toBe("The link's bundle address must be http or https, not javascript:");
    await shoot(refused.page, "bundle-link-refused");
    await Promise.all([page.close(), refused.page.close()]);
  });

  test("a #bundle= link to a gzip bomb or an endless answer is cut off at 1 MB in the browser, and says so", async () => {
    const bomb = gzipSync(Buffer.alloc(50_000_000, 0x20));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let endlessSent = 0;
    const endlessClosed = Promise.withResolvers<void>();
    const hostile = createServer((request, response) => {
      const headers = { "access-control-allow-origin": "*", "content-type": "application/json" };
      if (request.url === "/bomb.json") return response.writeHead(200, { ...headers, "content-encoding": "gzip" }).end(bomb);
      response.writeHead(200, headers);
      response.on("close", () => endlessClosed.resolve());
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) endlessSent += chunk.length;
        if (!response.destroyed) response.once("drain", pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(hostile.address() as { port: number }).port}`;
    try {
      for (const path of ["/bomb.json", "/endless.json"]) {
        const { page, errors } = await openPage(`${site.url}/#bundle=${encodeURIComponent(origin + path)}`);
        await page.locator("#form-error:not([hidden])").waitFor();
        expect(await page.textContent("#form-error")).toBe(
          `Could not load the bundle from ${origin}${path}: The linked bundle is more than 1000000 bytes, more than a bundle can be: nothing more of it was read.`,
        );
        expect(await page.inputValue("#bundle")).toBe("");
        expect(errors).toEqual([]);
        if (path === "/bomb.json") await shoot(page, "bundle-link-too-large");
        await page.close();
      }
      // the page dropped the endless answer's connection soon after the cap
      await endlessClosed.promise;
      expect(endlessSent).toBeLessThan(16_000_000);
    } finally {
      hostile.closeAllConnections();
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  test("the RPC note follows the field: prefilled for a public chain, the visitor's own RPC once typed and kept across bundles, none after emptying", async () => {
    const { page, requested } = await openPage(site.url);
    const note = async () => page.textContent("#rpc-note");
    const devBundle = serializeBundle(bundles.honest.bundle);
    const baseBundle = JSON.stringify({ ...JSON.parse(devBundle), chainId: 8453 });
    await page.fill("#bundle", baseBundle);
    expect(await page.inputValue("#rpc")).toBe("https://mainnet.base.org");
    expect(await note()).toBe("The bundle is for chain 8453 (Base). Prefilled with https://mainnet.base.org: you may use your own.");
    await page.fill("#rpc", "https://rpc.example/base");
    expect(await note()).toBe("The bundle is for chain 8453 (Base). Using the RPC you typed: https://rpc.example/base.");
    // another bundle keeps the visitor's RPC
    await page.fill("#bundle", devBundle);
    expect(await page.inputValue("#rpc")).toBe("https://rpc.example/base");
    expect(await note()).toBe(`${devNote} Using the RPC you typed: https://rpc.example/base.`);
    // emptying the field hands it back to the page: a public chain prefills again, a development chain clears the prefill
    await page.fill("#rpc", "");
    expect(await note()).toBe(`${devNote} No RPC given: only the offline checks will run.`);
    await page.fill("#bundle", baseBundle);
    expect(await page.inputValue("#rpc")).toBe("https://mainnet.base.org");
    await page.fill("#bundle", devBundle);
    expect(await page.inputValue("#rpc")).toBe("");
    await shoot(page, "rpc-note");
    // no chain was read: nothing fetched but the page
    expect(new Set(requested.map((url) => new URL(url).origin))).toEqual(new Set([site.url]));
    await page.close();
  });

  test("the proof server (createProofServer's webRoot, as aiattest serve runs it) serves the page at / and it verifies there", async () => {
    // the store and manifests live outside webRoot: only the page's own files are served at /
    const storeDir = await mkdtemp(join(tmpdir(), "aiattest-web-store-"));
    const store = await openSqliteStore({ path: join(storeDir, "lab.db") });
    const server = await startProofServer({ app: createProofServer({ store, manifestDir: storeDir, webRoot: dist }), port: 0 });
    try {
      const { page, requested, errors } = await openPage(`${server.url}/`);
      const verdict = await verify(page, { response: bundles.honest.response, bundle: serializeBundle(bundles.honest.bundle) });
      await shoot(page, "proof-server-valid");
      expect(verdict.headline).toBe(devValid);
      // the page asks the server for itself only; the verdict comes from the RPC
      expect(new Set(requested.map((url) => new URL(url).origin))).toEqual(new Set([server.url, node.rpcUrl]));
      expect(requested.filter((url) => url.startsWith(server.url)).map((url) => new URL(url).pathname).sort()).toEqual(["/", "/style.css", "/verifier.js"]);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
      await store.close();
      await rm(storeDir, { recursive: true, force: true });
    }
  });

  test("aiattest serve, in its own process, serves the built page (web/dist) at / and it verifies there", async () => {
    await buildWebPage({ out: webVerifierRoot });
    const storeDir = await mkdtemp(join(tmpdir(), "aiattest-web-serve-"));
    await (await openSqliteStore({ path: join(storeDir, "lab.db") })).close();
    const served = spawnCli(["serve", "--port", "0"], { cwd: storeDir, env: { AIATTEST_DB: join(storeDir, "lab.db"), AIATTEST_MANIFEST_DIR: join(storeDir, "manifests") } });
    try {
      const url = await waitForListening(served.child, "aiattest serve");
      const { page, errors } = await openPage(`${url}/`);
      const verdict = await verify(page, { response: bundles.honest.response, bundle: serializeBundle(bundles.honest.bundle) });
      await shoot(page, "aiattest-serve-valid");
      expect(verdict.headline).toBe(devValid);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      served.child.kill("SIGTERM");
      await served.done;
      await rm(storeDir, { recursive: true, force: true });
    }
  });

  test("the page opened from disk (file://) verifies too: the build is one classic script", async () => {
    const { page, errors } = await openPage(pathToFileURL(join(dist, "index.html")).href);
    const verdict = await verify(page, { response: bundles.honest.response, bundle: serializeBundle(bundles.honest.bundle) });
    await shoot(page, "file-url-valid");
    expect(verdict.headline).toBe(devValid);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("keyboard only: Tab reaches the Verify button and Enter runs it; every field has a label", async () => {
    const { page } = await openPage(site.url);
    await page.fill("#response", bundles.honest.response);
    await page.fill("#bundle", serializeBundle(bundles.honest.bundle));
    await page.fill("#rpc", node.rpcUrl);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let tabs = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== "verify") {
      await page.keyboard.press("Tab");
      if (++tabs > 30) throw new Error("the Verify button is not reachable with Tab");
    }
    await page.keyboard.press("Enter");
    expect((await verdictOf(page)).headline).toBe(devValid);
    await shoot(page, "keyboard");
    const unlabelled = await page.$$eval("input, textarea", (fields) => fields.filter((field) => !(field as HTMLInputElement).labels?.length).map((field) => field.id));
    expect(unlabelled).toEqual([]);
    await page.close();
  });

  test("at a phone's width (375 px) the result has no horizontal scroll", async () => {
    const { page } = await openPage(site.url, { width: 375, height: 800 });
    const verdict = await verify(page, { response: bundles.honest.response, bundle: serializeBundle(bundles.honest.bundle) });
    expect(verdict.headline).toBe(devValid);
    await shoot(page, "phone-375");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });
});
