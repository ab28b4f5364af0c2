import cluster, { type Worker } from "node:cluster";
import type { AddressInfo } from "node:net";
import { CliError } from "../errors/CliError.js";
import type { ServeResult } from "./commands/serve.js";
import { exitCodes } from "./exitCodes.js";
import type { Logger } from "./logger.js";

export type ServeWithWorkersParameters = {
  /** Worker processes to start, at least 2. */
  workers: number;
  /** Resolves (with what stopped it) when the server should stop. */
  until: Promise<string>;
  logger?: Logger | undefined;
  onListening?: ((url: string) => void) | undefined;
};

/**
 * The primary process of `aiattest serve --workers N`: starts N copies of this same command line (`node:cluster`;
 * each one the ordinary single-process server, with its own store connection and caches), which share one listening
 * socket, and prints `listening on <url>` once all of them listen. A worker that dies later is replaced (said on
 * stderr); one that dies before listening stops them all (its own error is on stderr). On `until`, it sends each
 * worker SIGTERM (each closes as the single server does) and resolves once all have exited.
 *
 * The proof server only reads its store: SQLite in WAL mode and PostgreSQL both let many processes read at once.
 *
 * @throws {CliError} (exit 1) when a worker exits before it listens.
 * @example
 * if (workers > 1 && cluster.isPrimary) return serveWithWorkers({ workers, until: untilSignal(), logger })
 */
export async function serveWithWorkers({ workers, until, logger, onListening }: ServeWithWorkersParameters): Promise<ServeResult> {
  let isStopping = false;
  const running = new Set<Worker>();
  // a worker's stdout would repeat the command's result line; its stderr (warnings, errors) is passed on
  cluster.setupPrimary({ silent: true });
  const fork = () => {
    const worker = cluster.fork();
    worker.process.stderr?.pipe(process.stderr, { end: false });
    worker.process.stdout?.resume();
    running.add(worker);
  };

  // all listening, or the first worker to die before that
  const url = await new Promise<string>((resolve, reject) => {
    const listening = new Set<Worker>();
    const onListen = (worker: Worker, address: AddressInfo) => {
      listening.add(worker);
      if (listening.size < workers) return;
      cluster.off("listening", onListen);
      cluster.off("exit", onEarlyExit);
      const host = address.address.includes(":") ? `[${address.address}]` : address.address;
      resolve(`http://${host}:${address.port}`);
    };
    const onEarlyExit = (worker: Worker, code: number | null, signal: string | null) => {
      cluster.off("listening", onListen);
      cluster.off("exit", onEarlyExit);
      running.delete(worker);
      isStopping = true;
      for (const other of running) other.process.kill("SIGTERM");
      reject(new CliError({ message: `A server worker exited (${signal ?? `code ${code}`}) before listening.`, exitCode: exitCodes.failure }));
    };
    cluster.on("listening", onListen);
    cluster.on("exit", onEarlyExit);
    for (let i = 0; i < workers; i++) fork();
  });
  cluster.on("exit", (worker, code, signal) => {
    running.delete(worker);
    if (isStopping) return;
    logger?.warn(`server worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    fork();
  });
  logger?.write("stderr", `listening on ${url} (${workers} worker processes)\n`);
  onListening?.(url);

  const stoppedBy = await until;
  logger?.info(`${stoppedBy}: closing the ${running.size} server workers…`);
  isStopping = true;
  await Promise.all(
    [...running].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once("exit", () => resolve());
          worker.process.kill("SIGTERM");
        }),
    ),
  );
  return { url, stoppedBy };
}
