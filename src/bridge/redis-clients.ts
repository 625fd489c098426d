// What the two Redis transports (pub/sub in redis.ts, streams in
// redis-streams.ts) share about client libraries: the options that name a
// connection, their checks, telling node-redis from ioredis by shape, and
// loading whichever is installed (both are optional peer dependencies).

import { describe, EventsError } from "../bus/errors.js";
import { importPeer, type Payload } from "./transport.js";

export type RedisLibrary = "redis" | "ioredis";

/** A URL (the transport makes and owns its clients) or the application's client. */
export type RedisConnectionOptions =
  | {
    /** `redis://[user:password@]host:port[/db]`. */
    url: string;
    /** Which client package to use; default `redis` if installed, else `ioredis`. */
    library?: RedisLibrary;
  }
  | {
    /**
     * A node-redis or ioredis client of the application: it publishes, and a
     * duplicate of it receives. The transport closes only the duplicate.
     */
    client: object;
  };

/** Throws EINVAL, naming `factory`, unless `options` names a connection. */
export function checkRedisConnection(factory: string, options: unknown): asserts options is RedisConnectionOptions {
  if (options === null || typeof options !== "object") {
    throw new EventsError("EINVAL", `${factory}: expected { url } or { client }, received ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  if ("client" in o) {
    if (libraryOf(o.client) === null) {
      throw new EventsError("EINVAL", `${factory}: 'client' must be a node-redis or ioredis client, received ${describe(o.client)}`);
    }
  } else if (typeof o.url !== "string" || !/^rediss?:\/\//.test(o.url)) {
    throw new EventsError("EINVAL", `${factory}: 'url' must be a redis:// or rediss:// URL, received ${describe(o.url)}`);
  } else if (o.library !== undefined && o.library !== "redis" && o.library !== "ioredis") {
    throw new EventsError("EINVAL", `${factory}: 'library' must be "redis" or "ioredis", received ${describe(o.library)}`);
  }
}

/** Which library `client` comes from, by shape (neither package is imported to check). */
export function libraryOf(client: unknown): RedisLibrary | null {
  if (client === null || typeof client !== "object") return null;
  const c = client as Record<string, unknown>;
  if (typeof c.duplicate !== "function" || typeof c.publish !== "function" || typeof c.on !== "function") return null;
  if ("isReady" in c && typeof c.isReady === "boolean") return "redis";
  if (typeof c.status === "string") return "ioredis";
  return null;
}

/** The package `library` names, or the first installed of node-redis and ioredis; says what to install if none is. */
export async function importRedisLibrary(library: RedisLibrary | undefined): Promise<{ library: RedisLibrary; source: any }> {
  const libraries = library === undefined ? ["redis", "ioredis"] as const : [library];
  for (const name of libraries) {
    try {
      return { library: name, source: await importPeer(name, "Redis") };
    } catch (error) {
      if ((error as Error).message.startsWith("the Redis transport needs")) continue;
      throw error;
    }
  }
  throw new Error(`the Redis transport needs the ${libraries.map((name) => `'${name}'`).join(" or the ")} package: npm install ${libraries[0]}`);
}

export const ignore = () => {};

/** A payload as both clients send it without copying a string or a Buffer. */
export const toBuffer = (payload: Payload): string | Buffer =>
  typeof payload === "string" || Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
