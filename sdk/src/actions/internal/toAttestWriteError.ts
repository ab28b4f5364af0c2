import {
  BaseError as ViemBaseError,
  type Hash,
  HttpRequestError,
  SocketClosedError,
  TimeoutError,
  WebSocketRequestError,
} from "viem";
import { ChainReadError } from "../../errors/ChainReadError.js";
import { AttestTransactionError } from "../../errors/AttestTransactionError.js";
import { decodeAttestRevert } from "./decodeAttestRevert.js";

/**
 * Maps what viem threw while sending (or waiting for) a transaction to an SDK error: a revert decoded against
 * our ABI becomes an {@link AttestTransactionError} with its name and arguments; an unreachable RPC a
 * `ChainReadError`; anything else an `AttestTransactionError` carrying viem's short message.
 *
 * @example
 * try { hash = await writeContract(client, request) } catch (error) { throw toAttestWriteError({ action: "anchor", error }) }
 */
export function toAttestWriteError({ action, error, txHash }: { action: string; error: unknown; txHash?: Hash | undefined }): AttestTransactionError | ChainReadError {
  if (!(error instanceof ViemBaseError)) return new AttestTransactionError({ action, reason: messageOf(error), txHash, cause: error });
  const revert = decodeAttestRevert(error);
  if (revert?.errorName) return new AttestTransactionError({ action, errorName: revert.errorName, args: revert.args, txHash, cause: error });
  if (revert) return new AttestTransactionError({ action, reason: `the contract reverted (${revert.reason})`, txHash, cause: error });
  const unreachable = error.walk(
    (cause) => cause instanceof HttpRequestError || cause instanceof WebSocketRequestError || cause instanceof SocketClosedError || cause instanceof TimeoutError,
  );
  if (unreachable) return new ChainReadError({ action, cause: error });
  return new AttestTransactionError({ action, reason: error.shortMessage, txHash, cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
