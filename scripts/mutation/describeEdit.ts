/**
 * A short text for a find/replace edit: what is removed, or the changed words with one word of context
 * each side (`>= retiredAt` -> `> retiredAt`).
 */
export function describeEdit({ find, replace }: { find: string; replace: string }): string {
  const squeeze = (text: string) => text.replace(/\s+/g, " ").trim();
  if (replace.trim() === "") return `remove \`${squeeze(find)}\``;
  const before = squeeze(find).split(" ");
  const after = squeeze(replace).split(" ");
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const start = Math.max(0, prefix - 1);
  const changed = (words: string[]) => words.slice(start, Math.min(words.length, words.length - suffix + 1)).join(" ");
  return `\`${changed(before)}\` -> \`${changed(after)}\``;
}
