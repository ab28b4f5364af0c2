import { hasShortMessage } from "./hasShortMessage.js";

export type BaseErrorParameters = {
  cause?: unknown;
  details?: string | undefined;
  docsPath?: string | undefined;
  metaMessages?: string[] | undefined;
};

/**
 * The root of every error the SDK throws. `shortMessage` is for humans, `metaMessages` add context lines,
 * `details` carries the cause's message, and `walk()` finds a cause by predicate (viem's convention).
 *
 * @example
 * try { parseBundleOrThrow(json) } catch (error) {
 *   if (error instanceof BaseError) console.error(error.shortMessage)
 * }
 */
export class BaseError extends Error {
  override name = "BaseError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly docsPath: string | undefined;
  readonly metaMessages: string[] | undefined;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const { cause, docsPath, metaMessages } = parameters;
    // a cause's short message, not its full one: viem's full messages name the RPC URL, which may hold an API key
    const details =
      cause instanceof BaseError
        ? cause.details ?? cause.shortMessage
        : hasShortMessage(cause)
          ? cause.shortMessage
          : cause instanceof Error
            ? cause.message
            : parameters.details;
    const message = [
      shortMessage,
      ...(metaMessages?.length ? ["", ...metaMessages] : []),
      ...(docsPath ? ["", `Docs: docs/${docsPath}`] : []),
      ...(details ? ["", `Details: ${details}`] : []),
    ].join("\n");
    super(message, cause === undefined ? undefined : { cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.docsPath = docsPath;
    this.metaMessages = metaMessages;
  }

  /** Follows `cause` to the deepest error, or to the first one `predicate` accepts (else null). */
  walk(): unknown;
  walk(predicate: (error: unknown) => boolean): unknown | null;
  walk(predicate?: (error: unknown) => boolean): unknown {
    let error: unknown = this;
    for (;;) {
      if (predicate?.(error)) return error;
      const cause = error instanceof Error ? error.cause : undefined;
      if (cause === undefined) return predicate ? null : error;
      error = cause;
    }
  }
}
