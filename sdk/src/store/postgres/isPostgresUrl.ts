/**
 * Whether a store location (`AIATTEST_DB`) names a PostgreSQL database (`postgres://` or `postgresql://`)
 * rather than a SQLite file path.
 *
 * @example
 * isPostgresUrl("postgres://aiattest@db.internal/lab") // true
 * isPostgresUrl("./aiattest.db") // false
 */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location.trim());
}
