import { isPostgresUrl } from "./isPostgresUrl.js";

/**
 * A store location as it may be printed: a SQLite path as it is; a PostgreSQL URL as scheme, user, host, port and
 * database only. Its password and query (which may carry `password=` or TLS keys) are never echoed.
 *
 * @example
 * describeStoreLocation("postgres://lab:secret@db.internal:5432/aiattest?sslmode=require") // "postgres://lab@db.internal:5432/aiattest"
 */
export function describeStoreLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  if (!URL.canParse(location)) return "(a PostgreSQL URL that does not parse)";
  const parsed = new URL(location);
  const user = parsed.username === "" ? "" : `${parsed.username}@`;
  return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
}
