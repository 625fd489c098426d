// ftpd: hostile and broken input, sent on raw sockets since no real client
// sends it. Every case gets the right reply and the server keeps serving.

import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { ControlLine, FtpCommand, FtpSession } from "../../examples/ftpd/events.js";
import { collector, connectTo, eventually, login, RawClient, startFixture, type Fixture } from "./helpers.js";

let fixture: Fixture;
/** A directory outside the root, with a secret the client must never reach. */
let outside: string;
beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), "ftpd-outside-"));
  await writeFile(join(outside, "secret.txt"), "top secret");
});
afterAll(() => rm(outside, { recursive: true, force: true }));
afterEach(async () => {
  expect(fixture.server.listenerErrors).toEqual([]);
  await fixture.dispose();
});

/** The server still serves a fresh client normally. */
async function stillServes(): Promise<void> {
  const client = await login(fixture);
  expect(await client.pwd()).toBe("/");
  client.close();
}

describe("ftpd path escapes", () => {
  beforeEach(async () => {
    fixture = await startFixture();
  });

  test("'..' above the root is refused with 550, inside the root it works", async () => {
    await mkdir(join(fixture.root, "a"));
    const raw = await RawClient.login(fixture);
    expect((await raw.command("CWD ..")).code).toBe(550);
    expect((await raw.command("CWD ../../..")).code).toBe(550);
    expect((await raw.command("CDUP")).code).toBe(550);
    expect((await raw.command("SIZE ../../etc/passwd")).code).toBe(550);
    expect((await raw.command("CWD a/../a")).code).toBe(250);
    expect((await raw.command("CWD ../a/../../..")).code).toBe(550);
    expect((await raw.command("PWD")).lines).toEqual(['257 "/a" is the current directory']);
    raw.destroy();
  });

  test("absolute paths are inside the root", async () => {
    await writeFile(join(fixture.root, "here.txt"), "12345");
    const raw = await RawClient.login(fixture);
    expect((await raw.command(`SIZE ${join(outside, "secret.txt")}`)).code).toBe(550);
    expect((await raw.command("SIZE /etc/passwd")).code).toBe(550);
    expect((await raw.command("SIZE /here.txt")).lines).toEqual(["213 5"]);
    raw.destroy();
  });

  test("symlinks out of the root are refused for reading, listing and entering", async () => {
    await symlink(outside, join(fixture.root, "out-dir"));
    await symlink(join(outside, "secret.txt"), join(fixture.root, "out-file"));
    const raw = await RawClient.login(fixture);
    expect((await raw.command("CWD out-dir")).code).toBe(550);
    expect((await raw.command("SIZE out-file")).code).toBe(550);
    expect((await raw.command("SIZE out-dir/secret.txt")).code).toBe(550);
    expect((await raw.command("RETR out-file")).code).toBe(550);
    expect((await raw.command("LIST out-dir")).code).toBe(550);
    raw.destroy();
  });

  test("symlinks out of the root are refused for writing, even dangling ones", async () => {
    await symlink(outside, join(fixture.root, "out-dir"));
    await symlink(join(outside, "secret.txt"), join(fixture.root, "out-file"));
    await symlink(join(outside, "created-by-attacker"), join(fixture.root, "dangling"));
    const raw = await RawClient.login(fixture);
    await raw.openData();
    expect((await raw.command("STOR out-file")).code).toBe(550);
    expect((await raw.command("STOR dangling")).code).toBe(550);
    expect((await raw.command("STOR out-dir/new.txt")).code).toBe(550);
    expect((await raw.command("MKD out-dir/newdir")).code).toBe(550);
    expect((await raw.command("DELE out-dir/secret.txt")).code).toBe(550);
    raw.destroy();
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("top secret");
    await expect(stat(join(outside, "created-by-attacker"))).rejects.toThrow(/ENOENT/);
    await expect(stat(join(outside, "new.txt"))).rejects.toThrow(/ENOENT/);
    await expect(stat(join(outside, "newdir"))).rejects.toThrow(/ENOENT/);
  });

  test("DELE of a symlink inside the root removes the link, not its target", async () => {
    await symlink(join(outside, "secret.txt"), join(fixture.root, "link"));
    const raw = await RawClient.login(fixture);
    expect((await raw.command("DELE link")).code).toBe(250);
    raw.destroy();
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("top secret");
  });

  test("a symlink that stays inside the root is followed", async () => {
    await mkdir(join(fixture.root, "real"));
    await writeFile(join(fixture.root, "real", "f.txt"), "abc");
    await symlink(join(fixture.root, "real"), join(fixture.root, "alias"));
    const raw = await RawClient.login(fixture);
    expect((await raw.command("SIZE alias/f.txt")).lines).toEqual(["213 3"]);
    raw.destroy();
  });

  test("a NUL byte in a path is refused", async () => {
    const raw = await RawClient.login(fixture);
    raw.write(Buffer.from("SIZE a\0b\r\n"));
    expect((await raw.reply()).code).toBe(501);
    raw.destroy();
  });
});

