import type { Hash, Hex, LocalAccount } from "viem";
import { toAccount } from "viem/accounts";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";
import { createWorkerClient } from "../worker/createWorkerClient.js";
import { startModuleWorker } from "../worker/startModuleWorker.js";
import { privateKeyToSigner } from "./privateKeyToSigner.js";
import { signatureHexOf } from "./signatureHexOf.js";

/** A signer whose digest signing runs on a worker thread; `close` stops the thread. */
export type WorkerSigner = LocalAccount & { close(): Promise<void> };

/**
 * `privateKeyToSigner`, with digest signing (`sign`, the recorder's path) on a worker thread of its own: a server's
 * event loop keeps parsing, hashing and answering requests while the curve work (the largest part of recording an
 * output) runs on another core. Digests cross to the thread in batches: those asked for in one turn of the event loop, or while the thread signs
 * the previous batch.
 * Signatures are the same bytes `privateKeyToSigner` makes (RFC 6979, low-s): the thread signs with it. The other
 * methods (messages, typed data, transactions) sign on the calling thread.
 *
 * @example
 * const signer = await privateKeyToWorkerSigner(privateKey)
 * const recorder = await createRecorder({ store, signer, deployment, client })
 * // …
 * await signer.close()
 */
export async function privateKeyToWorkerSigner(privateKey: Hex): Promise<WorkerSigner> {
  const account = await privateKeyToSigner(privateKey);
  // a batch crosses as bytes: n 32-byte digests, and back n times r ‖ s ‖ recovery id (65 bytes); a thread that dies
  // fails its batch, and the next batch starts another
  const client = createWorkerClient<Uint8Array, Uint8Array>({
    start: () => startModuleWorker({ entry: new URL("./signerWorker.js", import.meta.url), workerData: { privateKey } }),
    reviveError: (failure) => new Error(`The signer thread failed: ${failure.shortMessage}`),
  });
  // the thread has loaded and signs: a broken start fails here, not on the first output
  await client.call(new Uint8Array(0));
  let queued: { hash: Hash; resolve: (signature: Hex) => void; reject: (error: unknown) => void }[] = [];
  let isSending = false;
  // one message at the thread at a time: the digests asked for meanwhile make the next one, so a busy thread gets
  // fewer, larger messages (each costs the sender a wake-up of the thread) instead of one per event-loop turn
  const send = () => {
    const batch = queued;
    queued = [];
    isSending = true;
    const digests = new Uint8Array(batch.length * 32);
    batch.forEach((entry, index) => digests.set(Buffer.from(entry.hash.slice(2), "hex"), index * 32));
    client
      .call(digests)
      .then(
        (signed) => batch.forEach((entry, index) => entry.resolve(signatureHexOf(signed.subarray(index * 65, index * 65 + 64), signed[index * 65 + 64]!))),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        isSending = false;
        if (queued.length > 0) send();
      });
  };
  const signer = toAccount({
    address: account.address,
    signMessage: account.signMessage,
    signTransaction: account.signTransaction,
    signTypedData: account.signTypedData,
    sign({ hash }) {
      // a digest is 32 bytes: anything else is refused here, as viem's key refuses it, never cut to fit
      if (!bytes32Pattern.test(hash)) return Promise.reject(new InvalidArgumentError({ argument: "hash", expected: "a 32-byte digest as 0x-hex", received: String(hash) }));
      return new Promise<Hex>((resolve, reject) => {
        // every digest asked for before the event loop's next check phase goes in the same message
        if (queued.length === 0 && !isSending) setImmediate(send);
        queued.push({ hash, resolve, reject });
      });
    },
  });
  return Object.assign(signer, { close: () => client.close() });
}
