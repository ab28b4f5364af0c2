/**
 * Reads standard input to its end, as bytes (`--response -`).
 *
 * @example
 * const response = path === "-" ? await readStdin() : await readInputFile({ path, cwd, what: "response" })
 */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
