import { type Address, custom, decodeFunctionData, encodeErrorResult, encodeFunctionResult, type Hash, type Hex, numberToHex, zeroAddress } from "viem";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import type { ChainFixture } from "../../scripts/conformance/captureChainFixture.js";

/** A conformance case's chain facts, with `code` naming runtime codes by their keccak256 (see `codes`). */
export type PortableChainFixture = Omit<ChainFixture, "code"> & { code: Record<Address, Hash> };

/**
 * A JSON-RPC transport that answers from a conformance case's chain facts (docs/conformance/README.md), as a
 * node of that chain would: what another implementation builds to run the online cases. It answers only the
 * calls a verification makes, and fails loudly on anything else.
 */
export function chainFixtureTransport(fixture: PortableChainFixture, codes: Record<Hash, Hex>) {
  const lower = <value>(record: Record<string, value>) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
  const code = lower(fixture.code);
  const models = lower(fixture.models);
  const keys = lower(fixture.keys);
  const receipts = lower(fixture.receipts);
  const blocks = lower(fixture.blocks);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const block = (number: number, hash: Hash, timestamp: number) => ({
    number: numberToHex(number),
    hash,
    timestamp: numberToHex(timestamp),
    parentHash: `0x${"00".repeat(32)}`,
    transactions: [],
  });

  return custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      const args = (params ?? []) as unknown[];
      switch (method) {
        case "eth_chainId":
          return numberToHex(fixture.chainId);
        case "eth_blockNumber":
          return numberToHex(fixture.head.number);
        case "eth_getBlockByNumber":
          return block(fixture.head.number, fixture.head.hash, fixture.head.timestamp);
        case "eth_getBlockByHash": {
          const hash = args[0] as Hash;
          const found = blocks[hash.toLowerCase()];
          if (found) return block(found.number, hash, found.timestamp);
          return same(hash, fixture.head.hash) ? block(fixture.head.number, fixture.head.hash, fixture.head.timestamp) : null;
        }
        case "eth_getCode": {
          const hash = code[(args[0] as string).toLowerCase()];
          return hash ? codes[hash] : "0x";
        }
        case "eth_getTransactionReceipt": {
          const hash = args[0] as Hash;
          const receipt = receipts[hash.toLowerCase()];
          if (!receipt) return null;
          return {
            transactionHash: hash,
            transactionIndex: "0x0",
            blockHash: receipt.blockHash,
            blockNumber: numberToHex(receipt.blockNumber),
            status: receipt.status === "success" ? "0x1" : "0x0",
            from: zeroAddress,
            to: null,
            contractAddress: null,
            cumulativeGasUsed: "0x0",
            gasUsed: "0x0",
            effectiveGasPrice: "0x0",
            logsBloom: `0x${"00".repeat(256)}`,
            type: "0x2",
            logs: receipt.logs.map((log, logIndex) => ({ ...log, logIndex: numberToHex(logIndex), blockHash: receipt.blockHash, blockNumber: numberToHex(receipt.blockNumber), transactionHash: hash, transactionIndex: "0x0", removed: false })),
          };
        }
        case "eth_call": {
          const { data } = args[0] as { to: Address; data: Hex };
          const call = decodeFunctionData({ abi: aiAttestAbi, data });
          const result = (value: unknown) => encodeFunctionResult({ abi: aiAttestAbi, functionName: call.functionName, result: value } as never);
          switch (call.functionName) {
            case "getModel": {
              const [modelId] = call.args;
              const model = models[modelId.toLowerCase()];
              if (!model) throw { code: 3, message: "execution reverted", data: encodeErrorResult({ abi: aiAttestAbi, errorName: "ModelRegistryUnknownModel", args: [modelId] }) };
              return result({ ...model, registeredAt: BigInt(model.registeredAt), retiredAt: BigInt(model.retiredAt) });
            }
            case "getKey": {
              const key = keys[call.args[0].toLowerCase()];
              return result({ publisher: key?.publisher ?? zeroAddress, role: key?.role ?? 0, validFrom: BigInt(key?.validFrom ?? 0), validUntil: BigInt(key?.validUntil ?? 0) });
            }
            case "getBatch": {
              const [publisher, root] = call.args;
              const batch = fixture.batches.find((item) => same(item.publisher, publisher) && same(item.root, root));
              return result({ anchorer: batch?.anchorer ?? zeroAddress, anchoredAt: BigInt(batch?.anchoredAt ?? 0), count: batch?.count ?? 0 });
            }
            case "isValidAnchorer": {
              const [publisher, anchorer, time] = call.args;
              const answer = fixture.anchorerValidity.find((item) => same(item.publisher, publisher) && same(item.anchorer, anchorer) && BigInt(item.time) === time);
              return result(answer?.valid ?? false);
            }
            case "verifySignedOutput": {
              const verdict = fixture.verifySignedOutput;
              return result([verdict?.valid ?? false, BigInt(verdict?.anchoredAt ?? 0), verdict?.signer ?? zeroAddress]);
            }
            default:
              throw new Error(`chain fixture: no answer for ${call.functionName}`);
          }
        }
        default:
          throw new Error(`chain fixture: no answer for ${method}`);
      }
    },
  });
}
