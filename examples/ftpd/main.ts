// `npm run ftpd`: the command line. Starts a server (a demo one when no
// --config is given), restarts it on SIGHUP, and shuts it down cleanly on
// SIGINT/SIGTERM.

import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createDemo, type DemoSetup } from "./demo.js";
import { hashPassword } from "./password.js";
import { createServer } from "./server.js";

const USAGE = `usage: npm run ftpd [-- [--port N] [--root DIR] [--config FILE]]
       npm run ftpd -- --hash-password PASSWORD

Without --config, serves a fresh demo directory on 127.0.0.1:2121 as user
demo, password demo. --port and --root override the config file.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: "string" },
        root: { type: "string" },
        config: { type: "string" },
        "hash-password": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args["hash-password"] !== undefined) {
    console.log(await hashPassword(args["hash-password"]));
    return 0;
  }
  const port = args.port === undefined ? undefined : Number(args.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    console.error(`--port: expected a port number, got '${args.port}'`);
    return 2;
  }

  const demo: DemoSetup | null = args.config === undefined ? await createDemo(args.root) : null;
  const server = createServer({
    configFile: args.config ?? demo!.configFile,
    port,
    root: args.root,
    log: (line) => console.log(`ftpd: ${line}`),
  });
  try {
    await server.start();
  } catch (err) {
    console.error(`ftpd: cannot start: ${(err as Error).message}`);
    if (demo !== null) await rm(demo.dir, { recursive: true, force: true });
    return 1;
  }

  if (demo !== null) {
    console.log(`
wasm-events ftpd is serving ${demo.root}
  on ftp://127.0.0.1:${server.port}  as user demo, password demo
  config ${demo.configFile} (edit it, then: kill -HUP ${process.pid})
  try it with basic-ftp (see examples/ftpd/README.md), or: curl ftp://demo:demo@127.0.0.1:${server.port}/welcome.txt
  Ctrl-C stops the server and removes the demo directory ${demo.dir}
`);
  }

  process.on("SIGHUP", () => {
    server.restart().catch((err: Error) => console.error(`ftpd: restart failed, still running on the old config: ${err.message}`));
  });
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  console.log("ftpd: shutting down");
  await server.close();
  if (demo !== null) await rm(demo.dir, { recursive: true, force: true });
  return 0;
}

process.exitCode = await main();
