import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type AbiParameter, getAddress } from "viem";
import { readContract } from "viem/actions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import type { ProofBundle } from "../../sdk/src/bundle/ProofBundle.js";
import { getCanonicalAttestAddress } from "../../sdk/src/deployment/getCanonicalAttestAddress.js";
import { hashContent } from "../../sdk/src/hashing/hashContent.js";
import { type ExplorerCall, type ExplorerInputs, explorerInputs } from "../../sdk/src/verify/explorerInputs.js";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { findSystemNode } from "../helpers/findSystemNode.js";
import { labOverRpc } from "../pipeline/helpers/labOverRpc.js";
import { type AbiValue, parseExplorerValue } from "./helpers/parseExplorerValue.js";

let node: Awaited<ReturnType<typeof startHardhatNode>> | undefined;
let lab: Awaited<ReturnType<typeof labOverRpc>>;
const responses = ["Paris.", "naïve café — 東京 🚀", "yes\n"];
const bundles: ProofBundle[] = [];
let receipt: ProofBundle;

beforeAll(async () => {
  node = await startHardhatNode();
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
  // recorded in this process (as an inference server does), anchored and proved through the CLI
  for (const [index, response] of responses.entries()) await lab.writeText(`response-${index}.txt`, response);
  expect(await lab.recordInProcess(responses)).toEqual([1, 2, 3]);
  // a block at the current time: records claimed after the chain's last block would wait for a later run
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await lab.client.request({ method: "evm_mine" } as never);
  expect(await lab.json(["anchor"])).toMatchObject({ anchored: 3, waiting: 0 });
  for (const index of responses.keys()) {
    await lab.json(["proof", String(index + 1), "--out", `bundle-${index}.json`]);
    bundles.push(JSON.parse(await readFile(join(lab.cwd, `bundle-${index}.json`), "utf8")) as ProofBundle);
  }
  // one more output, recorded but not anchored: its receipt
  await lab.recordInProcess(["not anchored yet"]);
  receipt = await lab.json(["proof", "4"]);
}, 480_000);
afterAll(() => node?.stop());

/** What an explorer prints for a value: decimals for numbers, `true`/`false`, checksummed addresses, hex and text as is. */
function display(type: string, value: unknown): string {
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (type === "address") return getAddress(value as string);
  return String(value);
}

/** Calls one function on the chain with the arguments read back from the pasted text; each output as an explorer shows it. */
async function callAsExplorer(call: ExplorerCall, pasted: string[]): Promise<Record<string, string>> {
  const args = call.inputs.map((input, index) => parseExplorerValue(input.type, pasted[index]!)) as AbiValue[];
  const item = aiAttestAbi.find((entry) => entry.type === "function" && entry.name === call.function && entry.inputs.length === args.length)!;
  const result = (await readContract(lab.client, { address: lab.contract, abi: aiAttestAbi, functionName: call.function, args } as never)) as unknown;
  if (item.type !== "function") throw new Error("not a function");
  const [first] = item.outputs;
  if (item.outputs.length === 1 && first!.type === "tuple") {
    const components = (first as AbiParameter & { components: readonly AbiParameter[] }).components;
    return Object.fromEntries(components.map((component) => [component.name!, display(component.type, (result as Record<string, unknown>)[component.name!])]));
  }
  if (item.outputs.length === 1) return { [first!.name ?? ""]: display(first!.type, result) };
  return Object.fromEntries(item.outputs.map((output, index) => [output.name!, display(output.type, (result as unknown[])[index])]));
}

/** The values a person would copy from the CLI's text: the rest of each argument's line after `name (type): `. */
function pastedFromText(text: string, explorer: ExplorerInputs): string[][] {
  const sections = text.split(/^\d+\. /m).slice(1);
  expect(sections).toHaveLength(explorer.calls.length);
  return explorer.calls.map((call, index) => {
    const lines = sections[index]!.split("\n");
    expect(lines[0]).toBe(call.signature);
    return call.inputs.map((input) => {
      const prefix = `   ${input.name} (${input.type}): `;
      const line = lines.find((candidate) => candidate.startsWith(prefix));
      expect(line, `${call.function} ${input.name}`).toBeDefined();
      // a struct's fields, one box each, must make the same struct as the bracketed whole
      if (input.components) {
        const fields = input.components.map((component) => {
          const fieldLine = lines.find((candidate) => candidate.startsWith(`       ${component.name} (${component.type}): `))!;
          return fieldLine.slice(fieldLine.indexOf("): ") + 3);
        });
        expect(JSON.stringify(fields)).toBe(line!.slice(prefix.length));
      }
      return line!.slice(prefix.length);
    });
  });
}

/** `verify --explorer`'s text, and the structured inputs (`--json` when asked, else the SDK's, which --json prints). */
async function verifyExplorer(index: number, { json = false } = {}) {
  const args = ["verify", "--response", `response-${index}.txt`, "--bundle", `bundle-${index}.json`, "--explorer"];
  const text = await lab.run(args);
  expect(text.code).toBe(0);
  const inProcess = explorerInputs(bundles[index], { response: responses[index], responseFile: `response-${index}.txt` });
  if (json) expect((JSON.parse((await lab.run([...args, "--json"])).stdout) as { explorer: ExplorerInputs }).explorer).toEqual(inProcess);
  return { text: text.stdout, explorer: inProcess };
}

