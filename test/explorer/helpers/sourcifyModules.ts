// lib-sourcify 3.4.0's entry point (build/main/index.js) re-exports @ethereum-sourcify/compilers-types, a package it
// lists only under devDependencies, so `import "@ethereum-sourcify/lib-sourcify"` fails with "Cannot find module".
// The modules verification needs do not use it: load them one by one.
import { createRequire } from "node:module";
import type { SolidityCompilation as SolidityCompilationType } from "@ethereum-sourcify/lib-sourcify/build/main/Compilation/SolidityCompilation.js";
import type { SourcifyChain as SourcifyChainType } from "@ethereum-sourcify/lib-sourcify/build/main/SourcifyChain/SourcifyChain.js";
import type { Verification as VerificationType } from "@ethereum-sourcify/lib-sourcify/build/main/Verification/Verification.js";

const require = createRequire(import.meta.url);
const build = "@ethereum-sourcify/lib-sourcify/build/main";

export const { SolidityCompilation } = require(`${build}/Compilation/SolidityCompilation.js`) as { SolidityCompilation: typeof SolidityCompilationType };
export const { SourcifyChain } = require(`${build}/SourcifyChain/SourcifyChain.js`) as { SourcifyChain: typeof SourcifyChainType };
export const { Verification } = require(`${build}/Verification/Verification.js`) as { Verification: typeof VerificationType };
export const { setLevel: setLibSourcifyLoggerLevel } = require(`${build}/logger.js`) as { setLevel: (level: number) => void };
export type SourcifyChain = SourcifyChainType;
