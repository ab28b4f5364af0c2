import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError } from "../errors/CliError.js";
import { exitCodes } from "./exitCodes.js";

/**
 * The exact bytes of an input file (a response is hashed as delivered: no decoding, no trimming).
 *
 * @throws {CliError} (exit 2) when the file cannot be read.
 * @example
 * const response = await readInputFile({ path: "answer.txt", cwd, what: "response" })
 */
export async function readInputFile({ path, cwd, what }: { path: string; cwd: string; what: string }): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(cwd, path)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (code ?? "read error");
    throw new CliError({ message: `Cannot read the ${what} file ${path}: ${why}`, exitCode: exitCodes.usage });
  }
}
