/**
 * Where the lab's proof server serves a record's bundle: `<publicUrl>/v1/records/<id>` (PROTOCOL §7, `bundleUrl`),
 * or undefined when the lab publishes no URL. A locator only: verification never uses it.
 *
 * @example
 * bundleUrlOf("https://proofs.lab.example/", 42) // "https://proofs.lab.example/v1/records/42"
 */
export function bundleUrlOf(publicUrl: string | undefined, recordId: number): string | undefined {
  return publicUrl === undefined ? undefined : `${publicUrl.replace(/\/+$/, "")}/v1/records/${recordId}`;
}
