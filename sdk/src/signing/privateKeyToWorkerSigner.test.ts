import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { expect, test } from "vitest";
import { privateKeyToWorkerSigner } from "./privateKeyToWorkerSigner.js";

const privateKey = keccak256(toHex("aiattest worker signer test key"));

test("digests asked for at once are signed on the thread exactly as viem's key signs them, each to its own caller", async () => {
  const signer = await privateKeyToWorkerSigner(privateKey);
  try {
    const account = privateKeyToAccount(privateKey);
    expect(signer.address).toBe(account.address);
    const digests = Array.from({ length: 200 }, (_, i) => keccak256(toHex(`digest ${i}`)));
    const signatures = await Promise.all(digests.map((hash) => signer.sign!({ hash })));
    expect(signatures).toEqual(await Promise.all(digests.map((hash) => account.sign({ hash }))));
    // and one after another (one message each)
    expect(await signer.sign!({ hash: digests[7]! })).toBe(signatures[7]);
  } finally {
    await signer.close();
  }
});

test("a closed signer refuses to sign", async () => {
  const signer = await privateKeyToWorkerSigner(privateKey);
  await signer.close();
  await expect(signer.sign!({ hash: keccak256(toHex("late")) })).rejects.toThrow("closed");
});

test("a digest that is not 32 bytes of hex is refused, never cut to fit", async () => {
  const signer = await privateKeyToWorkerSigner(privateKey);
  try {
    const digest = keccak256(toHex("whole"));
    for (const hash of [`${digest}00`, digest.slice(0, 64), `${digest.slice(0, 65)}g`]) {
      await expect(signer.sign!({ hash: hash as `0x${string}` })).rejects.toThrow("a 32-byte digest as 0x-hex");
    }
    // the thread still signs what is well-formed
    expect(await signer.sign!({ hash: digest })).toBe(await privateKeyToAccount(privateKey).sign({ hash: digest }));
  } finally {
    await signer.close();
  }
});
