import { recordIdParameterSchema, recordIdPattern } from "./proofServerSchemas.js";

/**
 * A record id from a request path, exactly as `recordIdParameterSchema` parses it: the id, or the message of the
 * first issue. A well-formed id (nearly every request) is checked by the schema's own pattern and bound, without
 * running zod; anything else goes through the schema, so a 400 says what it always said.
 *
 * @example
 * const parsed = parseRecordId(c.req.param("id")) // { id: 42 } for "42"
 */
export function parseRecordId(text: string): { id: number; message?: undefined } | { id?: undefined; message: string } {
  if (recordIdPattern.test(text)) {
    const id = Number(text);
    if (Number.isSafeInteger(id)) return { id };
  }
  const parsed = recordIdParameterSchema.safeParse(text);
  return parsed.success ? { id: parsed.data } : { message: parsed.error.issues[0]!.message };
}
