import { parentPort } from "node:worker_threads";
import { BaseError } from "../errors/BaseError.js";
import { InvariantError } from "../errors/InvariantError.js";
import type { WorkerCallFailure } from "./createWorkerClient.js";

/**
 * The worker side of `createWorkerClient`: answers each call posted to this worker with `handle`'s result, or
 * with its error (name, short message and context lines: an error's class does not cross threads). Calls are
 * handled one at a time, in the order they were posted.
 *
 * @example
 * serveWorkerCalls((hashes: Hash[]) => hashes.map(sign))
 */
export function serveWorkerCalls<Request, Result>(handle: (request: Request) => Result | Promise<Result>): void {
  if (!parentPort) throw new InvariantError("serveWorkerCalls runs in a worker thread only");
  const port = parentPort;
  let queue: Promise<void> = Promise.resolve();
  port.on("message", ({ id, request }: { id: number; request: Request }) => {
    queue = queue.then(async () => {
      try {
        port.postMessage({ id, result: await handle(request) });
      } catch (error) {
        port.postMessage({ id, error: toFailure(error) });
      }
    });
  });
}

function toFailure(error: unknown): WorkerCallFailure {
  if (error instanceof BaseError) return { name: error.name, shortMessage: error.shortMessage, metaMessages: error.metaMessages };
  return { name: error instanceof Error ? error.name : "Error", shortMessage: error instanceof Error ? error.message : String(error), metaMessages: undefined };
}
