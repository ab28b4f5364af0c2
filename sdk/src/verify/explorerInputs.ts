import type { AbiParameter } from "viem";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { parseBundleOrThrow } from "../bundle/parseBundle.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import type { BundleParseError } from "../errors/BundleParseError.js";
import type { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { InvariantError } from "../errors/InvariantError.js";
import { hashContent } from "../hashing/hashContent.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { hashOutputLeaf } from "../hashing/hashOutputLeaf.js";
import { keyRoleIds } from "../types/KeyRole.js";
import { responseHashCommand } from "./responseHashCommand.js";

/** One argument as an explorer's Read Contract form asks for it, and the text to paste into its field. */
export type ExplorerInput = {
  name: string;
  /** The ABI type; a struct's is `tuple` and its fields' types: `tuple(bytes32,bytes32,bytes32,uint64)`. */
  type: string;
  /**
   * Paste-ready: a number in decimal, hex as is (addresses checksummed); a struct or an array in brackets, each
   * element a JSON string (`["0x…","0x…","1764500000"]`), which Etherscan and Blockscout both parse.
   */
  value: string;
  /** A struct's fields, for the forms that show one box per field. */
  components?: ExplorerInput[] | undefined;
};

/** One value an explorer prints back, and what it must be for the bundle's claim to hold. */
export type ExplorerAnswer = {
  name: string;
  type: string;
  /** Exactly what the explorer should print (`exact`), or the condition the value must meet. */
  expected: string;
  /** true: `expected` is the value (addresses compare without regard to case); false: a condition. */
  exact: boolean;
};

/** One read function to call on the contract's Read Contract tab. */
export type ExplorerCall = {
  function: "verifySignedOutput" | "getBatch" | "outputLeaf" | "getModel" | "getKey" | "isValidSigner";
  /** The canonical signature, as explorers list the function: `getBatch(address,bytes32)`. */
  signature: string;
  /** What the call establishes. */
  purpose: string;
  inputs: ExplorerInput[];
  expected: ExplorerAnswer[];
};

export type ExplorerInputs = {
  chainId: number;
  /** The contract the bundle names: open it on the chain's explorer (and check it is the one you trust). */
  contract: ProofBundle["contract"];
  calls: ExplorerCall[];
  /** The one step an explorer cannot do: the response's hash from its text. */
  responseHash: {
    /** The bundle's `output.responseHash`: what the recomputed hash must equal. */
    claimed: ProofBundle["output"]["responseHash"];
    /** Recomputed from `response` when it was given; null otherwise. */
    computed: ProofBundle["output"]["responseHash"] | null;
    salt: ProofBundle["content"]["responseSalt"];
    encoding: ProofBundle["content"]["encoding"];
    /** A one-line shell command that prints the hash of a response file (Node, nothing else). */
    command: string;
  };
  /** Why calls are missing: a signed-only receipt has no anchor to check yet. */
  notes: string[];
};

export type ExplorerInputsErrorType = BundleParseError | InvalidArgumentError;

export type ExplorerInputsParameters = {
  /** The response as delivered (text or its bytes), to recompute its hash here too. */
  response?: string | Uint8Array | undefined;
  /** The response file's name in the printed command (default `response.txt`). */
  responseFile?: string | undefined;
};

/**
 * What to paste into a block explorer's Read Contract tab to check a proof bundle by hand, with no aiattest
 * software: `verifySignedOutput` (the whole on-chain verdict), then `getBatch`, `outputLeaf` (the leaf the batch's
 * manifest must list), `getModel`, the signer's `getKey` and `isValidSigner` at the claimed and at the anchored time, each with the answer that makes the claim hold; and
 * the one-line command that recomputes `responseHash = keccak256(salt ‖ text)`, the step an explorer cannot do.
 * Arguments follow the contract's ABI (the generated `aiAttestAbi`), in its order. Pure: reads no chain.
 *
 * The expected answers are what the bundle claims: an explorer printing anything else refutes the bundle. They
 * say nothing about whether the contract is the one to trust: check its address (the canonical address, or the
 * one you were given) before reading anything from it.
 *
 * @throws {BundleParseError} when `bundle` is not a valid proof bundle.
 * @throws {InvalidArgumentError} when `response` cannot be hashed under the bundle's encoding (jcs: not JSON).
 * @example
 * const { calls, responseHash } = explorerInputs(bundleJson, { response: answerText })
 * for (const call of calls) console.log(call.signature, call.inputs.map((input) => input.value))
 */
export function explorerInputs(bundle: unknown, { response, responseFile }: ExplorerInputsParameters = {}): ExplorerInputs {
  const parsed = parseBundleOrThrow(bundle);
  const { output, anchor, publisher, signer } = parsed;
  const calls: ExplorerCall[] = [];
  const outputTuple = { modelId: output.modelId, requestHash: output.requestHash, responseHash: output.responseHash, timestamp: String(output.timestamp) };

  if (anchor !== null) {
    calls.push(
      call("verifySignedOutput", "the whole on-chain verdict: the output is in a batch its publisher anchored, signed by the publisher's signer key valid when claimed and when anchored", {
        inputs: { output: outputTuple, signature: parsed.signature, root: anchor.root, proof: anchor.proof },
        expected: {
          valid: exact("true"),
          anchoredAt: exact(String(anchor.anchoredAt)),
          signer: exact(signer),
        },
      }),
      call("getBatch", "the batch: who anchored it and when (block time)", {
        inputs: { publisher, root: anchor.root },
        expected: {
          anchorer: exact(anchor.anchorer),
          anchoredAt: exact(String(anchor.anchoredAt)),
          count: condition(`at least ${anchor.leafIndex + 1} (the batch's size; the manifest lists every leaf)`),
        },
      }),
      call("outputLeaf", `the output's Merkle leaf: the batch's manifest (${anchor.manifestUri === "" ? "no URI given" : "anchor.manifestUri"}) must list it, at leaves[${anchor.leafIndex}]`, {
        inputs: { output: outputTuple },
        expected: { "": exact(hashOutputLeaf(hashOutput({ domain: { chainId: parsed.chainId, contract: parsed.contract }, output: { ...output, timestamp: BigInt(output.timestamp) } }))) },
      }),
    );
  }
  calls.push(
    call("getModel", "the model: its publisher, name and version (the model id binds all three)", {
      inputs: { modelId: output.modelId },
      expected: {
        publisher: exact(publisher),
        registeredAt: condition("any time (unix seconds)"),
        retiredAt: condition(`0 (active), or later than ${output.timestamp} (the output's claimed time)`),
        weightsDigest: condition("any (the publisher's digest of the weights)"),
        parentModelId: condition("any (the model it derives from, or zero)"),
        name: exact(parsed.model.name),
        version: exact(parsed.model.version),
        metadataURI: condition("any (the model card)"),
      },
    }),
    call("getKey", "the signer key: whose it is, its role and its validity window", {
      inputs: { account: signer },
      expected: {
        publisher: exact(publisher),
        role: exact(String(keyRoleIds.signer)),
        validFrom: condition(`at most ${output.timestamp} (the output's claimed time)`),
        validUntil: condition(`later than ${Math.max(output.timestamp, anchor?.anchoredAt ?? 0)} (the claimed${anchor ? " and the anchored" : ""} time)`),
      },
    }),
    call("isValidSigner", `the signer's window at the output's claimed time (${output.timestamp})`, {
      inputs: { publisher, key: signer, time: String(output.timestamp) },
      expected: { "": exact("true") },
    }),
  );
  if (anchor !== null) {
    calls.push(
      call("isValidSigner", `the signer's window at the anchored time (${anchor.anchoredAt}): a key revoked before the anchor cannot have signed`, {
        inputs: { publisher, key: signer, time: String(anchor.anchoredAt) },
        expected: { "": exact("true") },
      }),
    );
  }

  let computed: ExplorerInputs["responseHash"]["computed"] = null;
  if (response !== undefined) {
    computed = hashContent({ salt: parsed.content.responseSalt, content: response, encoding: parsed.content.encoding });
  }
  return {
    chainId: parsed.chainId,
    contract: parsed.contract,
    calls,
    responseHash: {
      claimed: output.responseHash,
      computed,
      salt: parsed.content.responseSalt,
      encoding: parsed.content.encoding,
      command: responseHashCommand({ salt: parsed.content.responseSalt, encoding: parsed.content.encoding, file: responseFile }),
    },
    notes: anchor === null ? ["A signed-only receipt: its batch is not anchored yet, so there is no root to check (verifySignedOutput and getBatch need one)."] : [],
  };
}

type Answer = Omit<ExplorerAnswer, "name" | "type">;
const exact = (expected: string): Answer => ({ expected, exact: true });
const condition = (expected: string): Answer => ({ expected, exact: false });
type Values = { [name: string]: string | readonly string[] | Values };

/** A call built from the ABI: every input and output in the ABI's order, each filled from `inputs`/`expected` by name. */
function call(name: ExplorerCall["function"], purpose: string, { inputs, expected }: { inputs: Values; expected: Record<string, Answer> }): ExplorerCall {
  const item = aiAttestAbi.find((entry) => entry.type === "function" && entry.name === name);
  if (item?.type !== "function") throw new InvariantError(`no function ${name} in the ABI`);
  // a struct return is printed field by field
  const outputs = item.outputs.length === 1 && item.outputs[0]!.type === "tuple" ? (item.outputs[0] as AbiParameter & { components: readonly AbiParameter[] }).components : item.outputs;
  return {
    function: name,
    signature: `${name}(${item.inputs.map(canonicalType).join(",")})`,
    purpose,
    inputs: item.inputs.map((parameter) => toInput(parameter, inputs[parameter.name ?? ""], name)),
    expected: outputs.map((parameter) => {
      const answer = expected[parameter.name ?? ""];
      if (answer === undefined) throw new InvariantError(`no expected value for ${name}'s output ${parameter.name}`);
      return { name: parameter.name ?? "", type: canonicalType(parameter), ...answer };
    }),
  };
}

function toInput(parameter: AbiParameter, value: Values[string] | undefined, functionName: string): ExplorerInput {
  const { name = "", type } = parameter;
  if (value === undefined) throw new InvariantError(`no value for ${functionName}'s argument ${name}`);
  if ("components" in parameter && type === "tuple") {
    if (typeof value !== "object" || Array.isArray(value)) throw new InvariantError(`${functionName}'s argument ${name} is a struct`);
    const components = parameter.components.map((component) => toInput(component, (value as Values)[component.name ?? ""], functionName));
    return { name, type: `tuple${canonicalType(parameter)}`, value: JSON.stringify(components.map((component) => component.value)), components };
  }
  if (type.endsWith("[]")) {
    if (!Array.isArray(value)) throw new InvariantError(`${functionName}'s argument ${name} is an array`);
    return { name, type, value: JSON.stringify(value) };
  }
  if (typeof value !== "string") throw new InvariantError(`${functionName}'s argument ${name} is a ${type}`);
  return { name, type, value };
}

/** `(bytes32,bytes32,bytes32,uint64)` for a struct, as in a function's canonical signature; the plain type otherwise. */
function canonicalType(parameter: AbiParameter): string {
  if ("components" in parameter && parameter.type.startsWith("tuple")) return `(${parameter.components.map(canonicalType).join(",")})${parameter.type.slice("tuple".length)}`;
  return parameter.type;
}
