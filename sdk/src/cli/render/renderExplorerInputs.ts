import type { ExplorerAnswer, ExplorerInput, ExplorerInputs } from "../../verify/explorerInputs.js";
import { escapeText } from "../../text/escapeText.js";

/**
 * The text of `aiattest verify --explorer`: for each read function, one line per argument ending in the value to
 * paste (after `): `, nothing else on the line), a struct both whole and field by field, then the answer that makes
 * the bundle's claim hold; last, the one-line command that recomputes the response's hash.
 *
 * @example
 * console.log(renderExplorerInputs(explorerInputs(bundle, { response })))
 */
export function renderExplorerInputs(inputs: ExplorerInputs): string {
  const lines = [
    `Check it by hand on a block explorer of chain ${inputs.chainId}: open contract ${inputs.contract}, tab Read Contract`,
    "(first check that this address is the contract you trust: the canonical AIAttest address, or the one you were given).",
    "Paste each value after its \"): \". A struct goes in whole, in brackets, or field by field where the form has one box per field.",
  ];
  for (const [index, call] of inputs.calls.entries()) {
    lines.push("", `${index + 1}. ${call.signature}`, `   ${call.purpose}`);
    for (const input of call.inputs) lines.push(...inputLines(input, "   "));
    lines.push("   expected:", ...call.expected.map((answer) => `     ${answerLine(answer)}`));
  }
  for (const note of inputs.notes) lines.push("", note);
  const { claimed, computed, command } = inputs.responseHash;
  lines.push(
    "",
    "An explorer cannot hash the response: recompute responseHash = keccak256(salt ‖ response) from the response file with Node alone",
    "(any version from 12; in a POSIX shell, in the folder holding the file):",
    `  ${command}`,
    `It must print ${claimed}, the bundle's responseHash (the third field of \`output\` above).`,
  );
  if (computed !== null) lines.push(computed === claimed ? `The response given hashes to it: ${computed}.` : `The response given does NOT hash to it: ${computed}.`);
  return lines.join("\n");
}

function inputLines(input: ExplorerInput, indent: string): string[] {
  return [`${indent}${input.name} (${input.type}): ${input.value}`, ...(input.components ?? []).flatMap((component) => inputLines(component, `${indent}    `))];
}

function answerLine(answer: ExplorerAnswer): string {
  const label = answer.name === "" ? `(${answer.type})` : `${answer.name} (${answer.type})`;
  return answer.exact ? `${label} = ${escapeText(answer.expected)}` : `${label}: ${escapeText(answer.expected)}`;
}
