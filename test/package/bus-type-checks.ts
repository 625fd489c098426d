// Compile-time checks of the public types (§4: typed event maps are a
// compile-time aid). Never run: `tsc --noEmit` (tsconfig.json covers test/)
// fails if a line marked @ts-expect-error compiles, or if a valid line does
// not. Vitest ignores this file (it is not *.test.ts).
import { EventBus, EventsError } from "wasm-events";
import type { EventRef, ListenerInfo, Module, Pool, Registration, StaleInfo, UserData } from "wasm-events";

interface FtpEvents extends Record<string, unknown> {
  "core.exit": undefined;
  "mod_auth.authentication-code": number;
  "core.session-reinit": { sessionId: string };
}

export function typedEventMap(m: Module): void {
  const bus = new EventBus<FtpEvents>();

  // Listeners get the event's data type.
  bus.register(m, "mod_auth.authentication-code", (code: number) => void code);
  bus.register(m, "mod_auth.authentication-code", (code) => {
    const n: number = code;
    void n;
  });
  bus.register(null, "core.session-reinit", (data) => void data.sessionId.toUpperCase());
  // @ts-expect-error the data of mod_auth.authentication-code is a number, not a string
  bus.register(m, "mod_auth.authentication-code", (code: string) => void code);
  // @ts-expect-error core.session-reinit's data has no `port`
  bus.register(null, "core.session-reinit", (data) => void data.port);

  // generate takes the event's data type.
  bus.generate("core.exit");
  bus.generate("mod_auth.authentication-code", 530);
  bus.generate("core.session-reinit", { sessionId: "s1" });
  // @ts-expect-error the data must be a number
  bus.generate("mod_auth.authentication-code", "530");
  // @ts-expect-error the data must have a sessionId
  bus.generate("core.session-reinit", { id: 1 });

  // An EventRef keeps the data type.
  const ref: EventRef<number> = bus.event("mod_auth.authentication-code");
  ref.generate(230);
  // @ts-expect-error the data must be a number
  ref.generate("230");
  const count: number = ref.listening();
  void count;
}

export function undeclaredNamesInATypedMap(): void {
  // A map with fixed keys (no index signature) rejects other names.
  const bus = new EventBus<{ "core.exit": undefined; "core.restart": undefined }>();
  bus.generate("core.exit");
  // @ts-expect-error not an event of this map
  bus.generate("core.exiit");
  // @ts-expect-error not an event of this map
  bus.register(null, "mod_tls.verify", () => {});
  // @ts-expect-error not an event of this map
  bus.listening("nope");
}

export function defaultMapAllowsEveryName(): void {
  const bus = new EventBus();
  bus.register(null, "my-plugin.cache-miss", (key: string) => void key);
  bus.register(null, "mod_auth.authentication-code", (code: number) => void code);
  bus.generate("anything", { any: "data" });
  bus.generate("anything.else");
  const n: number = bus.listening("whatever");
  void n;
}

export function userDataTypes(pool: Pool): void {
  const bus = new EventBus();
  const handle: UserData<{ limit: number }> = pool.hold({ limit: 3 });
  const limit: number = handle.value.limit;
  const stale: boolean = handle.stale;
  void limit, stale;
  // The listener receives the held value's type, not the handle.
  bus.register(null, "e", (_data, config) => void config.limit.toFixed(), handle);
  bus.register(null, "e", (_data, config: { limit: number }) => void config, handle);
  // @ts-expect-error the handle holds { limit: number }, not a string
  bus.register(null, "e", (_data, config: string) => void config, handle);
  // Plain user data is typed too.
  bus.register(null, "e", (_data, tag: string) => void tag, "plain");
  // @ts-expect-error a handle's value is read-only
  handle.value = { limit: 4 };
}

export function registrationAndOptions(signal: AbortSignal): void {
  const bus = new EventBus();
  const reg: Registration = bus.register(null, "e", () => {}, undefined, { once: true, signal });
  const active: boolean = reg.active;
  const removed: boolean = reg.unregister();
  reg[Symbol.dispose]();
  void active, removed;
  // @ts-expect-error once is a boolean
  bus.register(null, "e", () => {}, undefined, { once: "yes" });
  // @ts-expect-error signal is an AbortSignal
  bus.register(null, "e", () => {}, undefined, { signal: {} });
  // @ts-expect-error no such option
  bus.register(null, "e", () => {}, undefined, { priority: 1 });
  // @ts-expect-error active is read-only
  reg.active = false;
}