describe("ftpd malformed command lines", () => {
  beforeEach(async () => {
    fixture = await startFixture();
  });

  test("a line of 512 bytes is read; 513 bytes get 500 and the session continues", async () => {
    const raw = await RawClient.login(fixture);
    const exact = "NOOP " + "x".repeat(512 - 5);
    expect((await raw.command(exact)).code).toBe(200);
    expect((await raw.command(exact + "x")).code).toBe(500);
    expect((await raw.command("PWD")).code).toBe(257);
    raw.destroy();
  });

  test("a huge line with no newline gets one 500 and nothing else; the next line is read", async () => {
    const raw = await RawClient.login(fixture);
    raw.write("NOOP " + "y".repeat(200_000));
    const reply = await raw.reply();
    expect(reply.code).toBe(500);
    raw.write("yyy\r\n"); // the end of the overlong line: dropped
    expect((await raw.command("NOOP")).code).toBe(200);
    raw.destroy();
  });

  test("binary garbage gets 501 per line and never crashes the server", async () => {
    const raw = await RawClient.login(fixture);
    raw.write(Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0d, 0x0a])); // not UTF-8
    expect((await raw.reply()).code).toBe(501);
    raw.write(Buffer.from([0x4e, 0x4f, 0x4f, 0x50, 0x07, 0x0d, 0x0a])); // NOOP + BEL
    expect((await raw.reply()).code).toBe(501);
    // Random bytes without newlines: at most one 500 (overlong) or nothing.
    raw.write(Buffer.from(randomBytes(64 * 1024).map((b) => (b === 0x0a ? 0x20 : b))));
    raw.write("\r\n");
    const reply = await raw.reply();
    expect([500, 501]).toContain(reply.code);
    expect((await raw.command("NOOP")).code).toBe(200);
    raw.destroy();
    await stillServes();
  });

  test("a UTF-8 file name works end to end", async () => {
    await writeFile(join(fixture.root, "grüße.txt"), "hi");
    const client = await login(fixture);
    expect(await client.size("grüße.txt")).toBe(2);
    const received = collector();
    await client.downloadTo(received.sink, "grüße.txt");
    expect(received.bytes().toString()).toBe("hi");
    client.close();
  });

  test("unknown commands get 502 and generate core.unhandled-command", async () => {
    const unhandled: string[] = [];
    fixture.server.bus.register(null, "core.unhandled-command", (cmd: FtpCommand) => { unhandled.push(cmd.verb); });
    const raw = await RawClient.login(fixture);
    expect((await raw.command("XYZZY now")).code).toBe(502);
    expect((await raw.command("PORT 127,0,0,1,4,1")).code).toBe(502); // passive mode only
    expect((await raw.command("help")).code).toBe(502);
    expect((await raw.command("12#$")).code).toBe(500);
    expect(unhandled).toEqual(["XYZZY", "PORT", "HELP"]);
    raw.destroy();
  });

  test("a slow client sending a byte at a time gets its reply once its line is complete", async () => {
    const slow = await RawClient.login(fixture);
    for (const ch of "NOOP\r\n") {
      slow.write(ch);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect((await slow.reply()).code).toBe(200);
    slow.destroy();
  });

  test("lines arriving together are answered in order", async () => {
    const raw = await RawClient.login(fixture);
    raw.write("NOOP\r\nPWD\r\nSYST\nBOGUS\r\nNOOP\r\n");
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await raw.reply()).code);
    expect(codes).toEqual([200, 257, 215, 502, 200]);
    raw.destroy();
  });

  test("reply text never carries a client's CR/LF into a forged reply line", async () => {
    const raw = await RawClient.login(fixture);
    // The LF ends the line, so "200 forged" arrives as a command of its own.
    raw.write("MKD a\n200 forged\r\n");
    expect((await raw.reply()).code).toBe(257);
    expect((await raw.reply()).code).toBe(500);
    raw.destroy();
  });
});

