// Compile-time checks of the pattern types (§13 with §4's typed event maps):
// a pattern's listener gets the union of the data types of the names of the
// map it can match, and those names as its third argument; `unknown` data
// (and `string` names) with the default map or an open one. Never run:
// `tsc --noEmit` (tsconfig.json covers test/) fails if a line marked as an
// expected error compiles, or if a valid line does not.
import { EventBus, pattern } from "wasm-events";
import type { EventPattern, Module, PatternData, PatternEventName, PatternListener } from "wasm-events";

interface ServerEvents {
  "mod_auth.login": string;
  "mod_auth.code": number;
  "mod_auth.session.start": { id: string };
  "mod_ban.add": { host: string };
  "core.exit": undefined;
}

/** `true` when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(proof: Same<A, B>): Same<A, B> => proof;

export function patternData(m: Module): void {
  const bus = new EventBus<ServerEvents>();

  // '*' is one segment: mod_auth.session.start is not matched.
  bus.register(m, pattern("mod_auth.*"), (data, _userData, eventName) => {
    same<typeof data, string | number>(true);
    same<typeof eventName, "mod_auth.login" | "mod_auth.code">(true);
  });
  // '**' is one or more segments.
  bus.register(m, pattern("mod_auth.**"), (data, _userData, eventName) => {
    same<typeof data, string | number | { id: string }>(true);
    same<typeof eventName, "mod_auth.login" | "mod_auth.code" | "mod_auth.session.start">(true);
  });
  // '**' alone: every name of the map and the bus's own events.
  same<PatternEventName<ServerEvents, "**">, keyof ServerEvents | "core.restart" | "core.module-unload">(true);
  same<PatternData<ServerEvents, "**">, string | number | { id: string } | { host: string } | undefined>(true);
  // A leading '*', a literal pattern, and a pattern that matches no name of the map.
  same<PatternData<ServerEvents, "*.exit">, undefined>(true);
  same<PatternData<ServerEvents, "*.module-unload">, string>(true);
  same<PatternData<ServerEvents, "mod_ban.add">, { host: string }>(true);
  same<PatternData<ServerEvents, "nothing.*">, never>(true);

  // @ts-expect-error the data of mod_auth.* may be a number
  bus.register(m, pattern("mod_auth.*"), (data: string) => void data);
  bus.register(m, pattern("mod_auth.*"), (data: string | number) => void data);
  // @ts-expect-error the event name is one of the matched names
  bus.register(m, pattern("mod_ban.*"), (_data, _userData, eventName: "mod_auth.login") => void eventName);

  // User data keeps its type, as for a name.
  bus.register(m, pattern("mod_ban.*"), (data, limits) => void (data.host.length + limits.max), { max: 3 });
  bus.register(m, pattern("mod_ban.*"), (_data, session) => void session.id, bus.permanentPool.hold({ id: "s" }));

  // unregister takes a pattern as its event filter.
  bus.unregister(m, pattern("mod_auth.*"));
  bus.unregister(null, pattern("mod_auth.*"), (data: string | number) => void data);
}

export function openMaps(m: Module): void {
  // The default map allows every name: the data is unknown, the name a string.
  const open = new EventBus();
  open.register(m, pattern("mod_auth.*"), (data, _userData, eventName) => {
    same<typeof data, unknown>(true);
    same<typeof eventName, string>(true);
  });
  // So is a map with an index signature, whatever names it also declares.
  interface Indexed extends Record<string, unknown> {
    "mod_auth.login": string;
  }
  same<PatternData<Indexed, "mod_auth.*">, unknown>(true);
  // A pattern whose source is not known literally.
  const source: string = "mod_auth.*";
  const loose: EventPattern<string> = pattern(source);
  same<PatternData<{ "a.b": number }, string>, unknown>(true);
  new EventBus<{ "a.b": number }>().register(m, loose, (data) => same<typeof data, unknown>(true));
}

export function patternObjects(): void {
  const authEvents = pattern("mod_auth.*");
  same<typeof authEvents, EventPattern<"mod_auth.*">>(true);
  same<typeof authEvents.source, "mod_auth.*">(true);
  const bus = new EventBus();
  // @ts-expect-error a look-alike object is not a pattern (and is EINVAL at run time)
  bus.register(null, { source: "mod_auth.*" }, () => {});
  // @ts-expect-error source is read-only
  authEvents.source = "x.*";
  const listener: PatternListener<number, undefined, "a.b"> = (data, userData, eventName) =>
    void [data.toFixed(), userData, eventName.length];
  void listener;
}
