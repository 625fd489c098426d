// ftpd: mod_stats counts every mod_auth.* event through one pattern
// registration (§13), beside the exact registrations of the other modules.

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { RawClient, startFixture, type Fixture } from "./helpers.js";

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.dispose();
  fixture = null;
});

/** USER and PASS on a fresh connection; returns the client and the reply to PASS. */
async function tryLogin(port: number, user: string, password: string): Promise<{ raw: RawClient; code: number }> {
  const raw = await RawClient.open(port);
  await raw.reply();
  await raw.command(`USER ${user}`);
  return { raw, code: (await raw.command(`PASS ${password}`)).code };
}

/** SITE STATS's lines as name → value. */
async function stats(raw: RawClient): Promise<Map<string, number>> {
  const reply = await raw.command("SITE STATS");
  expect(reply.code).toBe(211);
  const counts = new Map<string, number>();
  for (const line of reply.lines.slice(1, -1)) {
    const [name, value] = line.trim().split(" ");
    counts.set(name, Number(value));
  }
  return counts;
}

describe("ftpd mod_stats and pattern('mod_auth.*')", () => {
  test("every mod_auth event is counted by name, through one registration", async () => {
    fixture = await startFixture({
      users: { alice: "secret", bob: "hunter2" },
      directives: "MaxLoginAttempts 2\nBanUserFile banned-users",
    });
    await writeFile(join(fixture.dir, "banned-users"), "bob\n");

    // Two wrong passwords: two authentication codes, then max-login-attempts (and the session ends).
    const failing = await tryLogin(fixture.port, "alice", "wrong");
    expect(failing.code).toBe(530);
    await failing.raw.command("USER alice");
    expect((await failing.raw.command("PASS wrong")).code).toBe(530);
    await failing.raw.closed();
    // A banned user: pre-login, then an authentication code of -5.
    const banned = await tryLogin(fixture.port, "bob", "hunter2");
    expect(banned.code).toBe(530);
    await banned.raw.closed();
    // A login: pre-login, then an authentication code of 0.
    const alice = await tryLogin(fixture.port, "alice", "secret");
    expect(alice.code).toBe(230);

    const counts = await stats(alice.raw);
    expect(counts.get("mod_auth.authentication-code")).toBe(4);
    expect(counts.get("mod_auth.max-login-attempts")).toBe(1);
    expect(counts.get("mod_auth.pre-login")).toBe(2);
    expect(counts.get("logins")).toBe(1);
    expect(counts.get("failedLogins")).toBe(3);
    alice.raw.destroy();

    // One registration, listed under its pattern; no exact registration of mod_stats for a mod_auth event.
    const dump = fixture.server.bus.dump();
    const at = dump.indexOf("Registered for pattern 'mod_auth.*':");
    expect(at).toBeGreaterThanOrEqual(0);
    expect(dump[at + 1]).toBe("  mod_stats");
    expect(dump[at + 2] ?? "").not.toMatch(/^ {2}/);
    for (let i = 0; i < dump.length; i++) {
      if (!dump[i].startsWith("Registered for 'mod_auth.")) continue;
      for (let j = i + 1; j < dump.length && dump[j].startsWith("  "); j++) expect(dump[j]).not.toBe("  mod_stats");
    }
    // listening() counts it for every mod_auth event, even one nobody registered for by name.
    expect(fixture.server.bus.listening("mod_auth.max-login-attempts")).toBeGreaterThanOrEqual(1);
    expect(fixture.server.bus.listening("mod_auth.pre-login")).toBe(2); // mod_ban (BanUserFile) and mod_stats
  });

  test("the pattern registration lives in the permanent pool: counts go on across a restart", async () => {
    fixture = await startFixture();
    const before = await tryLogin(fixture.port, "alice", "wrong");
    before.raw.destroy();
    await fixture.server.restart();
    const after = await tryLogin(fixture.port, "alice", "secret");
    const counts = await stats(after.raw);
    expect(counts.get("mod_auth.authentication-code")).toBe(2);
    expect(counts.get("failedLogins")).toBe(1);
    expect(counts.get("logins")).toBe(1);
    expect(fixture.server.staleReports).toEqual([]);
    after.raw.destroy();
  });
});
