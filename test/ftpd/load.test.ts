// ftpd under load: 100 concurrent basic-ftp clients, each logging in,
// listing and downloading a 1 MB file; all must succeed byte-exact. (The
// throughput figures come from bench/ftpd-load.ts; this checks correctness.)

import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { collector, login, startFixture, type Fixture } from "./helpers.js";

const CLIENTS = 100;
const FILE_BYTES = 1024 * 1024;

let fixture: Fixture;
beforeEach(async () => {
  fixture = await startFixture();
});
afterEach(() => fixture.dispose());

describe("ftpd load", () => {
  test(`${CLIENTS} concurrent clients each log in, list and download a 1 MB file`, async () => {
    const payload = randomBytes(FILE_BYTES);
    const digest = createHash("sha256").update(payload).digest("hex");
    await writeFile(join(fixture.root, "one-mb.bin"), payload);

    const results = await Promise.allSettled(Array.from({ length: CLIENTS }, async () => {
      const client = await login(fixture);
      try {
        const names = (await client.list()).map((f) => f.name);
        const received = collector();
        await client.downloadTo(received.sink, "one-mb.bin");
        return { names, digest: createHash("sha256").update(received.bytes()).digest("hex") };
      } finally {
        client.close();
      }
    }));

    const failures = results.filter((r) => r.status === "rejected");
    expect(failures).toEqual([]);
    for (const result of results) {
      expect(result).toEqual({ status: "fulfilled", value: { names: ["one-mb.bin"], digest } });
    }
    expect(fixture.server.listenerErrors).toEqual([]);

    // Every session ran through the bus: mod_stats saw them all.
    const stats = await login(fixture);
    const lines = (await stats.send("SITE STATS")).message;
    expect(lines).toContain(`sessions ${CLIENTS + 1}`);
    expect(lines).toContain(`filesSent ${CLIENTS}`);
    stats.close();
  });
});
