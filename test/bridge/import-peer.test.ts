// §12 importPeer, the loader of the optional broker clients: a package that
// is not installed becomes an error naming what to install; any other
// failure while loading one is the package's own error, passed on unchanged.
// (test/bridge/optional-peers.test.ts checks the same through every
// transport, in a child process the coverage does not see.)

import { describe, expect, test } from "vitest";

// The built file (what the package runs and the coverage measures), typed by its source: dist/ declares only its entry points.
const built: string = "../../dist/bridge/transport.js";
const { importPeer } = (await import(built)) as typeof import("../../src/bridge/transport.js");

describe("§12 importPeer", () => {
  test("§12 a package that is not installed is an error saying what to install, its cause the loader's", async () => {
    const failure = await importPeer("wasm-events-no-such-peer", "Example").then(() => null, (error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toBe("the Example transport needs the 'wasm-events-no-such-peer' package: npm install wasm-events-no-such-peer");
    expect((failure!.cause as { code?: string }).code).toBe("ERR_MODULE_NOT_FOUND");
  });

  test("§12 a package that is there but fails while loading rejects with its own error, not an install hint", async () => {
    const broken = `data:text/javascript,${encodeURIComponent("throw new RangeError('broken peer')")}`;
    await expect(importPeer(broken, "Example")).rejects.toThrow(new RangeError("broken peer"));
  });

  test("§12 an installed package resolves to its module", async () => {
    const redis = await importPeer("redis", "Redis");
    expect(typeof redis.createClient).toBe("function");
  });
});
