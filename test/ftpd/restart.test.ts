// ftpd: restarts, as ProFTPD does them on SIGHUP. Sessions carry on, the new
// config applies to new logins, restart-scoped user data is replaced, and a
// module that forgets to re-register has its stale listener reported by the
// bus and never called.

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, test } from "vitest";
import type { Config } from "../../examples/ftpd/config.js";
import { collector, login, RawClient, startFixture, type Fixture } from "./helpers.js";

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.dispose();
  fixture = null;
});

describe("ftpd restart", () => {
  test("core.restart, then core.postparse with the new config; generation counts restarts", async () => {
    fixture = await startFixture();
    const seen: string[] = [];
    const bus = fixture.server.bus;
    bus.register(null, "core.restart", () => { seen.push(`restart@${bus.generation}`); });
    bus.register(null, "core.postparse", (config: Config) => { seen.push(`postparse@${bus.generation}:${[...config.users.keys()]}`); });
    await fixture.writeConfig({ users: { carol: "pw" } });
    await fixture.server.restart();
    expect(seen).toEqual(["restart@0", "postparse@1:carol"]);
    expect(fixture.server.staleReports).toEqual([]);
  });

  test("a logged-in client keeps working across a restart", async () => {
    fixture = await startFixture();
    await writeFile(join(fixture.root, "before.txt"), "before");
    const client = await login(fixture);
    await fixture.writeConfig({ users: { alice: "changed" } });
    await fixture.server.restart();

    const received = collector();
    await client.downloadTo(received.sink, "before.txt");
    expect(received.bytes().toString()).toBe("before");
    await client.uploadFrom(Readable.from([Buffer.from("after")]), "after.txt");
    expect((await client.list()).map((f) => f.name)).toEqual(["after.txt", "before.txt"]);
    client.close();
    // Both transfers were logged by the re-registered mod_log.
    expect((await readFile(fixture.xferlog, "utf8")).trim().split("\n")).toHaveLength(2);
    expect(fixture.server.staleReports).toEqual([]);
  });

  test("a changed config takes effect for the next login", async () => {
    fixture = await startFixture({ users: { alice: "old" } });
    const before = await login(fixture, "alice", "old");
    await fixture.writeConfig({ users: { alice: "new", dave: "pw" } });
    await fixture.server.restart();

    await expect(login(fixture, "alice", "old")).rejects.toThrow(/530/);
    const after = await login(fixture, "alice", "new");
    const dave = await login(fixture, "dave", "pw");
    expect(await before.pwd()).toBe("/"); // the old session is untouched
    for (const client of [before, after, dave]) client.close();
  });

  test("new BanOnEvent rules replace the old ones; bans already made survive", async () => {
    fixture = await startFixture({ directives: "BanOnEvent UnhandledCommand 1/00:10:00 00:10:00" });
    const other = await RawClient.open(fixture.port, "127.0.0.2");
    await other.reply();
    expect((await other.command("XFOO")).code).toBe(502);
    expect((await other.reply()).code).toBe(421); // 127.0.0.2 is banned

    await fixture.writeConfig({ directives: "BanOnEvent UnhandledCommand 3/00:10:00 00:10:00" });
    await fixture.server.restart();
    const raw = await RawClient.login(fixture);
    expect((await raw.command("XFOO")).code).toBe(502);
    expect((await raw.command("NOOP")).code).toBe(200); // one unhandled command no longer bans
    raw.destroy();
    const banned = await RawClient.open(fixture.port, "127.0.0.2");
    expect((await banned.reply()).code).toBe(530); // the ban list lives in the permanent pool
    banned.destroy();
  });

  test("a module that forgets to re-register: its stale listener is reported once and never called", async () => {
    fixture = await startFixture({ forgetToReregister: ["mod_log"] });
    const client = await login(fixture);
    await client.uploadFrom(Readable.from([Buffer.from("one")]), "one.txt");
    expect((await readFile(fixture.xferlog, "utf8")).trim().split("\n")).toHaveLength(1);

    await fixture.server.restart();
    expect(fixture.server.staleReports).toEqual([]); // nothing reported until the event is generated
    await client.uploadFrom(Readable.from([Buffer.from("two")]), "two.txt");
    await client.downloadTo(collector().sink, "two.txt");
    client.close();

    expect(fixture.server.staleReports).toHaveLength(1);
    expect(fixture.server.staleReports[0]).toMatchObject({ event: "ftpd.transfer-done", module: "mod_log", pool: "mod_log" });
    // Never called: the log still has only the transfer from before the restart.
    expect((await readFile(fixture.xferlog, "utf8")).trim().split("\n")).toHaveLength(1);
    expect(fixture.server.bus.listening("ftpd.transfer-done")).toBe(1); // mod_stats only
    expect(fixture.server.listenerErrors).toEqual([]);
  });

  test("a broken config is refused and the server keeps the old one", async () => {
    fixture = await startFixture();
    await writeFile(fixture.configFile, "DefaultRoot root\nNoSuchDirective 1\n");
    await expect(fixture.server.restart()).rejects.toThrow(/unknown directive 'NoSuchDirective'/);
    expect(fixture.server.bus.generation).toBe(0);
    const client = await login(fixture);
    expect(await client.pwd()).toBe("/");
    client.close();
  });

  test("several restarts in a row leave exactly one set of module listeners", async () => {
    fixture = await startFixture({ directives: "BanOnEvent LoginFailed 5/00:10:00 00:10:00" });
    const before = fixture.server.bus.dump();
    await Promise.all([fixture.server.restart(), fixture.server.restart(), fixture.server.restart()]);
    expect(fixture.server.bus.generation).toBe(3);
    expect(fixture.server.bus.dump()).toEqual(before);
    const client = await login(fixture);
    client.close();
  });
});
