import type { VerifyCommandResult } from "../commands/verify.js";

/**
 * With several `--rpc`: what each RPC said, by scheme and host, one line each.
 *
 * @example
 * rpcLines(result) // ["RPC 1 (https://a.example): valid at block hash 0x…", …]
 */
export function rpcLines(result: VerifyCommandResult): string[] {
  return (result.rpcs ?? []).map(
    (said) => `RPC ${said.rpc + 1} (${said.url}): ${said.valid === null ? "unreachable" : said.valid ? "valid" : `invalid (${said.reason})`}${said.blockHash ? ` at block hash ${said.blockHash}` : ""}.`,
  );
}
