// ftpd: logging in with a real client (basic-ftp), mod_auth's events, and
// the commands allowed around login.

import { Client, FTPError } from "basic-ftp";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { AuthenticationCode } from "../../examples/ftpd/events.js";
import { login, RawClient, startFixture, type Fixture } from "./helpers.js";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await startFixture({ users: { alice: "secret", bob: "hunter2" } });
});
afterEach(() => fixture.dispose());

describe("ftpd login", () => {
  test("a good password logs in and PWD starts at /", async () => {
    const client = await login(fixture);
    expect(await client.pwd()).toBe("/");
    client.close();
  });

  test("a bad password gets 530 Login incorrect", async () => {
    const client = new Client();
    await client.connect("127.0.0.1", fixture.port);
    const error = await client.login("alice", "wrong").catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FTPError);
    expect((error as FTPError).code).toBe(530);
    client.close();
  });

  test("an unknown user gets the same reply as a wrong password", async () => {
    const raw = await RawClient.open(fixture.port);
    await raw.reply();
    expect((await raw.command("USER mallory")).code).toBe(331);
    expect(await raw.command("PASS secret")).toEqual({ code: 530, lines: ["530 Login incorrect."] });
    raw.destroy();
  });

  test("each PASS generates mod_auth.authentication-code with ProFTPD's code", async () => {
    const seen: [string, number][] = [];
    fixture.server.bus.register(null, "mod_auth.authentication-code", (event: AuthenticationCode) => {
      seen.push([event.user, event.code]);
    });
    const raw = await RawClient.open(fixture.port);
    await raw.reply();
    for (const [user, password] of [["nobody", "x"], ["alice", "nope"], ["bob", "hunter2"]]) {
      await raw.command(`USER ${user}`);
      await raw.command(`PASS ${password}`);
    }
    expect(seen).toEqual([["nobody", -2], ["alice", -3], ["bob", 0]]);
    raw.destroy();
  });

  test("a failed login can be retried on the same connection", async () => {
    const client = new Client();
    await client.connect("127.0.0.1", fixture.port);
    await expect(client.login("bob", "wrong")).rejects.toThrow(/530/);
    await client.login("bob", "hunter2");
    expect(await client.pwd()).toBe("/");
    client.close();
  });

  test("file commands before login get 530; SYST, FEAT and NOOP are allowed", async () => {
    const raw = await RawClient.open(fixture.port);
    expect((await raw.reply()).code).toBe(220);
    expect((await raw.command("PWD")).code).toBe(530);
    expect((await raw.command("LIST")).code).toBe(530);
    expect((await raw.command("SYST")).lines).toEqual(["215 UNIX Type: L8"]);
    expect((await raw.command("NOOP")).code).toBe(200);
    const feat = await raw.command("FEAT");
    expect(feat.code).toBe(211);
    expect(feat.lines).toContain(" EPSV");
    raw.destroy();
  });

  test("PASS without USER is 503, and so is a second login", async () => {
    const raw = await RawClient.open(fixture.port);
    await raw.reply();
    expect((await raw.command("PASS secret")).code).toBe(503);
    await raw.command("USER alice");
    expect((await raw.command("PASS secret")).code).toBe(230);
    expect((await raw.command("USER bob")).code).toBe(503);
    raw.destroy();
  });

  test("QUIT replies 221 and the server closes the connection", async () => {
    const raw = await RawClient.login(fixture);
    expect((await raw.command("QUIT")).code).toBe(221);
    await raw.closed();
    expect(raw.ended).toBe(true);
  });

  test("SITE STATS counts logins and failures (mod_stats)", async () => {
    const raw = await RawClient.open(fixture.port);
    await raw.reply();
    await raw.command("USER alice");
    await raw.command("PASS wrong");
    await raw.command("USER alice");
    await raw.command("PASS secret");
    const stats = await raw.command("SITE STATS");
    expect(stats.code).toBe(211);
    expect(stats.lines).toContain(" logins 1");
    expect(stats.lines).toContain(" failedLogins 1");
    expect(stats.lines).toContain(" sessions 1");
    expect((await raw.command("SITE NONSENSE")).code).toBe(502);
    raw.destroy();
  });
});
