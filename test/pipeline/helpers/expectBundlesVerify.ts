import { expect } from "vitest";
import type { Client } from "viem";
import { getProofBundle } from "../../../sdk/src/pipeline/getProofBundle.js";
import type { Store } from "../../../sdk/src/store/Store.js";
import { verifyOutput } from "../../../sdk/src/verify/verifyOutput.js";

/** Every record's bundle (`ids[i]` delivered `texts[i]`) is anchored and passes every check on chain. */
export async function expectBundlesVerify({ client, store, ids, texts }: { client: Client; store: Store; ids: number[]; texts: string[] }) {
  for (const [index, id] of ids.entries()) {
    const bundle = await getProofBundle({ store, recordId: id });
    const result = await verifyOutput({ bundle, response: texts[index]!, client });
    expect(result.checks.filter((check) => check.outcome === "fail")).toEqual([]);
    expect(result.status).toBe("anchored");
  }
}
