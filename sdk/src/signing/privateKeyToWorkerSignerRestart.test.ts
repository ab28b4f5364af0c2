// The signer thread killed while it signs a batch. Its callers are refused (never handed another caller's
// signature), and after the restart every caller gets the signature of its own digest, as viem's key makes it.
import type { Worker } from "node:worker_threads";
import { keccak256, recoverAddress, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { expect, test, vi } from "vitest";
import { workerRestartPauseMs } from "../worker/createWorkerClient.js";
import { privateKeyToWorkerSigner } from "./privateKeyToWorkerSigner.js";

const started: Worker[] = [];
vi.mock("../worker/startModuleWorker.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../worker/startModuleWorker.js")>();
  return {
    startModuleWorker: (parameters: Parameters<typeof original.startModuleWorker>[0]) => {
      const worker = original.startModuleWorker(parameters);
      started.push(worker);
      return worker;
    },
  };
});

const privateKey = keccak256(toHex("aiattest signer restart key"));

test("a signer thread killed mid-batch refuses that batch's callers; after the restart each caller gets its own digest's signature", async () => {
  const signer = await privateKeyToWorkerSigner(privateKey);
  const account = privateKeyToAccount(privateKey);
  try {
    const digests = Array.from({ length: 3_000 }, (_, i) => keccak256(toHex(`digest ${i}`)));
    const first = Promise.allSettled(digests.map((hash) => signer.sign!({ hash })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await started[0]!.terminate();
    const settled = await first;
    // every caller is either refused or holds the signature of its own digest
    for (const [index, outcome] of settled.entries()) {
      if (outcome.status === "fulfilled") expect(outcome.value).toBe(await account.sign({ hash: digests[index]! }));
    }
    expect(settled.some((outcome) => outcome.status === "rejected")).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, workerRestartPauseMs + 50));
    const again = digests.slice(0, 300).reverse();
    const signatures = await Promise.all(again.map((hash) => signer.sign!({ hash })));
    expect(started.length).toBe(2);
    for (const [index, hash] of again.entries()) {
      expect(signatures[index]).toBe(await account.sign({ hash }));
      expect(await recoverAddress({ hash, signature: signatures[index]! })).toBe(account.address);
    }
  } finally {
    await signer.close();
  }
});
