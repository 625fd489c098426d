// ftpd: mod_auth.pre-login, awaited with generateAsync before the 230. mod_ban
// reads its BanUserFile there (an asynchronous file read at every login): a
// banned user gets a refusal, never a login, and the reply waits for every
// module's check in load order.

import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { AuthenticationCode, PreLogin } from "../../examples/ftpd/events.js";
import { eventually, RawClient, startFixture, type Fixture } from "./helpers.js";

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.dispose();
  fixture = null;
});

const USERS = { alice: "secret", bob: "hunter2" };

/** A fixture whose BanUserFile is `banned-users` in its directory, holding `names`. */
async function banUsersFixture(names: string[]): Promise<{ fixture: Fixture; file: string }> {
  fixture = await startFixture({ users: USERS, directives: "BanUserFile banned-users" });
  const file = join(fixture.dir, "banned-users");
  await writeFile(file, names.join("\n") + "\n");
  return { fixture, file };
}

/** Greets, sends USER and PASS, and returns the reply to PASS. */
async function tryLogin(fixture: Fixture, user: string, password: string): Promise<{ raw: RawClient; code: number; text: string }> {
  const raw = await RawClient.open(fixture.port);
  await raw.reply();
  await raw.command(`USER ${user}`);
  const reply = await raw.command(`PASS ${password}`);
  return { raw, code: reply.code, text: reply.lines.join("\n") };
}

describe("ftpd mod_auth.pre-login (generateAsync before 230)", () => {
  test("a user in BanUserFile gets 530 and is disconnected; the others log in", async () => {
    const { fixture } = await banUsersFixture(["# banned by the operator", "bob"]);
    const codes: [string, number][] = [];
    fixture.server.bus.register(null, "mod_auth.authentication-code", (event: AuthenticationCode) => {
      codes.push([event.user, event.code]);
    });

    const bob = await tryLogin(fixture, "bob", "hunter2");
    expect(bob.code).toBe(530);
    expect(bob.text).toBe("530 User bob is banned");
    await bob.raw.closed();

    const alice = await tryLogin(fixture, "alice", "secret");
    expect(alice.code).toBe(230);
    expect((await alice.raw.command("PWD")).code).toBe(257);
    alice.raw.destroy();
    // ProFTPD's PR_AUTH_DISABLEDPWD for the refused login.
    expect(codes).toEqual([["bob", -5], ["alice", 0]]);
  });

  test("a wrong password is refused as before, without asking the modules", async () => {
    const { fixture } = await banUsersFixture(["bob"]);
    const checked: string[] = [];
    fixture.server.bus.register(null, "mod_auth.pre-login", (login: PreLogin) => { checked.push(login.user); });
    const bob = await tryLogin(fixture, "bob", "wrong");
    expect(bob.text).toBe("530 Login incorrect.");
    expect(checked).toEqual([]);
    bob.raw.destroy();
  });

  test("the file is read at every login: editing it bans and unbans without a restart", async () => {
    const { fixture, file } = await banUsersFixture([]);
    const first = await tryLogin(fixture, "alice", "secret");
    expect(first.code).toBe(230);
    first.raw.destroy();

    await writeFile(file, "alice\n");
    const banned = await tryLogin(fixture, "alice", "secret");
    expect(banned.text).toBe("530 User alice is banned");
    await banned.raw.closed();

    await writeFile(file, "");
    const again = await tryLogin(fixture, "alice", "secret");
    expect(again.code).toBe(230);
    again.raw.destroy();
    expect(fixture.server.bus.generation).toBe(0); // no restart happened
  });

  test("the 230 waits for every check: a later module's refusal after its own await still counts", async () => {
    const { fixture } = await banUsersFixture(["bob"]);
    // A core listener runs after mod_ban's (modules first, §5). It awaits a
    // gate the test opens only once it has been called, then refuses: had
    // mod_auth replied before the checks settled, the client would see 230.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const seen: [string, string | null][] = [];
    fixture.server.bus.register(null, "mod_auth.pre-login", async (login: PreLogin) => {
      seen.push([login.user, login.refusal]); // mod_ban's file read has finished by now
      await gate;
      login.refusal ??= "Closed for maintenance";
    });

    const pending = tryLogin(fixture, "alice", "secret");
    await eventually(() => seen.length === 1);
    open();
    const alice = await pending;
    expect(alice.text).toBe("530 Closed for maintenance");
    await alice.raw.closed();

    // For a banned user the core listener starts only after mod_ban's promise settled: it sees the refusal.
    const bob = await tryLogin(fixture, "bob", "hunter2");
    expect(bob.text).toBe("530 User bob is banned");
    expect(seen).toEqual([["alice", null], ["bob", "User bob is banned"]]);
  });

  test("a ban file that cannot be read refuses the login (a failed check lets nobody in)", async () => {
    const { fixture, file } = await banUsersFixture([]);
    await rm(file);
    const missing = await tryLogin(fixture, "alice", "secret");
    expect(missing.code).toBe(230); // no file: nobody is banned
    missing.raw.destroy();

    await mkdir(file); // EISDIR on read
    const unreadable = await tryLogin(fixture, "alice", "secret");
    expect(unreadable.text).toBe("530 Login refused: the ban list cannot be read");
    await unreadable.raw.closed();
  });

  test("after a restart without BanUserFile, mod_ban no longer checks users", async () => {
    const { fixture } = await banUsersFixture(["bob"]);
    expect((await tryLogin(fixture, "bob", "hunter2")).code).toBe(530);
    await fixture.writeConfig({ users: USERS });
    await fixture.server.restart();
    expect(fixture.server.staleReports).toEqual([]);
    const bob = await tryLogin(fixture, "bob", "hunter2");
    expect(bob.code).toBe(230);
    bob.raw.destroy();
  });
});
