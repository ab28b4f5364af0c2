import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { findSystemNode } from "../../../test/helpers/findSystemNode.js";
import { hashContent } from "../hashing/hashContent.js";
import { responseHashCommand } from "./responseHashCommand.js";

// the machine's own Node (20 here), not the repo's: the command must run where an auditor has only a stock Node
const node = findSystemNode({ major: 20 }) ?? findSystemNode({ major: 22 });
const salt = "0x7f8f54cbace6ff95046c32c0653dd68cd7f8e0b4c982ff3472596dce4c9e9e72" as const;

async function run(command: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aiattest-hash-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const path = node!.path.slice(0, -"/node".length);
  return execFileSync("/bin/sh", ["-c", command], { cwd: dir, env: { PATH: `${path}:/usr/bin:/bin` }, encoding: "utf8" }).trim();
}

test.skipIf(!node)("the utf8 command prints keccak256(salt ‖ file bytes) for texts across Keccak's 136-byte block edges", async () => {
  // 32 salt bytes + the text: 103 and 104 bytes put the whole message on either side of one block's end
  for (const text of [0, 1, 103, 104, 135, 136, 239, 240, 1000].map((length) => "x".repeat(length)).concat("naïve café — 東京 🚀\r\n")) {
    const command = responseHashCommand({ salt, encoding: "utf8", file: "answer.txt" });
    expect(await run(command, { "answer.txt": text })).toBe(hashContent({ salt, content: text }));
  }
});

test.skipIf(!node)("the jcs command hashes the RFC 8785 form under the jcs salt: key order, spacing and number forms do not matter", async () => {
  const text = '{ "b": [1, 2.50, "é\\u00e9", 1e21], "a": { "z": null, "é": true, "A": 1E3, "\\ud83d\\ude80": -0 } }';
  const command = responseHashCommand({ salt, encoding: "jcs", file: "answer.json" });
  const printed = await run(command, { "answer.json": text });
  expect(printed).toBe(hashContent({ salt, content: text, encoding: "jcs" }));
  expect(printed).not.toBe(hashContent({ salt, content: text }));
});

test.skipIf(!node)("a changed character changes the printed hash", async () => {
  const command = responseHashCommand({ salt, encoding: "utf8", file: "answer.txt" });
  expect(await run(command, { "answer.txt": "Paris!" })).not.toBe(hashContent({ salt, content: "Paris." }));
});

test("file names that would need shell quoting, and salts that are not 32 bytes, are refused", () => {
  expect(() => responseHashCommand({ salt, encoding: "utf8", file: "my answer.txt" })).toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: Invalid file: expected a file name of letters, digits and . / _ @ + -, received "my answer.txt".]`);
  expect(() => responseHashCommand({ salt, encoding: "utf8", file: "a';rm -rf ~;'" })).toThrow(/Invalid file/);
  expect(() => responseHashCommand({ salt: "0x1234", encoding: "utf8" })).toThrow(/Invalid salt/);
  expect(responseHashCommand({ salt, encoding: "utf8" })).toMatch(/ response\.txt$/);
});
test("a file name starting with a dash is refused: node would read it as an option", () => {
  expect(() => responseHashCommand({ salt, encoding: "utf8", file: "-p" })).toThrow(/Invalid file/);
});

test.skipIf(!node)("the jcs command refuses what the SDK refuses, saying why, instead of printing a hash: a repeated name, a lone surrogate, bytes not UTF-8", async () => {
  const command = responseHashCommand({ salt, encoding: "jcs", file: "answer.json" });
  const refusals: [content: string | Buffer, reason: RegExp][] = [
    ['{"a":1,"a":2}', /two members named "a"/],
    ['{"x":[{"a":1,"\\u0061":2}]}', /two members named "a"/],
    ['{"s":"a \\"b\\": {\\"c\\":1,\\"c\\":2}"}', /^$/], // braces and names inside a string are text, not structure
    ['{"a":"\\ud800"}', /lone surrogate/],
    ['{"\\udc00":1}', /lone surrogate/],
    [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /not UTF-8/],
    ["{", /not JSON/],
  ];
  for (const [content, reason] of refusals) {
    const dir = await mkdtemp(join(tmpdir(), "aiattest-hash-"));
    await writeFile(join(dir, "answer.json"), content);
    const path = node!.path.slice(0, -"/node".length);
    const sdk = (() => {
      try {
        return hashContent({ salt, content: new Uint8Array(Buffer.from(content)), encoding: "jcs" });
      } catch {
        return null;
      }
    })();
    const result = spawnSync("/bin/sh", ["-c", command], { cwd: dir, env: { PATH: `${path}:/usr/bin:/bin` }, encoding: "utf8" });
    if (sdk === null) {
      expect(result.status, String(content)).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim()).toMatch(new RegExp(`^not a valid jcs response: .*${reason.source}`));
    } else {
      expect(result.stdout.trim(), String(content)).toBe(sdk);
    }
  }
});

test.skipIf(!node)("a leading byte-order mark is dropped by the jcs command as by the SDK", async () => {
  const command = responseHashCommand({ salt, encoding: "jcs", file: "answer.json" });
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"b":1,"a":2}')]);
  const dir = await mkdtemp(join(tmpdir(), "aiattest-hash-"));
  await writeFile(join(dir, "answer.json"), bytes);
  const path = node!.path.slice(0, -"/node".length);
  const printed = execFileSync("/bin/sh", ["-c", command], { cwd: dir, env: { PATH: `${path}:/usr/bin:/bin` }, encoding: "utf8" }).trim();
  expect(printed).toBe(hashContent({ salt, content: new Uint8Array(bytes), encoding: "jcs" }));
});
