import type { DemoResult } from "./runDemo.js";

const number = (value: number | bigint) => value.toLocaleString("en-US");

/**
 * The demo's summary: what was deployed, timings, gas, and both verdicts; then its files when `isKept`, or how
 * to keep them.
 *
 * @example
 * console.log(renderDemo(result, { isKept: false }))
 */
export function renderDemo(result: DemoResult, { isKept }: { isKept: boolean }): string {
  const perSecond = Math.round(result.records / result.recordSeconds);
  return [
    "",
    `AIAttest ${result.contract} on chain ${result.chainId}; publisher ${result.publisher}`,
    `model ${result.modelId}`,
    "",
    `recorded  ${number(result.records)} outputs in ${result.recordSeconds.toFixed(2)} s (${number(perSecond)}/s, signed and durably stored)`,
    `anchored  them in one batch in ${result.anchorSeconds.toFixed(2)} s: root ${result.root}`,
    "",
    "gas       deploy " + number(result.gas.deploy) + " · registerModel " + number(result.gas.registerModel) + " · authorize 2 keys " + number(result.gas.authorizeKeys),
    `          anchor ${number(result.gas.anchor)} for ${number(result.records)} outputs = ${(Number(result.gas.anchor) / result.records).toFixed(2)} gas per output`,
    "",
    `honest    ${result.honest.valid ? "✓ VALID" : `✗ INVALID (${result.honest.reason})`}`,
    `tampered  ${result.tampered.valid ? "✓ VALID (unexpected!)" : `✗ INVALID: ${result.tampered.reason} — ${result.tampered.message}`}`,
    "",
    ...(isKept
      ? [
          `Files: ${result.files.bundle}, ${result.files.response}, ${result.files.db}`,
          `Check the honest bundle offline: npm run -s aiattest -- verify --offline --response ${result.files.response} --bundle ${result.files.bundle}`,
        ]
      : ["Its temporary files are removed; npm run demo -- --keep keeps them (the store, the manifest, the honest bundle and its response)."]),
  ].join("\n");
}
