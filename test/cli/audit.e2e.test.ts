// aiattest audit end to end against a real `hardhat node`: a lab set up through the CLI anchors batches whose
// manifests a small node:http server publishes; the audit is run as its own process, as an auditor would.
import { copyFile, mkdir, readFile, readdir, truncate, writeFile } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import { join } from "node:path";
import { type Hash, createWalletClient, getAddress, http, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { aiAttestBytecode } from "../../sdk/src/abi/aiAttestBytecode.js";
import { anchorBatch } from "../../sdk/src/actions/anchorBatch.js";
import { getBatch } from "../../sdk/src/actions/getBatch.js";
import { registerModel } from "../../sdk/src/actions/registerModel.js";
import { revokeKey } from "../../sdk/src/actions/revokeKey.js";
import { maxManifestBytes } from "../../sdk/src/audit/maxManifestBytes.js";
import { maxBundleBytes } from "../../sdk/src/bundle/parseBundle.js";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { dumpManifest } from "../../sdk/src/merkle/dumpManifest.js";
import { labOverRpc } from "../pipeline/helpers/labOverRpc.js";
import { spawnCli } from "../pipeline/helpers/spawnCli.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";
import { startHardhatNode } from "./helpers/startHardhatNode.js";

let node: Awaited<ReturnType<typeof startHardhatNode>> | undefined;
let lab: Awaited<ReturnType<typeof labOverRpc>>;
let server: Server | undefined;
let baseUrl: string;
/** Anchored by the lab through the CLI: its root, and its bundles (by record id) with their responses. */
let batch: { root: Hash; manifestPath: string; ids: number[]; responses: string[] };

/**
 * Runs `aiattest anchor` until no record waits: a record claimed a moment after the chain's latest block time waits
 * for a later block (PROTOCOL §10), so mine one and run again.
 */
async function anchorAll(env: Record<string, string>) {
  for (let attempt = 0; ; attempt++) {
    const run = await lab.run(["anchor", "--json"], { env });
    expect(run.code, run.stderr).toBe(0);
    if (JSON.parse(run.stdout).waiting === 0 || attempt === 5) return;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await lab.client.request({ method: "evm_mine" } as never);
  }
}

const publisherWallet = () => createWalletClient({ account: privateKeyToAccount(hardhatKeys.publisher), chain: hardhat, transport: http(node!.rpcUrl) });

beforeAll(async () => {
  node = await startHardhatNode();
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
  // /v1/manifests/<file> and /copy/<file> serve the lab's manifest folder: the second is not the anchored URI
  server = createServer((request, response) => {
    void (async () => {
      const match = /^\/(?:v1\/manifests|copy)\/(0x[0-9a-f]{64}\.json|[a-z-]+\.json)$/.exec(request.url ?? "");
      const text = match ? await readFile(join(lab.cwd, "manifests", match[1]!)).catch(() => null) : null;
      response.writeHead(text ? 200 : 404, { "content-type": "application/json" }).end(text ?? "");
    })();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const responses = ["Paris.", "naïve café — 東京 🚀", "yes", "no", "42"];
  const ids = await lab.recordInProcess(responses);
  await anchorAll({ AIATTEST_MANIFEST_BASE_URL: `${baseUrl}/v1/manifests` });
  const manifests = (await readdir(join(lab.cwd, "manifests"))).filter((name) => name.endsWith(".json"));
  expect(manifests).toHaveLength(1);
  const root = manifests[0]!.slice(0, -".json".length) as Hash;
  batch = { root, manifestPath: join(lab.cwd, "manifests", manifests[0]!), ids, responses };
}, 240_000);

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await node?.stop();
});

const audit = async (args: string[]) => {
  const run = await lab.run(["audit", ...args]);
  return { ...run, json: args.includes("--json") && run.stdout ? JSON.parse(run.stdout) : undefined };
};

describe("aiattest audit", () => {
  test("an honest batch fetched from its anchored URL is valid: every check passes, the URI included", async () => {
    const url = `${baseUrl}/v1/manifests/${batch.root}.json`;
    const run = await audit([url, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({
      valid: true,
      reason: null,
      unchecked: [],
      expectedUri: url,
      manifest: { chainId: 31337, contract: lab.contract, publisher: lab.publisher, root: batch.root, leafCount: 5, sortLeaves: true },
      anchor: { count: 5, uri: url },
      source: { kind: "url", location: url },
      bundles: null,
    });
    expect(run.json.checks.map((check: { name: string; outcome: string }) => `${check.name}:${check.outcome}`)).toEqual(
      ["manifest", "root", "contract", "chain", "batch", "anchorerWindow", "count", "event", "uri", "confirmations"].map((name) => `${name}:pass`),
    );
    const human = await audit([url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^VALID: the 5 leaves rebuild root 0x[0-9a-f]{64}, which 0x[0-9a-fA-F]{40} anchored on chain 31337 at .* count 5, under this manifest's URI\.$/m);
  });

  test("from a file the URI is not compared unless --uri names it; from standard input too", async () => {
    const fromFile = await audit([batch.manifestPath, "--json"]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.json).toMatchObject({ valid: true, unchecked: ["uri"], expectedUri: null, source: { kind: "file" } });
    expect((await audit([batch.manifestPath])).stdout).toContain("its URI was not compared (read from a file: pass --uri)");
    const named = await audit([batch.manifestPath, "--uri", `${baseUrl}/v1/manifests/${batch.root}.json`, "--json"]);
    expect(named.json).toMatchObject({ valid: true, unchecked: [] });
    const stdin = await lab.run(["audit", "-", "--json"], { stdin: await readFile(batch.manifestPath, "utf8") });
    expect(stdin.code).toBe(0);
    expect(JSON.parse(stdin.stdout)).toMatchObject({ valid: true, source: { kind: "stdin" } });
  });

  test("one leaf changed: root mismatch; the root changed too: not anchored", async () => {
    const manifest = JSON.parse(await readFile(batch.manifestPath, "utf8"));
    // the last hex digit: the leaves stay in ascending order, so only the root can catch it
    const leaf: string = manifest.leaves[2];
    manifest.leaves[2] = `${leaf.slice(0, -1)}${leaf.endsWith("0") ? "1" : "0"}`;
    await lab.writeText("one-leaf.json", JSON.stringify(manifest));
    const run = await audit(["one-leaf.json", "--json"]);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ valid: false, reason: "root-mismatch", readAt: null });
    expect(run.json.unchecked).toEqual(["contract", "chain", "batch", "anchorerWindow", "count", "event", "uri", "confirmations"]);

    manifest.root = (await createMerkleTree(manifest.leaves)).root;
    await lab.writeText("new-root.json", JSON.stringify(manifest));
    const rerooted = await audit(["new-root.json", "--json"]);
    expect(rerooted.code).toBe(1);
    expect(rerooted.json).toMatchObject({ valid: false, reason: "not-anchored" });
  });

  test("a malformed manifest names its bad field; a manifest served under a URI the anchor does not name is uri-mismatch", async () => {
    const manifest = JSON.parse(await readFile(batch.manifestPath, "utf8"));
    await lab.writeText("bad-field.json", JSON.stringify({ ...manifest, leaves: [...manifest.leaves.slice(0, 3), "0x1234"] }));
    const bad = await audit(["bad-field.json", "--json"]);
    expect(bad.code).toBe(1);
    expect(bad.json).toMatchObject({ valid: false, reason: "malformed-manifest", issues: [{ path: "leaves[3]" }] });
    await lab.writeText("not-json.json", "{ nope");
    expect((await audit(["not-json.json", "--json"])).json).toMatchObject({ reason: "malformed-manifest", issues: [{ path: "$" }] });

    const copy = await audit([`${baseUrl}/copy/${batch.root}.json`, "--json"]);
    expect(copy.code).toBe(1);
    expect(copy.json).toMatchObject({ valid: false, reason: "uri-mismatch", anchor: { uri: `${baseUrl}/v1/manifests/${batch.root}.json` } });
    const missing = await audit([`${baseUrl}/v1/manifests/${"0x" + "ab".repeat(32)}.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("the server answered 404");
    const file = await audit(["file:///etc/passwd"]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain("not http(s)");
  });

  test("a batch anchored with another count is count-mismatch", async () => {
    const leaves = [1, 2, 3].map((n) => keccak256(toHex(`count leaf ${n}`)));
    const tree = await createMerkleTree(leaves);
    await anchorBatch(publisherWallet(), { contract: lab.contract, root: tree.root, count: 4, uri: `${baseUrl}/v1/manifests/count.json` });
    await writeFile(join(lab.cwd, "manifests", "count.json"), JSON.stringify(dumpManifest(tree, { chainId: 31337, contract: lab.contract, publisher: lab.publisher })));
    const run = await audit([`${baseUrl}/v1/manifests/count.json`, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ valid: false, reason: "count-mismatch", anchor: { count: 4 } });
  });

  test("a batch anchored on another deployment of AIAttest is untrusted, unless that contract is named", async () => {
    const wallet = publisherWallet();
    const txHash = await wallet.deployContract({ abi: aiAttestAbi, bytecode: aiAttestBytecode });
    const { contractAddress } = await lab.client.waitForTransactionReceipt({ hash: txHash });
    const other = getAddress(contractAddress!);
    // an account becomes a publisher there by registering a model
    await registerModel(wallet, { contract: other, name: "atlas", version: "1.0" });
    const leaves = [1, 2].map((n) => keccak256(toHex(`elsewhere ${n}`)));
    const tree = await createMerkleTree(leaves);
    await anchorBatch(wallet, { contract: other, root: tree.root, count: 2, uri: `${baseUrl}/v1/manifests/elsewhere.json` });
    await writeFile(join(lab.cwd, "manifests", "elsewhere.json"), JSON.stringify(dumpManifest(tree, { chainId: 31337, contract: other, publisher: lab.publisher })));
    const url = `${baseUrl}/v1/manifests/elsewhere.json`;
    // AIATTEST_CONTRACT is the lab's canonical address: it must not be the trust root here
    const untrusted = await lab.run(["audit", url, "--json"], { env: { AIATTEST_CONTRACT: "" } });
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stdout)).toMatchObject({ valid: false, reason: "untrusted-contract", trustedContracts: null });
    const named = await lab.run(["audit", url, "--contract", other, "--json"]);
    expect(named.code, named.stderr).toBe(0);
    expect(JSON.parse(named.stdout)).toMatchObject({ valid: true, trustedContracts: [other] });
  }, 200_000);

  test("an unreachable RPC exits 3: the verdict is unknown", async () => {
    const run = await lab.run(["audit", batch.manifestPath, "--rpc", "http://127.0.0.1:9"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("Could not read the chain");
  });

  test("--bundles: valid ones (content checked when the response is beside them), tampered ones by reason, other batches skipped, leaves without a bundle counted", async () => {
    const dir = join(lab.cwd, "bundles");
    await mkdir(dir, { recursive: true });
    for (const [index, id] of batch.ids.slice(0, 4).entries()) {
      const proof = await lab.run(["proof", String(id), "--out", join(dir, `b${index}.json`)]);
      expect(proof.code, proof.stderr).toBe(0);
    }
    await writeFile(join(dir, "b0.response.txt"), batch.responses[0]!);
    // b2: its leafIndex moved (the proof still verifies: only the manifest can tell)
    const b2 = JSON.parse(await readFile(join(dir, "b2.json"), "utf8"));
    b2.anchor.leafIndex = (b2.anchor.leafIndex + 1) % 5;
    await writeFile(join(dir, "b2.json"), JSON.stringify(b2));
    // b3: a proof element altered
    const b3 = JSON.parse(await readFile(join(dir, "b3.json"), "utf8"));
    b3.anchor.proof[0] = `0x${"11".repeat(32)}`;
    await writeFile(join(dir, "b3.json"), JSON.stringify(b3));
    // b1's response beside it, but altered: content mismatch
    await copyFile(join(dir, "b1.json"), join(dir, "b1-copy.json"));
    await writeFile(join(dir, "b1-copy.response.txt"), "not what was said");
    // another batch's bundle, a receipt, and a file that is no bundle
    const [later] = await lab.recordInProcess(["a later batch"]);
    await lab.run(["proof", String(later), "--out", join(dir, "receipt.json")]);
    await anchorAll({ AIATTEST_MANIFEST_BASE_URL: `${baseUrl}/v1/manifests` });
    await lab.run(["proof", String(later), "--out", join(dir, "other.json")]);
    await writeFile(join(dir, "notes.json"), JSON.stringify({ hello: "world" }));

    const run = await audit([`${baseUrl}/v1/manifests/${batch.root}.json`, "--bundles", dir, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json.valid).toBe(true);
    expect(run.json.bundles).toMatchObject({
      valid: 2,
      validWithContent: 1,
      invalid: 3,
      invalidByReason: { "leaf-index-mismatch": 1, "proof-invalid": 1, "content-mismatch": 1 },
      skipped: 3,
      skippedByKind: { "other-batch": 1, "not-anchored": 1, "not-a-bundle": 1 },
      leavesWithoutBundle: 3,
    });
    const byFile = Object.fromEntries(run.json.bundles.files.map((file: { file: string }) => [file.file, file]));
    expect(byFile["b0.json"]).toMatchObject({ status: "valid", isContentChecked: true });
    expect(byFile["b1.json"]).toMatchObject({ status: "valid", isContentChecked: false, message: "Valid, except the content: not checked (no response text given), so this says nothing about any text." });

    const human = await audit([`${baseUrl}/v1/manifests/${batch.root}.json`, "--bundles", dir]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("but 3 bundle(s) are INVALID");
    expect(human.stdout).toContain("Leaves without a valid bundle here: 3 of 5.");
    expect(human.stdout).toMatch(/content not checked \(needs the response text\)\s+1/);
    expect(human.stdout).toMatch(/leaf-index-mismatch\s+1/);
    expect(human.stdout).toMatch(/other-batch\s+1/);

    // only the good ones: exit 0
    const good = join(lab.cwd, "good-bundles");
    await mkdir(good);
    await copyFile(join(dir, "b0.json"), join(good, "b0.json"));
    await copyFile(join(dir, "b0.response.txt"), join(good, "b0.response.txt"));
    await copyFile(join(dir, "other.json"), join(good, "other.json"));
    const clean = await audit([`${baseUrl}/v1/manifests/${batch.root}.json`, "--bundles", good, "--json"]);
    expect(clean.code).toBe(0);
    expect(clean.json.bundles).toMatchObject({ valid: 1, invalid: 0, skipped: 1, leavesWithoutBundle: 4 });
  }, 400_000);

  test("--bundles: a bundle padded past 64 KiB, one with trailing garbage and a file larger than any manifest are counted invalid, never skipped; manifests beside them are skipped", async () => {
    const dir = join(lab.cwd, "padded-bundles");
    await mkdir(dir, { recursive: true });
    const proof = await lab.run(["proof", String(batch.ids[4]), "--out", join(dir, "honest.json")]);
    expect(proof.code, proof.stderr).toBe(0);
    const text = (await readFile(join(dir, "honest.json"), "utf8")).trimEnd();
    await writeFile(join(dir, "padded.json"), `${text.slice(0, -1)}${" ".repeat(maxBundleBytes)}}`);
    await writeFile(join(dir, "garbage.json"), `${text}garbage`);
    // a sparse file: its size is read, never its bytes
    await writeFile(join(dir, "huge.json"), "");
    await truncate(join(dir, "huge.json"), maxManifestBytes + 1);
    const manifest = JSON.parse(await readFile(batch.manifestPath, "utf8"));
    await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
    await writeFile(join(dir, "big-manifest.json"), JSON.stringify({ ...manifest, leaves: Array.from({ length: 2_000 }, () => manifest.leaves[0]) }));

    const url = `${baseUrl}/v1/manifests/${batch.root}.json`;
    const run = await audit([url, "--bundles", dir, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json.bundles).toMatchObject({ valid: 1, invalid: 3, invalidByReason: { "malformed-bundle": 3 }, skipped: 2, skippedByKind: { "not-a-bundle": 2 }, leavesWithoutBundle: 4 });
    const byFile = Object.fromEntries(run.json.bundles.files.map((file: { file: string }) => [file.file, file]));
    expect(byFile["padded.json"].message).toContain(`larger than ${maxBundleBytes} bytes`);
    expect(byFile["huge.json"].message).toBe(`Malformed bundle: ${maxManifestBytes + 1} bytes, larger than any proof bundle (${maxBundleBytes}) or manifest (${maxManifestBytes}); not read, and counted invalid so that padding cannot hide a bundle.`);
    expect(byFile["big-manifest.json"]).toMatchObject({ status: "skipped", skip: "not-a-bundle", message: 'Not a proof bundle: a JSON document of format "aiattest-batch-v1", not "aiattest-bundle-v1".' });

    const human = await audit([url, "--bundles", dir]);
    expect(human.stdout).toContain("— but 3 bundle(s) are INVALID (1 valid bundle(s) without their response text: their content was not checked).");
    expect(human.stdout).toMatch(/malformed-bundle\s+3/);
  }, 200_000);

  test("--bundles against a rival's batch of the lab's very root: the rival's anchor audits valid, and not one lab bundle counts as its member", async () => {
    const rival = createWalletClient({ account: privateKeyToAccount(hardhatKeys.outsider), chain: hardhat, transport: http(node!.rpcUrl) });
    await registerModel(rival, { contract: lab.contract, name: "copycat", version: "1.0" });
    const manifest = JSON.parse(await readFile(batch.manifestPath, "utf8"));
    await anchorBatch(rival, { contract: lab.contract, root: batch.root, count: manifest.leaves.length, uri: `${baseUrl}/v1/manifests/rival.json` });
    await writeFile(join(lab.cwd, "manifests", "rival.json"), JSON.stringify({ ...manifest, publisher: rival.account.address }));
    const dir = join(lab.cwd, "lab-bundles");
    await mkdir(dir, { recursive: true });
    for (const [index, id] of batch.ids.entries()) {
      const proof = await lab.run(["proof", String(id), "--out", join(dir, `b${index}.json`)]);
      expect(proof.code, proof.stderr).toBe(0);
    }
    const run = await audit([`${baseUrl}/v1/manifests/rival.json`, "--bundles", dir, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ valid: true, manifest: { publisher: rival.account.address, root: batch.root } });
    expect(run.json.bundles).toMatchObject({ valid: 0, invalid: 0, skipped: 5, skippedByKind: { "other-publisher": 5 }, leavesWithoutBundle: 5 });
    const human = await audit([`${baseUrl}/v1/manifests/rival.json`, "--bundles", dir]);
    expect(human.stdout).toContain("Leaves without a valid bundle here: 5 of 5.");
    expect(human.stdout).toMatch(/other-publisher\s+5/);
  }, 200_000);

  test("a manifest served by aiattest serve: valid when the anchor names the server's URL, uri-mismatch for a batch anchored under another", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const serveBase = `http://127.0.0.1:${port}`;
    const served = spawnCli(["serve", "--port", String(port)], { cwd: lab.cwd, env: lab.env });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = "";
        served.child.stderr!.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes(`listening on ${serveBase}`)) resolve();
        });
        served.child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
      });
      await lab.recordInProcess(["served 1", "served 2"]);
      const before = new Set(await readdir(join(lab.cwd, "manifests")));
      await anchorAll({ AIATTEST_MANIFEST_BASE_URL: `${serveBase}/v1/manifests` });
      const [file] = (await readdir(join(lab.cwd, "manifests"))).filter((name) => !before.has(name) && name.startsWith("0x"));
      const run = await audit([`${serveBase}/v1/manifests/${file}`, "--json"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json).toMatchObject({ valid: true, unchecked: [], manifest: { leafCount: 2 }, anchor: { uri: `${serveBase}/v1/manifests/${file}` } });
      // the first batch, served here too, was anchored under the node:http server's URL
      const moved = await audit([`${serveBase}/v1/manifests/${batch.root}.json`, "--json"]);
      expect(moved.code).toBe(1);
      expect(moved.json).toMatchObject({ valid: false, reason: "uri-mismatch" });
    } finally {
      served.child.kill("SIGTERM");
    }
  }, 300_000);

  // last: it voids the lab's anchors by its anchorer key
  test("an anchor by an anchorer key revoked back to before it is void: anchorer-not-authorized", async () => {
    const stored = (await getBatch(lab.client, { contract: lab.contract, publisher: lab.publisher, root: batch.root }))!;
    expect(stored.anchorer).toBe(privateKeyToAccount(hardhatKeys.anchorer).address);
    await revokeKey(publisherWallet(), { contract: lab.contract, key: stored.anchorer, effectiveAt: stored.anchoredAt });
    const run = await audit([`${baseUrl}/v1/manifests/${batch.root}.json`, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ valid: false, reason: "anchorer-not-authorized" });
    expect(run.json.checks.find((check: { name: string }) => check.name === "anchorerWindow").message).toContain("the anchor is void");
  });
});
