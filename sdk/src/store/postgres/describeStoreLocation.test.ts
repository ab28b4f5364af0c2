import { expect, test } from "vitest";
import { loadConfig } from "../../config/loadConfig.js";
import { requireSetting } from "../../config/requireSetting.js";
import { describeStoreLocation } from "./describeStoreLocation.js";
import { isPostgresUrl } from "./isPostgresUrl.js";

test("a postgres:// or postgresql:// URL names a PostgreSQL store; anything else is a SQLite path", () => {
  expect(["postgres://h/db", "postgresql://u:p@h:5432/db", " POSTGRES://h/db"].map(isPostgresUrl)).toEqual([true, true, true]);
  expect(["./aiattest.db", "/var/lib/postgres/lab.db", "postgres.db", "postgres:/h/db", "mysql://h/db"].map(isPostgresUrl)).toEqual([false, false, false, false, false]);
});

test("a PostgreSQL URL is shown without its password or query; a path as it is", () => {
  expect(describeStoreLocation("postgres://lab:s3cret@db.internal:5432/aiattest?sslmode=require&password=x")).toBe("postgres://lab@db.internal:5432/aiattest");
  expect(describeStoreLocation("postgresql://db.internal/aiattest")).toBe("postgresql://db.internal/aiattest");
  expect(describeStoreLocation("postgres://u:p@[bad")).toBe("(a PostgreSQL URL that does not parse)");
  expect(describeStoreLocation("/var/lib/aiattest/lab.db")).toBe("/var/lib/aiattest/lab.db");
});

test("AIATTEST_DB as a postgres URL is kept as given, not resolved as a path", () => {
  const url = "postgres://lab:s3cret@db.internal:5432/aiattest";
  expect(requireSetting(loadConfig({ cwd: "/srv/lab", env: { AIATTEST_DB: url } }), "db")).toBe(url);
  expect(requireSetting(loadConfig({ cwd: "/srv/lab", env: { AIATTEST_DB: "lab.db" } }), "db")).toBe("/srv/lab/lab.db");
});

test("AIATTEST_DB that looks like a URL but is not postgres:// is refused, never a file path, and its password is not echoed", () => {
  for (const typo of ["pg://lab:S3cretPW@db.internal:5432/lab", "postgres:lab:S3cretPW@db/lab", "postgresql+psycopg://lab:S3cretPW@db/lab", "mysql://db/lab"]) {
    const config = loadConfig({ cwd: "/srv/lab", env: { AIATTEST_DB: typo } });
    expect(() => requireSetting(config, "db"), typo).toThrow(/^AIATTEST_DB is invalid.*: set it to the path of the SQLite store file, or a postgres:\/\/ \(postgresql:\/\/\) URL/);
    expect(() => requireSetting(config, "db")).not.toThrow(/S3cretPW/);
  }
  // paths stay paths, a Windows drive letter included
  for (const path of ["lab.db", "./data/lab.db", "/var/lib/aiattest/lab.db", "C:\\aiattest\\lab.db", "data@2026.db"]) {
    expect(() => requireSetting(loadConfig({ cwd: "/srv/lab", env: { AIATTEST_DB: path } }), "db"), path).not.toThrow();
  }
});
