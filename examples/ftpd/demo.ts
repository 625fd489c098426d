// The out-of-the-box setup of `npm run ftpd`: a fresh temporary directory
// with a config file (user demo / password demo) and a root to serve.

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "./password.js";

export interface DemoSetup {
  /** The temporary directory holding everything below (removed on exit). */
  readonly dir: string;
  readonly configFile: string;
  readonly root: string;
}

const WELCOME = `Welcome to the wasm-events ftpd demo.

This server is a small ProFTPD-style FTP server whose core and modules
(mod_auth, mod_ban, mod_log, mod_stats) talk only through one wasm-events
EventBus. Try: LIST, RETR welcome.txt, STOR, MKD, SITE STATS.
`;

/** The config text of a demo setup; `root` may be the user's --root. */
function demoConfig(root: string, demoHash: string, transferLog: string): string {
  return `# wasm-events ftpd demo config (proftpd.conf style). Edit it and send
# SIGHUP to the server to apply it to new logins.
ServerName        "wasm-events ftpd demo"
Port              2121
DefaultRoot       "${root}"
TimeoutIdle       600
MaxLoginAttempts  3
TransferLog       "${transferLog}"
# Three failed logins in one session, or three in a minute over any number
# of connections, ban the host for five minutes.
BanOnEvent        MaxLoginAttempts 1/00:10:00 00:05:00 "Host %a is banned for 5 minutes"
BanOnEvent        LoginFailed 3/00:01:00 00:05:00 "Host %a is banned for 5 minutes"
# Banned users, one per line, read at every login (no file: nobody).
BanUserFile       banned-users
# Users: name and scrypt hash (npm run ftpd -- --hash-password PASSWORD).
AuthUser          demo ${demoHash}
`;
}

/** Creates the demo directory; `root` replaces the demo root when given. */
export async function createDemo(root?: string): Promise<DemoSetup> {
  const dir = await mkdtemp(join(tmpdir(), "wasm-events-ftpd-"));
  const servedRoot = root ?? join(dir, "root");
  if (root === undefined) {
    await mkdir(join(servedRoot, "pub"), { recursive: true });
    await writeFile(join(servedRoot, "welcome.txt"), WELCOME);
  }
  const configFile = join(dir, "ftpd.conf");
  await writeFile(configFile, demoConfig(servedRoot, await hashPassword("demo"), join(dir, "xferlog")));
  return { dir, configFile, root: servedRoot };
}
