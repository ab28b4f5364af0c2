// The worker thread behind `privateKeyToWorkerSigner`: signs batches of digests with its key, so a server's event
// loop never spends its time on the curve. A batch crosses as bytes both ways: n 32-byte digests in, and n times
// r ‖ s (64 bytes) and the recovery id (1 byte) out, with no hex or promise per signature on this side.
import { workerData } from "node:worker_threads";
import { type Hex, bytesToHex, hexToBytes } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { serveWorkerCalls } from "../worker/serveWorkerCalls.js";
import { loadSecp256k1 } from "./loadSecp256k1.js";

const { privateKey } = workerData as { privateKey: Hex };
const key = hexToBytes(privateKey);
const secp = await loadSecp256k1();
// where libsecp256k1 cannot load, viem's curve signs the same bytes (RFC 6979, low-s)
const account = privateKeyToAccount(privateKey);

serveWorkerCalls(async (digests: Uint8Array) => {
  const count = digests.length / 32;
  const signed = new Uint8Array(count * 65);
  for (let index = 0; index < count; index++) {
    const digest = digests.subarray(index * 32, index * 32 + 32);
    if (secp) {
      const { signature, recoveryId } = secp.signRecoverable(digest, key);
      signed.set(signature, index * 65);
      signed[index * 65 + 64] = recoveryId;
    } else {
      const signature = hexToBytes(await account.sign({ hash: bytesToHex(digest) }));
      signed.set(signature.subarray(0, 64), index * 65);
      signed[index * 65 + 64] = signature[64]! - 27;
    }
  }
  return signed;
});
