// What a result file says about where it came from: machine, runtime, date,
// the exact command, and the peers' installed versions.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { cpus, arch, platform, release } from "node:os";
import { delimiter, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Profile } from "../profiles.js";

export interface RunMeta {
  /** ISO timestamp of the start of the run. */
  readonly date: string;
  /** The command as typed (node binary, flags, script, arguments). */
  readonly command: string;
  readonly node: string;
  readonly v8: string;
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly profile: Profile;
  /** Installed versions of the peers and of tinybench. */
  readonly packages: Readonly<Record<string, string>>;
  /** Free text from `--note` (for example "preliminary"). */
  readonly note?: string;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGES = ["eventemitter3", "tseep", "mitt", "nanoevents", "tinybench"];

function installedVersion(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version?: string };
    return manifest.version ?? "?";
  } catch {
    return "not installed";
  }
}

/** "node" when this process runs the node found first on PATH, else its full path (a Node 24 run names its binary). */
function nodeCommand(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "node");
    if (dir !== "" && existsSync(candidate)) {
      return realpathSync(candidate) === realpathSync(process.execPath) ? "node" : process.execPath;
    }
  }
  return process.execPath;
}

/** The command that reproduces this run, from the repository root. */
export function commandLine(argv: readonly string[] = process.argv): string {
  const script = relative(process.cwd(), argv[1] ?? "bench/run.ts") || argv[1];
  return [nodeCommand(), ...process.execArgv, script, ...argv.slice(2)].join(" ");
}

export function runMeta(profile: Profile, command: string, note?: string): RunMeta {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    command,
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()} ${arch()}`,
    cpu: cpuList[0]?.model.trim() ?? "unknown",
    cores: cpuList.length,
    profile,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, installedVersion(name)])),
    ...(note === undefined ? {} : { note }),
  };
}
