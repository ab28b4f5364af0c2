import type { Address, Hash } from "viem";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import type { Output } from "../types/Output.js";
import type { ChainFacts } from "./readChainFacts.js";
import type { VerifyCheck } from "./VerifyResult.js";

/** What every check of one verification reads: the parsed bundle, the caller's inputs and, online, the chain. */
export type VerifyContext = {
  bundle: ProofBundle;
  output: Output;
  /** The EIP-712 digest of `output` under the bundle's domain. */
  digest: Hash;
  /** Undefined only with `withoutResponse`: then the content check is not made. */
  response: string | Uint8Array | undefined;
  request: string | Uint8Array | undefined;
  /** When given, exactly these contracts are trusted; otherwise the canonical addresses of shipped versions. */
  trustedContracts: readonly Address[] | undefined;
  minConfirmations: number;
  maxAnchorDelay: number | undefined;
  /** The chain's answers, pinned to one block; undefined offline. */
  chain: ChainFacts | undefined;
};

/** One check: establishes one fact or fails with one reason. Reads only what it needs. */
export type Check = (context: VerifyContext) => VerifyCheck | Promise<VerifyCheck>;
