// ftpd's command line as a new user meets it: `npm run ftpd` with no
// arguments serves a demo directory as demo/demo, SIGHUP restarts, Ctrl-C
// (SIGINT) shuts down cleanly and removes the demo directory.

import { Client } from "basic-ftp";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";
import { collector, eventually } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../../examples/ftpd/main.ts", import.meta.url));

let child: ChildProcess | null = null;
afterEach(() => {
  if (child !== null && child.exitCode === null) child.kill("SIGKILL");
  child = null;
});

/** Starts main.ts with `args`; `output()` is everything it printed so far. */
function run(args: string[]): { process: ChildProcess; output: () => string } {
  let output = "";
  const proc = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child = proc;
  return { process: proc, output: () => output };
}

describe("ftpd command line", () => {
  test("with no config it serves a demo directory as demo/demo; SIGHUP restarts; SIGINT stops", async () => {
    // --port 0 instead of the default 2121, so the test never collides with a running demo.
    const { process: proc, output } = run(["--port", "0"]);
    await eventually(() => /ftp:\/\/127\.0\.0\.1:\d+/.test(output()), 30_000);
    const port = Number(/ftp:\/\/127\.0\.0\.1:(\d+)/.exec(output())![1]);
    const demoDir = /removes the demo directory (\S+)/.exec(output())![1];
    expect(output()).toContain("user demo, password demo");

    const client = new Client();
    await client.access({ host: "127.0.0.1", port, user: "demo", password: "demo" });
    const received = collector();
    await client.downloadTo(received.sink, "welcome.txt");
    expect(received.bytes().toString()).toContain("wasm-events ftpd demo");

    proc.kill("SIGHUP");
    await eventually(() => output().includes("restarted (generation 1)"));
    expect(await client.pwd()).toBe("/"); // the session carried on
    client.close();

    proc.kill("SIGINT");
    const code = await new Promise((resolve) => proc.once("close", resolve));
    expect(code).toBe(0);
    expect(output()).toContain("shutting down");
    expect(existsSync(demoDir)).toBe(false);
  });

  // "close", not "exit": "exit" can come before the child's last output has
  // been read from its pipes, and the output is what these tests check.
  test("--hash-password prints a hash the config accepts", async () => {
    const { process: proc, output } = run(["--hash-password", "s3cret"]);
    const code = await new Promise((resolve) => proc.once("close", resolve));
    expect(code).toBe(0);
    expect(output().trim()).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$[\w-]+\$[\w-]+$/);
  });

  test("a bad option prints the usage and exits 2", async () => {
    const { process: proc, output } = run(["--port", "not-a-port"]);
    const code = await new Promise((resolve) => proc.once("close", resolve));
    expect(code).toBe(2);
    expect(output()).toContain("--port");
  });
});