describe("ftpd slow and idle clients", () => {
  // A short TimeoutIdle only here: elsewhere a loaded machine could stall a
  // test between two commands for that long.
  beforeEach(async () => {
    fixture = await startFixture({ directives: "TimeoutIdle 1" });
  });

  test("an idle session gets 421 and core.timeout-idle", async () => {
    const timedOut: number[] = [];
    fixture.server.bus.register(null, "core.timeout-idle", (session: FtpSession) => { timedOut.push(session.id); });
    const raw = await RawClient.login(fixture);
    const reply = await raw.reply();
    expect(reply.code).toBe(421);
    expect(reply.lines[0]).toContain("Idle timeout");
    await raw.closed();
    expect(timedOut).toHaveLength(1);
  });

  test("a client trickling a command that never ends is timed out; others are served meanwhile", async () => {
    const slow = await RawClient.login(fixture);
    let trickling = true;
    const trickle = (async () => {
      for (const ch of "NOOP and on and on and on") {
        if (!trickling || slow.ended) break;
        slow.write(ch);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await stillServes();
    expect((await slow.reply()).code).toBe(421);
    trickling = false;
    await trickle;
  });

  test("a client that floods commands and never reads the replies is timed out; others are served", async () => {
    let noops = 0;
    fixture.server.bus.register(null, "core.ctrl-read", (event: ControlLine) => { if (event.line === "NOOP") noops++; });
    const flood = await RawClient.login(fixture);
    flood.stopReading();
    // About 12 MB of replies, far more than loopback socket buffers hold
    // (about 150,000 replies fit on this Linux box), so the server has to
    // stop and wait for a reader that never comes.
    flood.write("NOOP\r\n".repeat(400_000));
    await stillServes();
    await eventually(() => fixture.server.sessionCount === 0);
    expect(noops).toBeGreaterThan(0);
    expect(noops).toBeLessThan(400_000); // it stopped reading commands it could not answer
    flood.destroy();
  });

  test("a data connection from another host is dropped; the client's own still works", async () => {
    await writeFile(join(fixture.root, "f.txt"), "data");
    const raw = await RawClient.login(fixture);
    const port = await raw.epsv();
    const intruder = await connectTo(port, "127.0.0.2");
    intruder.on("error", () => {});
    await new Promise((resolve) => intruder.once("close", resolve)); // dropped by the server
    const data = await connectTo(port);
    const received = collector();
    data.pipe(received.sink);
    raw.write("RETR f.txt\r\n");
    expect((await raw.reply()).code).toBe(150);
    expect((await raw.reply()).code).toBe(226);
    await eventually(() => data.closed);
    expect(received.bytes().toString()).toBe("data");
    raw.destroy();
  });
});
