import type { Address, Client, Hash } from "viem";
import { expectTypeOf, test } from "vitest";
import type { AttestErrorName } from "../errors/AttestErrorName.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { readAttest } from "./readAttest.js";
import { writeAttest } from "./writeAttest.js";

declare const client: Client;
declare const wallet: AttestWalletClient;
declare const contract: Address;
declare const publisher: Address;
declare const root: Hash;

test("readAttest infers its arguments and result from the view's name", async () => {
  const read = await readAttest(client, { contract, functionName: "getBatch", args: [publisher, root] });
  if (read.ok) expectTypeOf(read.value.anchoredAt).toEqualTypeOf<bigint>();
  else expectTypeOf(read.errorName).toEqualTypeOf<AttestErrorName>();
  // @ts-expect-error getBatch takes (publisher, root)
  await readAttest(client, { contract, functionName: "getBatch", args: [publisher] });
  // @ts-expect-error anchor is not a view
  await readAttest(client, { contract, functionName: "anchor", args: [root, 1, "uri"] });
});

test("writeAttest takes only the contract's writes, with their arguments", async () => {
  const { txHash } = await writeAttest(wallet, { contract, functionName: "retireModel", args: [root] });
  expectTypeOf(txHash).toEqualTypeOf<Hash>();
  // @ts-expect-error getBatch is a view, not a write
  await writeAttest(wallet, { contract, functionName: "getBatch", args: [publisher, root] });
  // @ts-expect-error retireModel takes a model id
  await writeAttest(wallet, { contract, functionName: "retireModel", args: [publisher, 1n] });
});
