// ftpd: directories, listings and transfers with a real client (basic-ftp),
// the transfer log (mod_log, xferlog format), and clients that hang up in
// the middle of a transfer.

import { createHash, randomBytes } from "node:crypto";
import { readFile, stat, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DataChunk } from "../../examples/ftpd/events.js";
import { collector, connectTo, eventually, login, RawClient, startFixture, type Fixture } from "./helpers.js";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

let fixture: Fixture;
beforeEach(async () => {
  fixture = await startFixture();
});
afterEach(() => fixture.dispose());

describe("ftpd directories", () => {
  test("MKD, CWD, PWD, CDUP and RMD move around and change the tree", async () => {
    const client = await login(fixture);
    await client.send("MKD docs");
    expect((await stat(join(fixture.root, "docs"))).isDirectory()).toBe(true);
    await client.cd("docs");
    expect(await client.pwd()).toBe("/docs");
    await client.send("MKD inner");
    await client.cd("inner");
    expect(await client.pwd()).toBe("/docs/inner");
    await client.cdup();
    expect(await client.pwd()).toBe("/docs");
    await client.send("RMD inner");
    await expect(stat(join(fixture.root, "docs", "inner"))).rejects.toThrow(/ENOENT/);
    await client.cd("/");
    expect(await client.pwd()).toBe("/");
    client.close();
  });

  test("CWD to a missing directory or a file is 550", async () => {
    await writeFile(join(fixture.root, "file.txt"), "x");
    const raw = await RawClient.login(fixture);
    expect((await raw.command("CWD missing")).code).toBe(550);
    expect((await raw.command("CWD file.txt")).code).toBe(550);
    expect((await raw.command("RMD missing")).code).toBe(550);
    raw.destroy();
  });

  test("LIST shows names, sizes and directories in a form basic-ftp parses", async () => {
    await mkdir(join(fixture.root, "sub"));
    await writeFile(join(fixture.root, "a.txt"), "12345");
    await writeFile(join(fixture.root, "with space.bin"), Buffer.alloc(300));
    const client = await login(fixture);
    const entries = (await client.list()).map((f) => [f.name, f.isDirectory, f.isDirectory ? 0 : f.size]);
    expect(entries).toEqual([["a.txt", false, 5], ["sub", true, 0], ["with space.bin", false, 300]]);
    expect((await client.list("sub")).length).toBe(0);
    client.close();
  });

  test("NLST lists names only", async () => {
    await writeFile(join(fixture.root, "one"), "1");
    await writeFile(join(fixture.root, "two"), "2");
    const raw = await RawClient.login(fixture);
    const data = await raw.openData();
    const received = collector();
    data.pipe(received.sink);
    raw.write("NLST\r\n");
    expect((await raw.reply()).code).toBe(150);
    expect((await raw.reply()).code).toBe(226);
    await eventually(() => data.closed);
    expect(received.bytes().toString()).toBe("one\r\ntwo\r\n");
    raw.destroy();
  });
});

