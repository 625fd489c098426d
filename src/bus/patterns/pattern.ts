// `pattern(source)` (§13): a checked, frozen pattern object. A pattern only
// ever arrives as one of these, never as a plain string, so every string
// `register` accepts keeps meaning exactly that event ("a*b" is an event name).
//
// Syntax: segments separated by dots; a segment is a literal, `*` (exactly
// one segment of a name) or, as the last segment only, `**` (one or more
// segments). A literal may not contain `*` (`mod_*` is EINVAL, §8), and no
// segment may be empty.

import type { EventPattern } from "./pattern-types.js";
import { invalidPattern } from "../errors.js";

/** A segment of a pattern: a literal, or one of the two wildcards. */
export const ONE = "*";
export const ONE_OR_MORE = "**";

/** The object `pattern()` returns: the source, and its segments checked once. */
export class PatternImpl<P extends string = string> {
  readonly #segments: readonly string[];
  constructor(
    readonly source: P,
    segments: readonly string[],
  ) {
    this.#segments = segments;
    Object.freeze(this);
  }

  /** The checked segments (a private field: a look-alike object is not a pattern). */
  static segmentsOf(value: unknown): readonly string[] | undefined {
    return value instanceof PatternImpl && #segments in value ? value.#segments : undefined;
  }

  toString(): string {
    return this.source;
  }
}

/**
 * A pattern for {@link EventBus.register} and {@link EventBus.unregister}:
 * `*` matches exactly one dot-separated segment of an event name, `**` (only
 * as the last segment) one or more; other segments match themselves.
 *
 * @param source - The pattern, such as `"mod_auth.*"`, `"*.exit"`, `"mod_ban.**"` or `"**"`.
 * @returns A frozen pattern object; its `source` is `source`.
 * @throws {EventsError} `EINVAL` for a bad pattern: not a string, an empty segment, `**` before
 *   the last segment, or `*` inside a segment (`mod_*`).
 * @example
 * import { EventBus, pattern } from "wasm-events";
 *
 * const bus = new EventBus();
 * bus.register(null, pattern("mod_auth.*"), (data, userData, eventName) => console.log(eventName, data));
 * bus.generate("mod_auth.login", "alice"); // logs "mod_auth.login alice"
 */
export function pattern<P extends string>(source: P): EventPattern<P> {
  return new PatternImpl(source, parsePattern(source)) as unknown as EventPattern<P>;
}

/** `source` split into checked segments; EINVAL for a bad pattern. */
function parsePattern(source: unknown): string[] {
  if (typeof source !== "string") throw invalidPattern(source, "a pattern is a string");
  if (source === "") throw invalidPattern(source, "a pattern is not empty");
  const segments = source.split(".");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === "") throw invalidPattern(source, `segment ${i + 1} is empty`);
    if (segment === ONE_OR_MORE) {
      if (i !== segments.length - 1) throw invalidPattern(source, "'**' may only be the last segment");
    } else if (segment !== ONE && segment.includes("*")) {
      throw invalidPattern(source, `'*' must be a whole segment ('${segment}' is not)`);
    }
  }
  return segments;
}

/**
 * Does `name` match `segments`? The names already interned are matched this
 * way when a pattern is registered (matcher.ts matches new names against
 * every pattern at once). A name's segments are the strings between its
 * dots, an empty one included (`a..b` has three), so `**` matches every name.
 */
export function matchesName(segments: readonly string[], name: string): boolean {
  let at = 0; // where the name's next segment starts
  for (let i = 0; i < segments.length; i++) {
    if (at > name.length) return false; // the name has no segment left
    const segment = segments[i];
    if (segment === ONE_OR_MORE) return true; // at least one segment is left
    const dot = name.indexOf(".", at), end = dot === -1 ? name.length : dot;
    if (segment !== ONE && (end - at !== segment.length || !name.startsWith(segment, at))) return false;
    at = end + 1;
  }
  return at > name.length; // every segment of the name was matched
}
