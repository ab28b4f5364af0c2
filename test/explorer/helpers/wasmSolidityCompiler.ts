import { createRequire } from "node:module";

// lib-sourcify's compiler interface, with solc's standard JSON as far as it is read here: its types live in
// @ethereum-sourcify/compilers-types, which lib-sourcify 3.4.0 requires but does not install (see sourcifyModules.ts)
type SolidityJsonInput = object;
type SolidityOutput = { errors?: { severity: string; message: string; formattedMessage?: string }[] };
type ISolidityCompiler = { compile(version: string, input: SolidityJsonInput, forceEmscripten?: boolean): Promise<SolidityOutput> };

const require = createRequire(import.meta.url);

type Solc = { version(): string; compile(input: string): string };

/**
 * lib-sourcify's compiler, backed by the npm `solc` package's wasm build (the compiler Hardhat builds with here):
 * no download. It compiles only the version it holds, and remembers each output by its input, so verifying several
 * deployments of one build compiles once (a viaIR compile in wasm takes tens of seconds).
 *
 * @example
 * const compilation = new SolidityCompilation(wasmSolidityCompiler(), "0.8.30+commit.73712a01", input, { path, name: "AIAttest" })
 */
export function wasmSolidityCompiler(): ISolidityCompiler & { compilations: () => number } {
  const solc = require("solc") as Solc;
  const outputs = new Map<string, SolidityOutput>();
  return {
    compilations: () => outputs.size,
    async compile(version: string, input: SolidityJsonInput): Promise<SolidityOutput> {
      // "0.8.30+commit.73712a01" must be the wasm build's own version ("0.8.30+commit.73712a01.Emscripten.clang")
      if (!solc.version().startsWith(version.replace(/^v/, ""))) throw new Error(`solc ${version} asked for; only ${solc.version()} is here (no downloads)`);
      const key = JSON.stringify(input);
      let output = outputs.get(key);
      if (output === undefined) {
        output = JSON.parse(solc.compile(key)) as SolidityOutput;
        const errors = (output.errors ?? []).filter((error) => error.severity === "error");
        // lib-sourcify reads a failed compile's messages from the error's `errors`
        if (errors.length > 0) throw Object.assign(new Error(`solc failed: ${errors.map((error) => error.formattedMessage ?? error.message).join("\n")}`), { errors });
        outputs.set(key, output);
      }
      return output;
    },
  };
}
