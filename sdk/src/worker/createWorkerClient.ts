import type { Worker } from "node:worker_threads";

/** An error thrown by a worker's handler, as it crosses the thread (`serveWorkerCalls`). */
export type WorkerCallFailure = { name: string; shortMessage: string; metaMessages: string[] | undefined };

export type WorkerClient<Request, Result> = {
  /** Posts one call to the worker; resolves with its result, or rejects with its error (revived by `reviveError`). */
  call(request: Request): Promise<Result>;
  /** Waits for the calls under way, then stops the worker. */
  close(): Promise<void>;
};

/** A worker that dies sooner than this after its start is not started again before this long has passed. */
export const workerRestartPauseMs = 1_000;

/**
 * The calling side of a worker that answers with `serveWorkerCalls`: one promise per call, matched to its answer by
 * id. The worker keeps the process alive only while a call is under way (a server's caller holds it open; a
 * finished command exits).
 *
 * A worker that fails or exits fails the calls under way (their outcome is unknown: a store write may have
 * committed), and the next call starts a new one with `start`: a thread that died does not fail every later call
 * until the process restarts. A worker that dies within {@link workerRestartPauseMs} of its start (one that cannot
 * load, say) fails calls with its error until that pause has passed, rather than being started again per call.
 *
 * @example
 * const signer = createWorkerClient<Hash[], Hex[]>({ start: () => startModuleWorker({ entry }), reviveError: (failure) => new Error(failure.shortMessage) })
 * const [signature] = await signer.call([digest])
 */
export function createWorkerClient<Request, Result>({ start, reviveError }: { start: () => Worker; reviveError: (failure: WorkerCallFailure) => Error }): WorkerClient<Request, Result> {
  let nextId = 0;
  let closed: Error | undefined;
  let idle: (() => void) | undefined;
  let current: { worker: Worker; startedAt: number; pending: Map<number, { resolve: (result: Result) => void; reject: (error: unknown) => void }> } | undefined;
  let died: { error: Error; at: number; livedMs: number } | undefined;

  const startWorker = () => {
    const worker = start();
    const running = { worker, startedAt: performance.now(), pending: new Map<number, { resolve: (result: Result) => void; reject: (error: unknown) => void }>() };
    worker.unref();
    const settle = (id: number) => {
      const call = running.pending.get(id);
      running.pending.delete(id);
      // a late answer of a worker already replaced says nothing of the current one's calls
      if (running.pending.size === 0 && current === running) {
        worker.unref();
        idle?.();
      }
      return call;
    };
    const fail = (error: Error) => {
      if (current !== running) return;
      current = undefined;
      const now = performance.now();
      died = { error, at: now, livedMs: now - running.startedAt };
      for (const id of [...running.pending.keys()]) settle(id)?.reject(error);
      // a close waiting for this worker's calls has nothing left to wait for
      idle?.();
      void worker.terminate();
    };
    worker.on("message", ({ id, result, error }: { id: number; result?: Result; error?: WorkerCallFailure }) => {
      const call = settle(id);
      if (error) call?.reject(reviveError(error));
      else call?.resolve(result as Result);
    });
    worker.on("error", (error) => fail(error));
    // an answer that cannot be read cannot be matched to its call: the worker is failed, as if it had died
    worker.on("messageerror", (error) => fail(error));
    worker.on("exit", (code) => fail(new Error(`The worker thread exited (code ${code}).`)));
    return running;
  };

  return {
    call(request) {
      if (closed) return Promise.reject(closed);
      if (!current) {
        // a worker that died young is not restarted per call: its error stands until the pause has passed
        if (died && died.livedMs < workerRestartPauseMs && performance.now() - died.at < workerRestartPauseMs) return Promise.reject(died.error);
        current = startWorker();
      }
      const running = current;
      const id = nextId++;
      if (running.pending.size === 0) running.worker.ref();
      return new Promise((resolve, reject) => {
        running.pending.set(id, { resolve, reject });
        running.worker.postMessage({ id, request });
      });
    },
    async close() {
      if (current && current.pending.size > 0) await new Promise<void>((resolve) => (idle = resolve));
      closed ??= new Error("The worker thread was closed.");
      const running = current;
      current = undefined;
      await running?.worker.terminate();
      // calls still under way (the worker died while close waited, say) are refused, never left unsettled
      for (const call of running?.pending.values() ?? []) call.reject(closed);
      running?.pending.clear();
    },
  };
}