describe("aiattest verify --explorer against a real hardhat node", () => {
  test("every pasted value, read back as an explorer reads it and called on the chain, gives exactly the answer printed", async () => {
    expect(lab.contract).toBe(getCanonicalAttestAddress());
    for (const index of responses.keys()) {
      const { text, explorer } = await verifyExplorer(index, { json: index === 0 });
      expect(explorer.contract).toBe(lab.contract);
      expect(explorer.calls.map((call) => call.function)).toEqual(["verifySignedOutput", "getBatch", "outputLeaf", "getModel", "getKey", "isValidSigner", "isValidSigner"]);
      const pasted = pastedFromText(text, explorer);
      for (const [callIndex, call] of explorer.calls.entries()) {
        // the text shows exactly the structured values
        expect(pasted[callIndex]).toEqual(call.inputs.map((input) => input.value));
        const shown = await callAsExplorer(call, pasted[callIndex]!);
        expect(Object.keys(shown)).toEqual(call.expected.map((answer) => answer.name));
        for (const answer of call.expected.filter((candidate) => candidate.exact)) {
          expect(shown[answer.name]!.toLowerCase(), `${call.function} ${answer.name}`).toBe(answer.expected.toLowerCase());
          expect(text).toContain(`${answer.name === "" ? `(${answer.type})` : `${answer.name} (${answer.type})`} = ${answer.expected}`);
        }
        // the conditions, checked against the bundle's own times
        const bundle = bundles[index]!;
        if (call.function === "getBatch") expect(Number(shown.count)).toBeGreaterThanOrEqual(bundle.anchor!.leafIndex + 1);
        if (call.function === "getModel") expect(shown.retiredAt).toBe("0");
        if (call.function === "outputLeaf") {
          // the batch's manifest (a file here) lists the leaf the contract computes, where the bundle says
          const manifest = JSON.parse(await readFile(new URL(bundle.anchor!.manifestUri), "utf8")) as { leaves: string[] };
          expect(manifest.leaves[bundle.anchor!.leafIndex]).toBe(shown[""]);
        }
        if (call.function === "getKey") {
          expect(Number(shown.validFrom)).toBeLessThanOrEqual(bundle.output.timestamp);
          expect(BigInt(shown.validUntil!)).toBeGreaterThan(BigInt(bundle.anchor!.anchoredAt));
        }
      }
      expect(explorer.responseHash).toMatchObject({ claimed: bundles[index]!.output.responseHash, computed: bundles[index]!.output.responseHash });
      expect(text).toContain(`The response given hashes to it: ${bundles[index]!.output.responseHash}.`);
    }
  });

  test("the inputs of a forged bundle make the chain answer no: a changed response hash, another signer", async () => {
    const honest = bundles[0]!;
    const forgedHash = hashContent({ salt: honest.content.responseSalt, content: "Paris!" });
    const forged = explorerInputs({ ...honest, output: { ...honest.output, responseHash: forgedHash } });
    const verdict = forged.calls[0]!;
    expect(await callAsExplorer(verdict, verdict.inputs.map((input) => input.value))).toMatchObject({ valid: "false", anchoredAt: "0" });

    const otherSigner = explorerInputs({ ...honest, signer: lab.publisher });
    const getKey = otherSigner.calls.find((call) => call.function === "getKey")!;
    const shown = await callAsExplorer(getKey, getKey.inputs.map((input) => input.value));
    // the publisher's own account is no signer key: role 1 (Publisher), not the 2 expected
    expect(shown.role).not.toBe(getKey.expected.find((answer) => answer.name === "role")!.expected);
  });

  const systemNode = findSystemNode({ major: 20 }) ?? findSystemNode({ major: 22 });
  test.skipIf(!systemNode)("the printed one-line command recomputes responseHash with the machine's own Node; a changed file does not", async () => {
    const { text } = await verifyExplorer(1);
    const command = text.split("\n").find((line) => line.startsWith("  node -e '"))!.trim();
    expect(command.endsWith(" response-1.txt")).toBe(true);
    const env = { PATH: `${systemNode!.path.slice(0, -"/node".length)}:/usr/bin:/bin` };
    const printed = execFileSync("/bin/sh", ["-c", command], { cwd: lab.cwd, env, encoding: "utf8" }).trim();
    expect(printed).toBe(bundles[1]!.output.responseHash);
    expect(text).toContain(`It must print ${bundles[1]!.output.responseHash}`);
    await lab.writeText("response-1.txt", `${responses[1]} `);
    try {
      expect(execFileSync("/bin/sh", ["-c", command], { cwd: lab.cwd, env, encoding: "utf8" }).trim()).not.toBe(printed);
    } finally {
      await lab.writeText("response-1.txt", responses[1]!);
    }
  });

  test("a signed-only receipt: no root to check yet (a note says so); the model and signer-key answers hold on the chain", async () => {
    const explorer = explorerInputs(receipt, { response: "not anchored yet" });
    expect(explorer.calls.map((call) => call.function)).toEqual(["getModel", "getKey", "isValidSigner"]);
    expect(explorer.notes).toEqual([expect.stringContaining("not anchored yet")]);
    for (const call of explorer.calls) {
      const shown = await callAsExplorer(call, call.inputs.map((input) => input.value));
      for (const answer of call.expected.filter((candidate) => candidate.exact)) expect(shown[answer.name]!.toLowerCase()).toBe(answer.expected.toLowerCase());
    }
    expect(explorer.responseHash.computed).toBe(receipt.output.responseHash);
  });

  test("--explorer with a response that is not the signed one: the verdict is invalid and the text says the hash differs", async () => {
    await lab.writeText("other.txt", "Paris!");
    const run = await lab.run(["verify", "--response", "other.txt", "--bundle", "bundle-0.json", "--explorer"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^INVALID \(content-mismatch\)/);
    expect(run.stdout).toContain("The response given does NOT hash to it:");
    expect(run.stdout).toContain(" other.txt\n");
  });
});
