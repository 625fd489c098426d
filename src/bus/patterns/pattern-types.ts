// The public types of patterns (§13): the pattern object, its listener, and
// what a typed event map gives a pattern's listener (the union of the data
// types of the names the pattern can match, worked out with template literal
// types). Compile-time only, as the event map is.

import type { CoreEvents, EventData, EventName } from "../event-map.js";

/** Brands {@link EventPattern}: a plain `{ source }` object is not one. */
declare const PATTERN_SOURCE: unique symbol;

/**
 * A pattern from {@link pattern}: registered with `bus.register(module,
 * pattern, listener)`, it covers every event whose name it matches. Frozen.
 *
 * @typeParam P - The pattern's source, as a literal type when known.
 * @example
 * const authEvents = pattern("mod_auth.*");
 * authEvents.source; // "mod_auth.*"
 */
export interface EventPattern<P extends string = string> {
  /**
   * The pattern as given to `pattern()`.
   *
   * @example
   * pattern("mod_ban.**").source; // "mod_ban.**"
   */
  readonly source: P;
  /**
   * Type brand only: no such property exists at run time, and a plain
   * `{ source }` object is not a pattern (`register` rejects it, EINVAL).
   *
   * @example
   * const authEvents: EventPattern<"mod_auth.*"> = pattern("mod_auth.*");
   */
  readonly [PATTERN_SOURCE]: P;
}

/**
 * A pattern's listener: called as `listener(eventData, userData, eventName)`
 * with `this` undefined, for each event the pattern matches, at its place in
 * that event's dispatch order.
 *
 * @typeParam D - The data types of the events the pattern can match (a union).
 * @typeParam U - The user data's type.
 * @typeParam N - The names the pattern can match (`string` without a typed map).
 * @example
 * const audit: PatternListener<string, undefined, `mod_auth.${string}`> = (user, _, eventName) => log(eventName, user);
 */
export type PatternListener<D = unknown, U = unknown, N extends string = string> = (
  eventData: D,
  userData: U,
  eventName: N,
) => void;

/** `S` split at its dots, as a tuple of segments. */
type Segments<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, ...Segments<Tail>] : [S];

/** Do the segments of a name match the segments of a pattern (§13 rules)? */
type SegmentsMatch<N extends string[], P extends string[]> = P extends ["**"]
  ? N extends [string, ...string[]] ? true : false
  : P extends [infer PH extends string, ...infer PT extends string[]]
    ? N extends [infer NH extends string, ...infer NT extends string[]]
      ? PH extends "*" ? SegmentsMatch<NT, PT> : [PH] extends [NH] ? ([NH] extends [PH] ? SegmentsMatch<NT, PT> : false) : false
      : false
    : N extends [] ? true : false;

/**
 * The names of event map `E` (and the bus's own events) that pattern `P` can
 * match; `string` when `P` or the map is not known literally.
 *
 * @example
 * type N = PatternEventName<{ "auth.login": string; "auth.logout": string; "ban.add": number }, "auth.*">;
 * // "auth.login" | "auth.logout"
 */
export type PatternEventName<E, P extends string> = string extends P
  ? string
  : string extends keyof E
    ? string
    : { [K in EventName<E>]: SegmentsMatch<Segments<K>, Segments<P>> extends true ? K : never }[EventName<E>];

/**
 * The event data a listener of pattern `P` receives on a bus with event map
 * `E`: the union of the data types of the names it can match, or `unknown`
 * with the default (open) map or a pattern not known literally.
 *
 * @example
 * type D = PatternData<{ "auth.login": string; "auth.code": number; "ban.add": number }, "auth.*">; // string | number
 */
export type PatternData<E, P extends string> = string extends P
  ? unknown
  : string extends keyof E
    ? unknown
    : { [K in PatternEventName<E, P>]: K extends keyof E | keyof CoreEvents ? EventData<E, K> : never }[PatternEventName<E, P>];
