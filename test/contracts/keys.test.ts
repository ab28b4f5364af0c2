import { maxUint256, zeroAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { authorizeKeyWithConsent } from "../helpers/authorizeKeyWithConsent.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { expectRevert } from "../helpers/expectRevert.js";
import { localKeyAccount, walletKeyAccount } from "../helpers/keyAccount.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { receiptOf } from "../helpers/receiptOf.js";
import { signKeyAuthorization } from "../helpers/signKeyAuthorization.js";
import { attestDomain, KEY_NO_EXPIRY, KeyRole } from "../helpers/typedData.js";

const newKey = () => localKeyAccount(privateKeyToAccount(generatePrivateKey()));

/** `IERC1271.isValidSignature.selector`: what a contract key answers to accept a signature. */
const ERC1271_MAGIC_VALUE: Hex = "0x1626ba7e";
const CONTRACT_KEY: Address = "0x00000000000000000000000000000000C0FFEE01";

/** Runtime code answering every call with `word` left-aligned in 32 bytes, like `isValidSignature` does. */
function erc1271Returning(word: Hex): Hex {
  // PUSH4 word, PUSH1 0xe0, SHL, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN
  return `0x63${word.slice(2)}60e01b60005260206000f3`;
}

describe("authorizeKey", () => {
  test("authorizing a signer emits KeyAuthorized and opens its window at the block time with no end", async () => {
    const { attest, domain, lab, addr, publicClient } = await loadFixture(deployAttestFixture);
    const key = newKey();

    const hash = await authorizeKeyWithConsent({ attest, domain, publisher: lab, key, role: KeyRole.Signer });
    const { events, timestamp } = await receiptOf(publicClient, hash);

    expect(events).toEqual([
      {
        eventName: "KeyAuthorized",
        args: { publisher: addr.lab, key: key.address, role: KeyRole.Signer, validFrom: timestamp },
      },
    ]);
    expect(await attest.read.getKey([key.address])).toEqual({
      publisher: addr.lab,
      role: KeyRole.Signer,
      validFrom: timestamp,
      validUntil: KEY_NO_EXPIRY,
    });
    expect(await attest.read.KEY_NO_EXPIRY()).toBe(KEY_NO_EXPIRY);
  });

  test("an account's first authorizeKey also makes it a publisher", async () => {
    const { attest, domain, outsider, addr, publicClient } = await loadFixture(deployAttestFixture);
    const key = newKey();

    const hash = await authorizeKeyWithConsent({ attest, domain, publisher: outsider, key, role: KeyRole.Anchorer });
    const { events, timestamp } = await receiptOf(publicClient, hash);

    expect(events).toEqual([
      { eventName: "PublisherRegistered", args: { publisher: addr.outsider } },
      {
        eventName: "KeyAuthorized",
        args: { publisher: addr.outsider, key: key.address, role: KeyRole.Anchorer, validFrom: timestamp },
      },
    ]);
    expect((await attest.read.getKey([addr.outsider])).role).toBe(KeyRole.Publisher);
  });

  test("a signer is valid from validFrom on as a signer only, an anchorer as an anchorer only", async () => {
    const { attest, addr } = await loadFixture(deployAttestFixture);
    const signer = await attest.read.getKey([addr.labSigner]);
    const anchorer = await attest.read.getKey([addr.labAnchorer]);

    expect(await attest.read.isValidSigner([addr.lab, addr.labSigner, signer.validFrom - 1n])).toBe(false);
    expect(await attest.read.isValidSigner([addr.lab, addr.labSigner, signer.validFrom])).toBe(true);
    expect(await attest.read.isValidAnchorer([addr.lab, addr.labSigner, signer.validFrom])).toBe(false);
    expect(await attest.read.isValidAnchorer([addr.lab, addr.labAnchorer, anchorer.validFrom - 1n])).toBe(false);
    expect(await attest.read.isValidAnchorer([addr.lab, addr.labAnchorer, anchorer.validFrom])).toBe(true);
    expect(await attest.read.isValidSigner([addr.lab, addr.labAnchorer, anchorer.validFrom])).toBe(false);
    expect(await attest.read.isValidSigner([addr.rival, addr.labSigner, signer.validFrom])).toBe(false);
  });

  test("the key's nonce advances only when an authorization succeeds", async () => {
    const { attest, domain, lab, as } = await loadFixture(deployAttestFixture);
    const key = newKey();
    const badSignature = await signKeyAuthorization({
      key,
      domain,
      publisher: key.address,
      role: KeyRole.Signer,
      nonce: 0n,
      deadline: maxUint256,
    });
    await expectRevert(
      (await as(lab)).write.authorizeKey([key.address, KeyRole.Signer, maxUint256, badSignature]),
      "ModelRegistryInvalidKeySignature",
      [key.address],
    );
    expect(await attest.read.nonces([key.address])).toBe(0n);

    await authorizeKeyWithConsent({ attest, domain, publisher: lab, key, role: KeyRole.Signer });

    expect(await attest.read.nonces([key.address])).toBe(1n);
  });

  test("the zero address reverts with ModelRegistryInvalidKey(0, role)", async () => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    await expectRevert(
      (await as(lab)).write.authorizeKey([zeroAddress, KeyRole.Signer, maxUint256, "0x"]),
      "ModelRegistryInvalidKey",
      [zeroAddress, KeyRole.Signer],
    );
  });

  test.each([
    ["None", KeyRole.None],
    ["Publisher", KeyRole.Publisher],
  ] as const)("role %s reverts with ModelRegistryInvalidKey(key, role)", async (_, role) => {
    const { as, lab } = await loadFixture(deployAttestFixture);
    const key = newKey();
    await expectRevert(
      (await as(lab)).write.authorizeKey([key.address, role, maxUint256, "0x"]),
      "ModelRegistryInvalidKey",
      [key.address, role],
    );
  });

  test("a consent past its deadline reverts with ModelRegistryExpiredKeySignature(deadline)", async () => {
    const { attest, domain, lab, publicClient } = await loadFixture(deployAttestFixture);
    const deadline = (await publicClient.getBlock()).timestamp;
    await expectRevert(
      authorizeKeyWithConsent({ attest, domain, publisher: lab, key: newKey(), role: KeyRole.Signer, deadline }),
      "ModelRegistryExpiredKeySignature",
      [deadline],
    );
  });

  test("a consent is accepted in the block whose time equals its deadline", async () => {
    const { attest, domain, lab, publicClient, testClient } = await loadFixture(deployAttestFixture);
    const deadline = (await publicClient.getBlock()).timestamp + 60n;
    await testClient.setNextBlockTimestamp({ timestamp: deadline });

    const hash = await authorizeKeyWithConsent({
      attest,
      domain,
      publisher: lab,
      key: newKey(),
      role: KeyRole.Signer,
      deadline,
    });

    expect((await receiptOf(publicClient, hash)).timestamp).toBe(deadline);
  });

  test("a key serving a publisher cannot be authorized again: ModelRegistryAccountInUse(key, publisher, role)", async () => {
    const { attest, domain, lab, labSigner, rival, labAnchorer, addr } = await loadFixture(deployAttestFixture);
    await expectRevert(
      authorizeKeyWithConsent({
        attest,
        domain,
        publisher: lab,
        key: localKeyAccount(labSigner),
        role: KeyRole.Anchorer,
      }),
      "ModelRegistryAccountInUse",
      [addr.labSigner, addr.lab, KeyRole.Signer],
    );
    await expectRevert(
      authorizeKeyWithConsent({
        attest,
        domain,
        publisher: rival,
        key: walletKeyAccount(labAnchorer),
        role: KeyRole.Anchorer,
      }),
      "ModelRegistryAccountInUse",
      [addr.labAnchorer, addr.lab, KeyRole.Anchorer],
    );
  });

  test("a publisher cannot be authorized as a key, even with its consent", async () => {
    const { attest, domain, lab, rival, addr } = await loadFixture(deployAttestFixture);
    await expectRevert(
      authorizeKeyWithConsent({ attest, domain, publisher: lab, key: walletKeyAccount(rival), role: KeyRole.Signer }),
      "ModelRegistryAccountInUse",
      [addr.rival, addr.rival, KeyRole.Publisher],
    );
  });

  test("a key cannot authorize keys of its own: ModelRegistryAccountInUse(caller, publisher, role)", async () => {
    const { attest, domain, labAnchorer, addr } = await loadFixture(deployAttestFixture);
    await expectRevert(
      authorizeKeyWithConsent({ attest, domain, publisher: labAnchorer, key: newKey(), role: KeyRole.Signer }),
      "ModelRegistryAccountInUse",
      [addr.labAnchorer, addr.lab, KeyRole.Anchorer],
    );
  });

  test("a consent signed by another key reverts with ModelRegistryInvalidKeySignature(key)", async () => {
    const { as, lab, domain, addr } = await loadFixture(deployAttestFixture);
    const key = newKey();
    const signature = await signKeyAuthorization({
      key: { ...newKey(), address: key.address },
      domain,
      publisher: addr.lab,
      role: KeyRole.Signer,
      nonce: 0n,
      deadline: maxUint256,
    });
    await expectRevert(
      (await as(lab)).write.authorizeKey([key.address, KeyRole.Signer, maxUint256, signature]),
      "ModelRegistryInvalidKeySignature",
      [key.address],
    );
  });

  test.each([
    ["publisher", { publisher: "0x000000000000000000000000000000000000dEaD" }],
    ["role", { role: KeyRole.Anchorer }],
    ["nonce", { nonce: 1n }],
    ["deadline", { deadline: maxUint256 - 1n }],
    ["chain id", { chainId: 1 }],
    ["verifying contract", { verifyingContract: "0x000000000000000000000000000000000000dEaD" }],
  ] as const)(
    "a consent signed over another %s reverts with ModelRegistryInvalidKeySignature(key)",
    async (_, change) => {
      const { as, lab, domain, addr } = await loadFixture(deployAttestFixture);
      const key = newKey();
      const {
        publisher = addr.lab,
        role = KeyRole.Signer,
        nonce = 0n,
        deadline = maxUint256,
      } = change as {
        publisher?: Hex;
        role?: KeyRole;
        nonce?: bigint;
        deadline?: bigint;
      };
      const { chainId = Number(domain.chainId), verifyingContract = domain.verifyingContract! } = change as {
        chainId?: number;
        verifyingContract?: Hex;
      };
      const signature = await signKeyAuthorization({
        key,
        domain: attestDomain({ chainId, verifyingContract }),
        publisher,
        role,
        nonce,
        deadline,
      });

      await expectRevert(
        (await as(lab)).write.authorizeKey([key.address, KeyRole.Signer, maxUint256, signature]),
        "ModelRegistryInvalidKeySignature",
        [key.address],
      );
    },
  );

  test("an account cannot authorize itself as its own key: ModelRegistryAccountInUse(account, account, Publisher)", async () => {
    const { attest, domain, outsider, addr } = await loadFixture(deployAttestFixture);
    await expectRevert(
      authorizeKeyWithConsent({
        attest,
        domain,
        publisher: outsider,
        key: walletKeyAccount(outsider),
        role: KeyRole.Signer,
      }),
      "ModelRegistryAccountInUse",
      [addr.outsider, addr.outsider, KeyRole.Publisher],
    );
  });

  test("an ERC-1271 contract key consents through isValidSignature", async () => {
    const { as, lab, addr, attest, testClient, publicClient } = await loadFixture(deployAttestFixture);
    await testClient.setCode({ address: CONTRACT_KEY, bytecode: erc1271Returning(ERC1271_MAGIC_VALUE) });

    const hash = await (await as(lab)).write.authorizeKey([CONTRACT_KEY, KeyRole.Anchorer, maxUint256, "0x"]);
    const { events, timestamp } = await receiptOf(publicClient, hash);

    expect(events).toEqual([
      {
        eventName: "KeyAuthorized",
        args: { publisher: addr.lab, key: CONTRACT_KEY, role: KeyRole.Anchorer, validFrom: timestamp },
      },
    ]);
    expect(await attest.read.isValidAnchorer([addr.lab, CONTRACT_KEY, timestamp])).toBe(true);
  });

  test("an ERC-1271 contract key answering anything but the magic value reverts with ModelRegistryInvalidKeySignature", async () => {
    const { as, lab, testClient } = await loadFixture(deployAttestFixture);
    await testClient.setCode({ address: CONTRACT_KEY, bytecode: erc1271Returning("0xdeadbeef") });

    await expectRevert(
      (await as(lab)).write.authorizeKey([CONTRACT_KEY, KeyRole.Anchorer, maxUint256, "0x"]),
      "ModelRegistryInvalidKeySignature",
      [CONTRACT_KEY],
    );
  });
});
