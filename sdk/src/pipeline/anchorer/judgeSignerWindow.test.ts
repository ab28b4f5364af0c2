import { expect, test } from "vitest";
import type { GetKeyReturnType } from "../../actions/getKey.js";
import { judgeSignerWindow } from "./judgeSignerWindow.js";

const publisher = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const key = (validFrom: bigint, validUntil: bigint, role: GetKeyReturnType["role"] = "signer"): GetKeyReturnType => ({ key: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", publisher, role, validFrom, validUntil });

test("a window must hold the whole range an anchor can land in: its start is the latest block's time itself (a later block may share it), its end the estimate plus the margin", () => {
  const range = { earliest: 1_000n, latest: 1_120n };
  expect(judgeSignerWindow({ key: key(0n, 1_121n), publisher, range })).toEqual({ verdict: "valid", validUntil: 1_121n });
  expect(judgeSignerWindow({ key: key(0n, 1_120n), publisher, range })).toEqual({ verdict: "closing", validUntil: 1_120n });
  // latest + 1 is not a safe "now": a window closing then does not hold an anchor in a block sharing the latest time… nor after it
  expect(judgeSignerWindow({ key: key(0n, 1_001n), publisher, range })).toEqual({ verdict: "closing", validUntil: 1_001n });
  expect(judgeSignerWindow({ key: key(0n, 1_000n), publisher, range })).toEqual({ verdict: "closed", validUntil: 1_000n });
  expect(judgeSignerWindow({ key: key(0n, 1_001n), publisher, range: { earliest: 1_000n, latest: 1_000n } })).toEqual({ verdict: "valid", validUntil: 1_001n });
  expect(judgeSignerWindow({ key: key(1_001n, 2_000n), publisher, range: { earliest: 1_000n, latest: 1_000n } })).toEqual({ verdict: "closed", validUntil: 2_000n });
  expect(judgeSignerWindow({ key: key(0n, 2_000n, "anchorer"), publisher, range })).toEqual({ verdict: "not-a-signer", validUntil: null });
});
