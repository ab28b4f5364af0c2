// The worker thread behind `privateKeyToWorkerSigner`: signs batches of digests with `privateKeyToSigner`'s key,
// so a server's event loop never spends its time on the curve.
import { workerData } from "node:worker_threads";
import type { Hash, Hex } from "viem";
import { serveWorkerCalls } from "../worker/serveWorkerCalls.js";
import { privateKeyToSigner } from "./privateKeyToSigner.js";

const signer = await privateKeyToSigner((workerData as { privateKey: Hex }).privateKey);
serveWorkerCalls((hashes: Hash[]) => Promise.all(hashes.map((hash) => signer.sign!({ hash }))));
