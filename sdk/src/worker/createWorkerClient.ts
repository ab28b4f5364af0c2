import type { Worker } from "node:worker_threads";

/** An error thrown by a worker's handler, as it crosses the thread (`serveWorkerCalls`). */
export type WorkerCallFailure = { name: string; shortMessage: string; metaMessages: string[] | undefined };

export type WorkerClient<Request, Result> = {
  /** Posts one call to the worker; resolves with its result, or rejects with its error (revived by `reviveError`). */
  call(request: Request): Promise<Result>;
  /** Waits for the calls under way, then stops the worker. */
  close(): Promise<void>;
};

/**
 * The calling side of a worker that answers with `serveWorkerCalls`: one promise per call, matched to its answer by
 * id. The worker keeps the process alive only while a call is under way (a server's caller holds it open; a
 * finished command exits). A worker that fails or exits fails every call under way and every later one.
 *
 * @example
 * const signer = createWorkerClient<Hash[], Hex[]>({ worker, reviveError: (failure) => new Error(failure.shortMessage) })
 * const [signature] = await signer.call([digest])
 */
export function createWorkerClient<Request, Result>({ worker, reviveError }: { worker: Worker; reviveError: (failure: WorkerCallFailure) => Error }): WorkerClient<Request, Result> {
  const pending = new Map<number, { resolve: (result: Result) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  let idle: (() => void) | undefined;
  worker.unref();
  const settle = (id: number) => {
    const call = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) {
      worker.unref();
      idle?.();
    }
    return call;
  };
  const failAll = (error: Error) => {
    failure ??= error;
    for (const id of [...pending.keys()]) settle(id)?.reject(failure);
  };
  worker.on("message", ({ id, result, error }: { id: number; result?: Result; error?: WorkerCallFailure }) => {
    const call = settle(id);
    if (error) call?.reject(reviveError(error));
    else call?.resolve(result as Result);
  });
  worker.on("error", (error) => failAll(error));
  worker.on("exit", (code) => failAll(new Error(`The worker thread exited (code ${code}).`)));
  return {
    call(request) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      if (pending.size === 0) worker.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, request });
      });
    },
    async close() {
      if (pending.size > 0) await new Promise<void>((resolve) => (idle = resolve));
      failure ??= new Error("The worker thread was closed.");
      await worker.terminate();
    },
  };
}
