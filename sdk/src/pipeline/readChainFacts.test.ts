import { keccak256, toHex } from "viem";
import { expect, test } from "vitest";
import { deployAttestFixture } from "../../../test/helpers/deployAttestFixture.js";
import { loadFixture } from "../../../test/helpers/loadFixture.js";
import { readChainFacts } from "./readChainFacts.js";

test("a model that is not the publisher's (an id a caller made up) is left out, never failing the read of the key; publishers compare in any case", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const chainId = await fixture.publicClient.getChainId();
  const deployment = { chainId, contract: fixture.attest.address, publisher: fixture.addr.lab.toLowerCase() as typeof fixture.addr.lab };
  const bogus = keccak256(toHex("a model nobody registered"));
  const facts = await readChainFacts({
    client: fixture.publicClient,
    deployment,
    signer: fixture.labSigner.address,
    modelIds: [bogus, fixture.labModelId],
    clock: () => Number(fixture.setUpAt),
    maxClockSkew: 60,
  });
  expect(facts.key).toMatchObject({ key: fixture.labSigner.address, role: "signer" });
  expect(facts.models.map((model) => model.modelId)).toEqual([fixture.labModelId]);
  expect(facts.refusal).toBeUndefined();
});
