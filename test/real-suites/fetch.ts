// Brings a real library's source, tests included, onto this machine from a
// package registry (CI reaches the npm registry and Debian's archive, and
// nothing else):
// - from npm, when the published tarball ships the tests (`npm pack`);
// - from Debian's archive, as the upstream tarball of a Debian source
//   package (`apt-get source`), when npm's tarball leaves them out, as every
//   `ws` release does. apt works in a folder of its own here (its own
//   source list, lists and cache), so the machine's apt state is untouched;
//   the archive's address is the one the machine's apt already uses.
import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const quiet: ExecFileSyncOptionsWithStringEncoding = { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 };

/** The published tarball of `spec` (name@version), unpacked into `into` (emptied first). */
export function npmPackage(spec: string, into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const [packed] = JSON.parse(execFileSync("npm", ["pack", spec, "--json", "--pack-destination", into], quiet)) as { filename: string }[];
  untar(join(into, packed.filename), into);
}

/** The Debian archive's address as the machine's apt knows it (deb822 or one-line sources). */
function debianArchive(): string {
  const lists = ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"].filter(existsSync);
  for (const list of lists) {
    const text = readFileSync(list, "utf8");
    const deb822 = /^URIs:\s*(\S+)\s*$/m.exec(text);
    if (deb822) return deb822[1];
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s+main/m.exec(text);
    if (oneLine) return oneLine[1];
  }
  throw new Error("no Debian archive in the machine's apt sources (/etc/apt/sources.list.d/debian.sources)");
}

/**
 * The upstream tarball (`*.orig.tar.gz`) of Debian source package `name` in
 * release `release`, checked against the archive's signed index, unpacked
 * into `into` (emptied first) without its top folder.
 */
export function debianUpstreamSource(name: string, release: string, into: string, aptDir: string): void {
  mkdirSync(join(aptDir, "lists", "partial"), { recursive: true });
  mkdirSync(join(aptDir, "cache", "archives", "partial"), { recursive: true });
  const sourceList = join(aptDir, "sources.list");
  writeFileSync(sourceList, `deb-src ${debianArchive()} ${release} main\n`);
  const apt = [
    "-o", `Dir::Etc::SourceList=${sourceList}`, "-o", "Dir::Etc::SourceParts=/dev/null",
    "-o", `Dir::State::Lists=${join(aptDir, "lists")}`, "-o", `Dir::Cache=${join(aptDir, "cache")}`,
  ];
  execFileSync("apt-get", [...apt, "update", "-qq"], quiet);
  // One line per file of the source package: 'URI' file size SHA256:hash.
  const uris = execFileSync("apt-get", [...apt, "source", "--print-uris", "-qq", name], quiet);
  const orig = /^'(\S+)' (\S+\.orig\.tar\.[a-z]+) \d+ (SHA256:[0-9a-f]+)$/m.exec(uris);
  if (!orig) throw new Error(`apt-get source --print-uris ${name} (${release}) names no upstream tarball:\n${uris}`);
  const [, uri, file, hash] = orig;
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  // apt's own downloader, with the hash from the signed index.
  execFileSync("/usr/lib/apt/apt-helper", ["download-file", uri, join(into, file), hash], quiet);
  untar(join(into, file), into);
}

/** Unpacks `tarball` into `into`, then lifts its one top folder (`package/`, `ws-8.18.1/`) into `into`. */
function untar(tarball: string, into: string): void {
  execFileSync("tar", ["xf", tarball, "-C", into, "--strip-components=1"], quiet);
  rmSync(tarball);
  if (!existsSync(join(into, "package.json"))) throw new Error(`${tarball} holds no package.json at its top: ${readdirSync(into).join(", ")}`);
}

/** Installs `packages` (npm specs) into `root`'s node_modules, no lock file, no audit. */
export function npmInstall(root: string, packages: readonly string[], omitDev = true): void {
  const args = ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts"];
  if (omitDev) args.push("--omit=dev");
  execFileSync("npm", [...args, ...packages], { ...quiet, cwd: root });
}
