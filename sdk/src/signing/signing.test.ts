import { Wallet } from "ethers";
import { createWalletClient, http, keccak256, recoverAddress, toHex, zeroHash, type Hash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { ethersSignerToAccount } from "../adapters/ethers/ethersSignerToAccount.js";
import { InvalidSignatureError } from "../errors/InvalidSignatureError.js";
import { loadSecp256k1 } from "./loadSecp256k1.js";
import { privateKeyToSigner } from "./privateKeyToSigner.js";
import { recoverDigestSigner, recoverOutputSigner, secp256k1HalfOrder } from "./recoverOutputSigner.js";
import { signOutput } from "./signOutput.js";
import type { Output } from "../types/Output.js";

const privateKey = keccak256(toHex("aiattest signing test key"));
const domain = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const output: Output = { modelId: keccak256(toHex("model")), requestHash: zeroHash, responseHash: keccak256(toHex("response")), timestamp: 1_767_225_600n };

describe("signOutput", () => {
  test("a local account, a wallet client, a custom account and an ethers Wallet give the same signature", async () => {
    const account = privateKeyToAccount(privateKey);
    // a custom account signs typed data like a hardware wallet would: no digest shortcut
    const custom = { ...account, source: "custom" as const, sign: undefined };
    const walletClient = createWalletClient({ account, transport: http("http://127.0.0.1:9") });
    const ethersAccount = await ethersSignerToAccount(new Wallet(privateKey));

    const signatures = await Promise.all([
      signOutput({ signer: account, domain, output }),
      signOutput({ signer: custom, domain, output }),
      signOutput({ signer: walletClient, domain, output }),
      signOutput({ signer: ethersAccount, domain, output }),
    ]);
    expect(new Set(signatures).size).toBe(1);
    expect(await recoverOutputSigner({ domain, output, signature: signatures[0]! })).toBe(account.address);
    expect(ethersAccount.address).toBe(account.address);
  });

  test("the signature binds chain and contract: another domain recovers another address", async () => {
    const account = privateKeyToAccount(privateKey);
    const signature = await signOutput({ signer: account, domain, output });
    const otherChain = await recoverOutputSigner({ domain: { ...domain, chainId: 1 }, output, signature });
    const otherContract = await recoverOutputSigner({ domain: { ...domain, contract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" }, output, signature });
    expect(otherChain).not.toBe(account.address);
    expect(otherContract).not.toBe(account.address);
  });
});

describe("privateKeyToSigner", () => {
  test("libsecp256k1 (WASM) signs exactly like viem's pure-JS key, and recovery agrees", async () => {
    expect(await loadSecp256k1()).not.toBeNull();
    for (let i = 0; i < 50; i++) {
      const key = keccak256(toHex(`key ${i}`));
      const digest = keccak256(toHex(`digest ${i}`));
      const wasm = await privateKeyToSigner(key);
      const noble = privateKeyToAccount(key);
      const signature = await wasm.sign!({ hash: digest });
      expect(signature).toBe(await noble.sign({ hash: digest }));
      expect(await recoverDigestSigner({ digest, signature })).toBe(noble.address);
      expect(await recoverAddress({ hash: digest, signature })).toBe(noble.address);
    }
  });
});

describe("recoverOutputSigner", () => {
  test("refuses the high-s twin of a valid signature", async () => {
    const signature = await signOutput({ signer: privateKeyToAccount(privateKey), domain, output });
    const s = BigInt(`0x${signature.slice(66, 130)}`);
    const v = signature.slice(130) === "1b" ? "1c" : "1b";
    const twin = `${signature.slice(0, 66)}${(2n * secp256k1HalfOrder + 1n - s).toString(16).padStart(64, "0")}${v}` as Hash;
    await expect(recoverOutputSigner({ domain, output, signature: twin })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidSignatureError: Malleable signature: s is in the upper half of the curve order (EIP-2); only low-s signatures are accepted.

      Details: signature: ${twin}]
    `);
  });

  test("refuses signatures of the wrong length, bad v, or r out of range", async () => {
    const signature = await signOutput({ signer: privateKeyToAccount(privateKey), domain, output });
    const cases = [
      signature.slice(0, 130),
      `${signature.slice(0, 130)}00`,
      `0x${"ff".repeat(32)}${signature.slice(66)}`,
      `0x${"00".repeat(65)}`,
    ] as Hash[];
    for (const bad of cases) {
      const error = await recoverOutputSigner({ domain, output, signature: bad }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidSignatureError);
      expect((error as InvalidSignatureError).reason).toBe("malformed");
    }
  });
});
