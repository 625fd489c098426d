// ftpd: mod_ban's BanOnEvent rules. Bad passwords lead to mod_ban.ban-host,
// the host is refused until the ban ends, and only that host.

import { Client, FTPError } from "basic-ftp";
import { afterEach, describe, expect, test } from "vitest";
import type { BanHost } from "../../examples/ftpd/events.js";
import { login, RawClient, startFixture, type Fixture } from "./helpers.js";

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.dispose();
  fixture = null;
});

/** Starts a fixture whose bans are recorded as they are generated. */
async function banFixture(directives: string): Promise<{ fixture: Fixture; bans: BanHost[] }> {
  fixture = await startFixture({ directives });
  const bans: BanHost[] = [];
  fixture.server.bus.register(null, "mod_ban.ban-host", (event: BanHost) => { bans.push(event); });
  return { fixture, bans };
}

/** Connects with basic-ftp and returns the error of the greeting, or null if it was accepted. */
async function greetingError(port: number): Promise<FTPError | null> {
  const client = new Client();
  try {
    await client.connect("127.0.0.1", port);
    return null;
  } catch (err) {
    if (err instanceof FTPError) return err;
    throw err;
  } finally {
    client.close();
  }
}

const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now()) + 50));

describe("ftpd mod_ban", () => {
  test("MaxLoginAttempts bad passwords in a session ban the host with mod_ban.ban-host", async () => {
    const { fixture, bans } = await banFixture(
      "MaxLoginAttempts 2\nBanOnEvent MaxLoginAttempts 1/00:10:00 00:10:00 \"Go away %a\"");
    const client = new Client();
    await client.connect("127.0.0.1", fixture.port);
    await expect(client.login("alice", "bad1")).rejects.toThrow(/530/);
    expect(bans).toEqual([]);
    await expect(client.login("alice", "bad2")).rejects.toThrow(/530/);
    client.close();
    expect(bans).toHaveLength(1);
    expect(bans[0]).toMatchObject({ host: "127.0.0.1", reason: "MaxLoginAttempts" });

    const refused = await greetingError(fixture.port);
    expect(refused?.code).toBe(530);
    expect(refused?.message).toContain("Go away 127.0.0.1");
    // Even the right password cannot get in now.
    await expect(login(fixture)).rejects.toThrow(/530/);
  });

  test("the ban ends after the configured duration", async () => {
    // Two seconds: long enough that even a loaded machine checks the refusal before the ban ends.
    const { fixture, bans } = await banFixture("MaxLoginAttempts 1\nBanOnEvent MaxLoginAttempts 1/00:10:00 00:00:02");
    const client = new Client();
    await client.connect("127.0.0.1", fixture.port);
    await expect(client.login("alice", "bad")).rejects.toThrow(/530/);
    client.close();
    expect(bans).toHaveLength(1);
    expect((await greetingError(fixture.port))?.code).toBe(530);
    await sleepUntil(bans[0].expires);
    expect(await greetingError(fixture.port)).toBeNull();
    const ok = await login(fixture);
    expect(await ok.pwd()).toBe("/");
    ok.close();
  });

  test("LoginFailed counts bad passwords across connections", async () => {
    const { fixture, bans } = await banFixture("BanOnEvent LoginFailed 3/00:10:00 00:10:00");
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(bans).toHaveLength(0);
      const client = new Client();
      await client.connect("127.0.0.1", fixture.port);
      await expect(client.login("alice", `wrong${attempt}`)).rejects.toThrow(/530/);
      client.close();
    }
    expect(bans).toHaveLength(1);
    expect((await greetingError(fixture.port))?.code).toBe(530);
  });

  test("the session that triggers the ban is closed with 421", async () => {
    await banFixture("BanOnEvent LoginFailed 1/00:10:00 00:10:00");
    const raw = await RawClient.open(fixture!.port);
    await raw.reply();
    await raw.command("USER alice");
    expect((await raw.command("PASS wrong")).code).toBe(530);
    expect((await raw.reply()).code).toBe(421);
    await raw.closed();
  });

  test("a ban refuses only the banned host", async () => {
    const { fixture } = await banFixture("BanOnEvent UnhandledCommand 2/00:10:00 00:10:00");
    const other = await RawClient.open(fixture.port, "127.0.0.2");
    expect((await other.reply()).code).toBe(220);
    other.destroy();

    const raw = await RawClient.open(fixture.port);
    await raw.reply();
    expect((await raw.command("XFOO")).code).toBe(502);
    expect((await raw.command("XBAR")).code).toBe(502);
    expect((await raw.reply()).code).toBe(421);
    await raw.closed();

    expect((await greetingError(fixture.port))?.code).toBe(530);
    const stillWelcome = await RawClient.open(fixture.port, "127.0.0.2");
    expect((await stillWelcome.reply()).code).toBe(220);
    stillWelcome.destroy();
  });

  test("events outside the window do not add up", async () => {
    const { fixture, bans } = await banFixture("BanOnEvent LoginFailed 2/00:00:00.2 00:10:00");
    const raw = await RawClient.open(fixture.port);
    await raw.reply();
    await raw.command("USER alice");
    await raw.command("PASS wrong");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await raw.command("USER alice");
    expect((await raw.command("PASS wrong")).code).toBe(530);
    expect(bans).toEqual([]);
    raw.destroy();
  });
});
