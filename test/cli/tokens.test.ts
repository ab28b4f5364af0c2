import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { tokenCreate } from "../../sdk/src/cli/commands/tokenCreate.js";
import { tokenList } from "../../sdk/src/cli/commands/tokenList.js";
import { tokenRevoke } from "../../sdk/src/cli/commands/tokenRevoke.js";
import { renderTokens } from "../../sdk/src/cli/render/renderTokens.js";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { hashIngestToken } from "../../sdk/src/server/ingest/hashIngestToken.js";

test("aiattest token create prints a fresh token once and stores only its hash; list shows names; revoke stops it once", async () => {
  const cwd = await mkdtemp(join(tmpdir(), "aiattest-tokens-"));
  const context = { cwd, env: { AIATTEST_DB: join(cwd, "lab.db") } };
  const created = await tokenCreate({ name: "inference-eu" }, context);
  expect(created.token).toMatch(/^aia_[A-Za-z0-9_-]{43}$/);
  expect(renderTokens.create(created).split("\n").at(-1)).toBe(created.token);
  const other = await tokenCreate({ name: "batch" }, context);
  expect(other.token).not.toBe(created.token);
  await expect(tokenCreate({ name: "batch" }, context)).rejects.toThrow('A token named "batch" exists already');
  await expect(tokenCreate({ name: "no spaces" }, context)).rejects.toThrow("expected 1 to 64 letters, digits, dots, dashes or underscores");

  const store = await openStore(context.env.AIATTEST_DB);
  const stored = await store.listTokens();
  expect(stored.map((token) => token.tokenHash)).toEqual([hashIngestToken(other.token), hashIngestToken(created.token)]);
  expect(JSON.stringify(stored)).not.toContain(created.token.slice(4));
  await store.close();

  expect(await tokenRevoke({ name: "batch" }, context)).toEqual({ name: "batch" });
  await expect(tokenRevoke({ name: "batch" }, context)).rejects.toThrow('No live token named "batch" (aiattest token list).');
  const { tokens } = await tokenList({}, context);
  expect(tokens).toMatchObject([
    { name: "batch", revokedAt: expect.any(Number) },
    { name: "inference-eu", revokedAt: null },
  ]);
  expect(renderTokens.list({ tokens })).toMatch(/^batch {2}created \S+ {2}revoked \S+\ninference-eu {2}created \S+$/);
});
