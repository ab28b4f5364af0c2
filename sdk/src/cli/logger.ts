import cliProgress from "cli-progress";
import type { ErrorDescription } from "./describeError.js";
import { toJson } from "./toJson.js";

/** Where the logger writes: `process.stdout`/`process.stderr`, or a capture in tests. */
export type OutputStream = { write(text: string): unknown; isTTY?: boolean | undefined };

export type LoggerOptions = {
  /** Print the result as one JSON document (and errors as `{ "error": … }`) on stdout. */
  json?: boolean | undefined;
  /** Status messages even when stderr is not a TTY, and stacks on errors. */
  verbose?: boolean | undefined;
  stdout?: OutputStream | undefined;
  stderr?: OutputStream | undefined;
};

/** A progress bar on a TTY; periodic lines elsewhere with --verbose; nothing otherwise. */
export type Progress = { increment(by?: number): void; stop(): void };

/** The one way the CLI writes anything. stdout carries only results; everything else goes to stderr. */
export type Logger = {
  readonly isJson: boolean;
  readonly isVerbose: boolean;
  /** A status message ("Waiting for 2 confirmations…"): stderr, only on a TTY or with --verbose. */
  info(message: string): void;
  /** Something the operator must fix but that does not stop the command: stderr, always ("warning: …"). */
  warn(message: string): void;
  /** The command's answer: one JSON document with --json, else `human`. */
  result(value: unknown, human: string): void;
  /** A failure: text on stderr, and with --json also `{ "error": … }` on stdout. */
  error(error: ErrorDescription): void;
  /** Text written as is (help and usage text). */
  write(stream: "stdout" | "stderr", text: string): void;
  /**
   * Progress over `total` items (records, models), or an open count when `total` is unknown (a stream): a bar on a
   * TTY; with --verbose elsewhere (logs, cron), a line every `progressLineInterval` ms and one at the end.
   */
  progress(parameters: { total?: number | undefined; label: string }): Progress;
};

const noProgress: Progress = { increment() {}, stop() {} };

/** Milliseconds between two progress lines when stderr is not a TTY. */
const progressLineInterval = 5_000;

/**
 * Creates the CLI's logger. Human output by default, one JSON document with `json`; quiet about progress
 * when stderr is not a TTY (cron, pipes) unless `verbose`.
 *
 * @example
 * const logger = createLogger({ json: options.json, verbose: options.verbose })
 * logger.result(result, renderDeploy(result))
 */
export function createLogger({ json = false, verbose = false, stdout = process.stdout, stderr = process.stderr }: LoggerOptions = {}): Logger {
  const isTTY = stderr.isTTY === true;
  return {
    isJson: json,
    isVerbose: verbose,
    info(message) {
      if (isTTY || verbose) stderr.write(`${message}\n`);
    },
    warn(message) {
      stderr.write(`warning: ${message}\n`);
    },
    result(value, human) {
      stdout.write(`${json ? toJson(value) : human}\n`);
    },
    error({ name, message, lines, fields, stack }) {
      stderr.write(`${[`error: ${message}`, ...lines.map((line) => `  ${line}`), ...(stack ? ["", stack] : [])].join("\n")}\n`);
      if (json) stdout.write(`${toJson({ error: { name, message, lines, ...fields } })}\n`);
    },
    write(stream, text) {
      (stream === "stdout" ? stdout : stderr).write(text);
    },
    progress({ total, label }) {
      if (total !== undefined && total <= 0) return noProgress;
      if (isTTY) {
        const format = total === undefined ? `${label} {value}` : `${label} [{bar}] {value}/{total} {eta_formatted}`;
        const bar = new cliProgress.SingleBar({ format, stream: stderr as NodeJS.WritableStream, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total ?? 0, 0);
        return { increment: (by = 1) => bar.increment(by), stop: () => bar.stop() };
      }
      if (!verbose) return noProgress;
      let value = 0;
      let lastLine = Date.now();
      let isStopped = false;
      const line = () => stderr.write(`${label}: ${value}${total === undefined ? "" : `/${total}`}\n`);
      return {
        increment(by = 1) {
          value += by;
          if (Date.now() - lastLine < progressLineInterval) return;
          lastLine = Date.now();
          line();
        },
        stop() {
          if (isStopped) return;
          isStopped = true;
          line();
        },
      };
    },
  };
}
