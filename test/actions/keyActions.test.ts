import { describe, expect, test } from "vitest";
import { authorizeKey } from "../../sdk/src/actions/authorizeKey.js";
import { getKey } from "../../sdk/src/actions/getKey.js";
import { revokeKey } from "../../sdk/src/actions/revokeKey.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { attestChainFixture } from "../cli/helpers/attestChainFixture.js";
import { expectAttestTransactionError } from "../cli/helpers/expectAttestTransactionError.js";

describe("authorizeKey", () => {
  test("has the key sign its consent and returns the decoded KeyAuthorized event", async () => {
    const { publisher, contract, keys, addr, publicClient } = await loadFixture(attestChainFixture);

    const authorized = await authorizeKey(publisher, { contract, key: keys.signer, role: "signer" });
    const block = await publicClient.getBlock({ blockNumber: authorized.blockNumber });
    expect(authorized).toEqual({
      publisher: addr.publisher,
      key: addr.signer,
      role: "signer",
      validFrom: block.timestamp,
      txHash: authorized.txHash,
      blockNumber: authorized.blockNumber,
    });
    expect(await getKey(publicClient, { contract, key: addr.signer })).toMatchObject({ publisher: addr.publisher, role: "signer", validFrom: block.timestamp });

    const anchorer = await authorizeKey(publisher, { contract, key: keys.anchorer, role: "anchorer" });
    expect(anchorer).toMatchObject({ key: addr.anchorer, role: "anchorer" });
  });

  test("a key cannot be authorized twice: ModelRegistryAccountInUse(key, publisher, role)", async () => {
    const { publisher, outsider, contract, keys, addr } = await loadFixture(attestChainFixture);
    await authorizeKey(publisher, { contract, key: keys.signer, role: "signer" });

    await expectAttestTransactionError(authorizeKey(outsider, { contract, key: keys.signer, role: "anchorer" }), "ModelRegistryAccountInUse", [
      addr.signer,
      addr.publisher,
      2,
    ]);
  });

  test("a consent past its deadline is ModelRegistryExpiredKeySignature(deadline)", async () => {
    const { publisher, contract, keys, publicClient } = await loadFixture(attestChainFixture);
    const deadline = (await publicClient.getBlock()).timestamp - 1n;

    const error = await expectAttestTransactionError(authorizeKey(publisher, { contract, key: keys.signer, role: "signer", deadline }), "ModelRegistryExpiredKeySignature", [
      deadline,
    ]);
    expect(error.metaMessages).toEqual(["The key's consent signature expired before the transaction was mined: sign again."]);
  });
});

describe("revokeKey", () => {
  test("closes the window at the chain's latest block time by default, and returns the decoded KeyRevoked event", async () => {
    const { publisher, contract, keys, addr, publicClient } = await loadFixture(attestChainFixture);
    await authorizeKey(publisher, { contract, key: keys.signer, role: "signer" });
    const latest = (await publicClient.getBlock()).timestamp;

    const revoked = await revokeKey(publisher, { contract, key: addr.signer });
    expect(revoked).toEqual({
      publisher: addr.publisher,
      key: addr.signer,
      role: "signer",
      validUntil: latest,
      txHash: revoked.txHash,
      blockNumber: revoked.blockNumber,
    });
    expect((await getKey(publicClient, { contract, key: addr.signer })).validUntil).toBe(latest);
  });

  test("a revocation before validFrom is ModelRegistryInvalidRevocation(key, effectiveAt, validFrom, validUntil)", async () => {
    const { publisher, contract, keys, addr } = await loadFixture(attestChainFixture);
    const { validFrom } = await authorizeKey(publisher, { contract, key: keys.anchorer, role: "anchorer" });
    const { validUntil } = await getKey(publisher, { contract, key: addr.anchorer });

    await expectAttestTransactionError(revokeKey(publisher, { contract, key: addr.anchorer, effectiveAt: validFrom - 1n }), "ModelRegistryInvalidRevocation", [
      addr.anchorer,
      validFrom - 1n,
      validFrom,
      validUntil,
    ]);
  });

  test("revoking another publisher's key is ModelRegistryNotPublisherKey(publisher, key)", async () => {
    const { publisher, outsider, contract, keys, addr } = await loadFixture(attestChainFixture);
    await authorizeKey(publisher, { contract, key: keys.signer, role: "signer" });

    await expectAttestTransactionError(revokeKey(outsider, { contract, key: addr.signer }), "ModelRegistryNotPublisherKey", [addr.outsider, addr.signer]);
  });
});
