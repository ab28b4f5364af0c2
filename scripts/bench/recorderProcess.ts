// One recorder process of `npm run bench:pipeline`'s "recorder processes" rows (not run by hand): opens the store
// (a SQLite file path or a postgres:// URL), records a warm-up, says "ready", waits for "go" on stdin, records
// `count` outputs `concurrency` at a time (each signed, then durably group-committed), and prints
// {"count", "ms"} as its last line. Arguments: one JSON object (store, count, concurrency, signerKey, modelId,
// deployment).
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import type { Hash, Hex } from "viem";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { privateKeyToSigner } from "../../sdk/src/signing/privateKeyToSigner.js";
import type { StoreDeployment } from "../../sdk/src/store/Store.js";

type Job = { store: string; count: number; concurrency: number; signerKey: Hex; modelId: Hash; deployment: StoreDeployment };
const job = JSON.parse(process.argv[2]!) as Job;
const store = await openStore(job.store);
const recorder = await createRecorder({ store, signer: await privateKeyToSigner(job.signerKey), deployment: job.deployment });
const response = `The capital of France is Paris. ${"lorem ipsum dolor sit amet ".repeat(20)}`;
await Promise.all(Array.from({ length: 200 }, () => recorder.record({ modelId: job.modelId, response })));
process.stdout.write("ready\n");
await once(process.stdin, "data");
const start = performance.now();
for (let done = 0; done < job.count; done += job.concurrency) {
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.count - done) }, () => recorder.record({ modelId: job.modelId, response })));
}
const ms = performance.now() - start;
await store.close();
process.stdout.write(`${JSON.stringify({ count: job.count, ms })}\n`);
process.exit(0);