describe("ftpd transfers", () => {
  test("a 10 MB file uploads and downloads byte-exact", async () => {
    const payload = randomBytes(10 * 1024 * 1024);
    const client = await login(fixture);
    await client.uploadFrom(Readable.from([payload]), "big.bin");
    expect(sha256(await readFile(join(fixture.root, "big.bin")))).toBe(sha256(payload));
    const received = collector();
    await client.downloadTo(received.sink, "big.bin");
    expect(received.bytes().length).toBe(payload.length);
    expect(sha256(received.bytes())).toBe(sha256(payload));
    client.close();
  });

  test("every chunk moved generates core.data-read or core.data-write with its size", async () => {
    const read: number[] = [];
    const written: number[] = [];
    fixture.server.bus.register(null, "core.data-read", (chunk: DataChunk) => { read.push(chunk.bytes); });
    fixture.server.bus.register(null, "core.data-write", (chunk: DataChunk) => { written.push(chunk.bytes); });
    const payload = randomBytes(300_000);
    const client = await login(fixture);
    await client.uploadFrom(Readable.from([payload]), "f.bin");
    await client.downloadTo(collector().sink, "f.bin");
    expect(read.reduce((a, b) => a + b, 0)).toBe(payload.length);
    expect(written.reduce((a, b) => a + b, 0)).toBe(payload.length);
    client.close();
  });

  test("SIZE reports a file's size; DELE removes it; both are 550 when it is gone", async () => {
    await writeFile(join(fixture.root, "f.txt"), "hello world");
    const client = await login(fixture);
    expect(await client.size("f.txt")).toBe(11);
    await client.remove("f.txt");
    await expect(stat(join(fixture.root, "f.txt"))).rejects.toThrow(/ENOENT/);
    await expect(client.size("f.txt")).rejects.toThrow(/550/);
    await expect(client.remove("f.txt")).rejects.toThrow(/550/);
    client.close();
  });

  test("DELE refuses a directory, RETR refuses a directory", async () => {
    await mkdir(join(fixture.root, "dir"));
    const raw = await RawClient.login(fixture);
    expect((await raw.command("DELE dir")).code).toBe(550);
    expect((await raw.command("RETR dir")).code).toBe(550);
    raw.destroy();
  });

  test("a transfer without PASV/EPSV first is 425", async () => {
    await writeFile(join(fixture.root, "f.txt"), "x");
    const raw = await RawClient.login(fixture);
    expect((await raw.command("RETR f.txt")).code).toBe(425);
    raw.destroy();
  });

  test("mod_log writes one xferlog line per upload, download and delete", async () => {
    const client = await login(fixture);
    await client.uploadFrom(Readable.from([Buffer.alloc(1234, 7)]), "up load.bin");
    await client.downloadTo(collector().sink, "up load.bin");
    await client.remove("up load.bin");
    client.close();
    const lines = (await readFile(fixture.xferlog, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(3);
    // ctime, seconds, host, bytes, file, b, _, direction, r, user, ftp, 0, *, status
    const pattern = (dir: string) =>
      new RegExp(`^\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} \\d+ 127\\.0\\.0\\.1 1234 /up_load\\.bin b _ ${dir} r alice ftp 0 \\* c$`);
    expect(lines[0]).toMatch(pattern("i"));
    expect(lines[1]).toMatch(pattern("o"));
    expect(lines[2]).toMatch(pattern("d"));
  });

  test("a client that hangs up mid-upload leaves its partial file and no session", async () => {
    const raw = await RawClient.login(fixture);
    const data = await raw.openData();
    raw.write("STOR partial.bin\r\n");
    expect((await raw.reply()).code).toBe(150);
    const sent = Buffer.alloc(256 * 1024, 1);
    await new Promise<void>((resolve) => data.write(sent, () => resolve()));
    await eventually(async () => (await stat(join(fixture.root, "partial.bin"))).size > 0);
    raw.destroy();
    data.destroy();
    await eventually(() => fixture.server.sessionCount === 0);
    const size = (await stat(join(fixture.root, "partial.bin"))).size;
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThanOrEqual(sent.length);
    // The server carries on, and the file can be replaced.
    const client = await login(fixture);
    await client.uploadFrom(Readable.from([Buffer.from("whole")]), "partial.bin");
    expect(await readFile(join(fixture.root, "partial.bin"), "utf8")).toBe("whole");
    client.close();
  });

  test("a client that hangs up while the server waits for its data connection leaves no listener open", async () => {
    await writeFile(join(fixture.root, "f.txt"), "x");
    const raw = await RawClient.login(fixture);
    const port = await raw.epsv();
    raw.write("RETR f.txt\r\n"); // the server now waits for a data connection
    raw.destroy();
    await eventually(() => fixture.server.sessionCount === 0);
    await expect(connectTo(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  test("a client that hangs up mid-download leaves no session behind", async () => {
    await writeFile(join(fixture.root, "big.bin"), Buffer.alloc(8 * 1024 * 1024));
    const raw = await RawClient.login(fixture);
    const data = await raw.openData();
    raw.write("RETR big.bin\r\n");
    expect((await raw.reply()).code).toBe(150);
    await new Promise((resolve) => data.once("data", resolve));
    data.destroy();
    raw.destroy();
    await eventually(() => fixture.server.sessionCount === 0);
    expect(fixture.server.listenerErrors).toEqual([]);
    const client = await login(fixture);
    expect(await client.size("big.bin")).toBe(8 * 1024 * 1024);
    client.close();
  });
});
