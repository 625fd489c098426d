// Compile-time checks of the types npm users rely on (issue 11): interface
// event maps, required event data, typed unregister filters, typed listener
// info, the core events, the backend option. Never run: `tsc --noEmit`
// (tsconfig.json covers test/) fails if a line marked @ts-expect-error
// compiles, or if a valid line does not. The declarations compiling under
// other `lib` settings, module systems and without @types/node is checked by
// the consumer projects (test/package/consumers/).
import { EventBus } from "wasm-events";
import type { EventData, EventName, EventRef, Listener, ListenerInfo } from "wasm-events";

// An event map declared as an interface: no index signature needed.
interface AppEvents {
  "auth.code": number;
  "auth.maybe": number | undefined;
  "app.exit": undefined;
  "app.tick": void;
  "session.open": { id: string };
}

export function interfaceEventMaps(): void {
  const bus = new EventBus<AppEvents>();
  bus.register(null, "auth.code", (code) => void code.toFixed());
  bus.generate("auth.code", 230);
  // @ts-expect-error not an event of AppEvents
  bus.generate("auth.cod", 230);
  const created: Promise<EventBus<AppEvents>> = EventBus.create<AppEvents>();
  void created;
}

export function dataIsRequiredWhenItsTypeExcludesUndefined(): void {
  const bus = new EventBus<AppEvents>();
  // @ts-expect-error auth.code's data is a number: it must be given
  bus.generate("auth.code");
  // @ts-expect-error session.open's data must be given
  bus.generate("session.open");
  // @ts-expect-error undefined is not a number
  bus.generate("auth.code", undefined);
  bus.generate("auth.maybe");
  bus.generate("auth.maybe", 1);
  bus.generate("auth.maybe", undefined);
  bus.generate("app.exit");
  bus.generate("app.tick");
  // @ts-expect-error app.exit takes no data but undefined
  bus.generate("app.exit", 1);

  const code: EventRef<number> = bus.event("auth.code");
  code.generate(1);
  // @ts-expect-error the EventRef's data is required too
  code.generate();
  const exit = bus.event("app.exit");
  exit.generate();
  // @ts-expect-error one data argument at most
  exit.generate(undefined, 2);
}

export function untypedBusesTakeOptionalDataForEveryName(): void {
  const bus = new EventBus();
  bus.generate("anything");
  bus.generate("anything", { data: 1 });
  bus.event("x").generate();
  bus.event("x").generate(42);
}

export function unregisterFiltersAreChecked(listener: Listener<number>): void {
  const bus = new EventBus<AppEvents>();
  bus.unregister(null, "auth.code");
  bus.unregister(null, "auth.code", listener);
  bus.unregister(undefined, null, listener);
  // @ts-expect-error not an event of AppEvents
  bus.unregister(null, "auth.cod");
  // @ts-expect-error a listener filter is a function
  bus.unregister(null, null, "listener");
}

export function coreEventsOnEveryBus(): void {
  const bus = new EventBus<AppEvents>();
  // The bus's own events are allowed with their data types, undeclared.
  bus.register(null, "core.restart", () => {});
  bus.register(null, "core.module-unload", (name) => void name.toUpperCase());
  // @ts-expect-error core.module-unload's data is the module name, a string
  bus.register(null, "core.module-unload", (name: number) => void name);
  const unloadData: EventData<AppEvents, "core.module-unload"> = "mod_a";
  const names: EventName<AppEvents>[] = ["auth.code", "core.restart"];
  void unloadData, names;
}

export function listenerInfoHasAListener(): void {
  const onCode: Listener<number> = (code) => void code;
  new EventBus({
    onError: (_error, info: ListenerInfo) => {
      // A listener, callable as one, and comparable with the one registered.
      const listener: Listener = info.listener;
      listener(1, undefined);
      void (info.listener === onCode);
      // @ts-expect-error a Listener is not a class
      new info.listener();
    },
  });
}

export function backendOption(): void {
  const bus = new EventBus({ backend: "js" });
  const backend: "wasm" | "js" = bus.backend;
  void backend, new EventBus({ backend: "wasm" }), new EventBus({ backend: undefined });
  // @ts-expect-error no such backend
  new EventBus({ backend: "asmjs" });
  // @ts-expect-error backend is read-only
  bus.backend = "wasm";
}

export function disposable(): void {
  const bus = new EventBus();
  {
    using registration = bus.register(null, "e", () => {});
    void registration.active;
  }
}
