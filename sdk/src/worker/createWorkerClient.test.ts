import { Worker } from "node:worker_threads";
import { expect, test } from "vitest";
import { createWorkerClient, workerRestartPauseMs } from "./createWorkerClient.js";

// a worker as serveWorkerCalls answers: doubles numbers, reports "throw" as its handler's error, and dies on "die"
const source = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, request }) => {
  if (request === "die") process.exit(3);
  if (request === "throw") return parentPort.postMessage({ id, error: { name: "Error", shortMessage: "refused", metaMessages: undefined } });
  setTimeout(() => parentPort.postMessage({ id, result: request * 2 }), request === 21 ? 50 : 0);
});`;

function doubler() {
  let starts = 0;
  const client = createWorkerClient<number | string, number>({
    start: () => {
      starts++;
      return new Worker(source, { eval: true });
    },
    reviveError: (failure) => new Error(`handler: ${failure.shortMessage}`),
  });
  return { client, starts: () => starts };
}

test("a worker that dies fails the calls under way, and a later call starts another (not before the restart pause, for one that died young)", async () => {
  const { client, starts } = doubler();
  try {
    expect(await Promise.all([client.call(1), client.call(2)])).toEqual([2, 4]);
    // a handler's error is the call's alone: the worker lives on
    await expect(client.call("throw")).rejects.toThrow("handler: refused");
    expect(await client.call(5)).toBe(10);
    expect(starts()).toBe(1);
    // a call still under way when the worker dies fails with the death, as does the call that killed it
    const slow = client.call(21);
    await expect(client.call("die")).rejects.toThrow("The worker thread exited (code 3).");
    await expect(slow).rejects.toThrow("The worker thread exited (code 3).");
    // it died young: calls fail with its error for the pause, without starting a worker per call
    await expect(client.call(3)).rejects.toThrow("The worker thread exited (code 3).");
    expect(starts()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, workerRestartPauseMs + 50));
    expect(await client.call(3)).toBe(6);
    expect(starts()).toBe(2);
  } finally {
    await client.close();
  }
});

test("a closed client refuses calls and starts nothing again", async () => {
  const { client, starts } = doubler();
  expect(await client.call(4)).toBe(8);
  await client.close();
  await expect(client.call(4)).rejects.toThrow("The worker thread was closed.");
  expect(starts()).toBe(1);
});

test("a close that waits for the calls under way ends when the worker dies meanwhile, and refuses later calls", async () => {
  const { client, starts } = doubler();
  const slow = client.call(21);
  const closing = client.close();
  // not closed yet while it waits: this call reaches the worker, and kills it
  await expect(client.call("die")).rejects.toThrow("The worker thread exited (code 3).");
  await expect(slow).rejects.toThrow("The worker thread exited (code 3).");
  await closing;
  await expect(client.call(1)).rejects.toThrow("The worker thread was closed.");
  expect(starts()).toBe(1);
});
