import type { Address, Hash } from "viem";
import { AttestTransactionError } from "../../errors/AttestTransactionError.js";
import type { AttestEvent } from "../writeAttest.js";

export type RequireEventParameters<name extends AttestEvent["eventName"]> = {
  action: string;
  contract: Address;
  txHash: Hash;
  events: readonly AttestEvent[];
  eventName: name;
};

/**
 * The first event named `eventName` among a transaction's decoded events. A successful AIAttest write always
 * emits it, so its absence means the address is not an AIAttest contract (a transaction to an account with no
 * code succeeds and emits nothing).
 *
 * @throws {AttestTransactionError} when the transaction emitted no such event.
 * @example
 * const { args } = requireEvent({ action: "retireModel", contract, txHash, events, eventName: "ModelRetired" })
 */
export function requireEvent<name extends AttestEvent["eventName"]>({
  action,
  contract,
  txHash,
  events,
  eventName,
}: RequireEventParameters<name>): Extract<AttestEvent, { eventName: name }> {
  const event = events.find((candidate): candidate is Extract<AttestEvent, { eventName: name }> => candidate.eventName === eventName);
  if (event) return event;
  throw new AttestTransactionError({
    action,
    reason: `the transaction emitted no ${eventName} event: is ${contract} an AIAttest contract on this chain?`,
    txHash,
  });
}