export function busSurface(): void {
  const bus = new EventBus({ maxDepth: 8, codegen: false });
  const m: Module = bus.loadModule("mod_a");
  const order: number = m.loadOrder;
  const name: string = m.name;
  const unloaded: number = m.unload();
  const removed: number = bus.unregister(m, "e", () => {});
  bus.unregister();
  bus.unregister(null, null, null);
  bus.unregister(undefined, "e");
  const lines: string[] = bus.dump((line: string) => void line);
  const generation: number = bus.generation;
  const bytes: number = bus.wasmMemoryBytes;
  const permanent: Pool = bus.permanentPool;
  const sub: Pool = permanent.createPool("tag").createPool();
  void order, name, unloaded, removed, lines, generation, bytes, sub;
  // @ts-expect-error generation is read-only
  bus.generation = 2;
  // @ts-expect-error loadOrder is read-only
  m.loadOrder = 0;
  // @ts-expect-error the module argument is required (null for the core)
  bus.register("e", () => {});
  // @ts-expect-error a module is a Module or null, not a name
  bus.register("mod_a", "e", () => {});
  // @ts-expect-error the event name is a string
  bus.generate(42);
  // @ts-expect-error dump's write takes a line
  bus.dump((line: number) => void line);
}

export function optionsAndHooks(): void {
  new EventBus({
    onError: (error: unknown, info: ListenerInfo) => void [error, info.event, info.module, info.listener],
    onStale: (info: StaleInfo) => void [info.event, info.module, info.pool.toUpperCase()],
  });
  // @ts-expect-error maxDepth is a number
  new EventBus({ maxDepth: "64" });
  // @ts-expect-error no such option
  new EventBus({ maxListeners: 10 });
  const later: Promise<EventBus<FtpEvents>> = EventBus.create<FtpEvents>({ maxDepth: 2 });
  void later;
}

export function errorCodes(error: unknown): void {
  if (error instanceof EventsError) {
    const code: "EINVAL" | "EEXIST" | "ESTALE" | "ELOOP" | "EOVERFLOW" = error.code;
    const message: string = error.message;
    void code, message;
    // @ts-expect-error ENOENT is not a code of this API (unregister returns 0 instead)
    const enoent: "ENOENT" = error.code;
    void enoent;
  }
}

// §14: generateAsync, once and on keep the event map's data types.
export async function awaitingTypes(m: Module, signal: AbortSignal): Promise<void> {
  const bus = new EventBus<FtpEvents>();
  const done: Promise<void> = bus.generateAsync("mod_auth.authentication-code", 230);
  await done;
  await bus.generateAsync("mod_auth.authentication-code", 230, { signal });
  await bus.generateAsync("core.exit");
  await bus.generateAsync("core.exit", undefined, { signal });
  // @ts-expect-error the data must be a number
  await bus.generateAsync("mod_auth.authentication-code", "230");
  // @ts-expect-error the data is required when its type excludes undefined
  await bus.generateAsync("mod_auth.authentication-code");
  // @ts-expect-error no such option
  await bus.generateAsync("core.exit", undefined, { timeout: 5 });
  bus.register(m, "mod_auth.authentication-code", async (code) => {
    const n: number = code;
    await Promise.resolve(n);
  });

  const code: number = await bus.once("mod_auth.authentication-code", { signal });
  const reinit: { sessionId: string } = await bus.once("core.session-reinit");
  // @ts-expect-error once resolves with the event's data type
  const wrong: string = await bus.once("mod_auth.authentication-code");
  // @ts-expect-error once takes no highWaterMark
  void bus.once("core.exit", { highWaterMark: 3 });
  void [code, reinit, wrong];

  for await (const data of bus.on("core.session-reinit", { signal, highWaterMark: 100 })) {
    const id: string = data.sessionId;
    // @ts-expect-error the data has no port
    void data.port;
    void id;
  }
  const iterator: AsyncIterableIterator<number, undefined> = bus.on("mod_auth.authentication-code");
  void iterator;
  // @ts-expect-error highWaterMark is a number
  bus.on("core.exit", { highWaterMark: "3" });

  // The default map allows every name with any data.
  const untyped = new EventBus();
  await untyped.generateAsync("anything");
  await untyped.generateAsync("anything", { any: 1 }, { signal });
  const anyData: string = await untyped.once("anything");
  void anyData;
}
