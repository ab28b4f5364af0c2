import type { Transport } from "viem";
import type { Logger } from "./logger.js";

/** What a command runs in, passed explicitly so tests can call commands directly. */
export type CommandContext = {
  /** The environment the `AIATTEST_*` settings are read from (the CLI passes `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (files, `aiattest.config.json`) are resolved against it. */
  cwd: string;
  /** Status messages and progress bars; silent when absent. */
  logger?: Logger | undefined;
  /** Reach the chain through this transport instead of the configured RPC URL (tests, an in-process chain). */
  transport?: Transport | undefined;
  /**
   * Asks the person at the terminal to confirm (`y/N`); absent when there is none (stdin not a TTY): a command
   * that needs consent then refuses unless `--yes` is given.
   */
  confirm?: ((question: string) => Promise<boolean>) | undefined;
};
