/**
 * Text made safe inside HTML element content and double- or single-quoted attribute values: `&`, `<`, `>`, `"` and
 * `'` become character references. Untrusted text (a corpus sample, a model name) goes through it before any page.
 *
 * @example
 * escapeHtml('</td><img src=x onerror="alert(1)">') // "&lt;/td&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(htmlSpecial, (character) => references[character as keyof typeof references]);
}

const htmlSpecial = /[&<>"']/g;

const references = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" } as const;
