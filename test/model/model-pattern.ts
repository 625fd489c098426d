// The model's patterns (§13): a source checked as §8 says, and matching done
// the obvious way, a name split at its dots and compared segment by segment,
// every time it is asked. No index, no cache, nothing decided at intern time:
// that is what the library's matching at register and intern time must equal.

import { fail } from "./model-errors.js";

export class ModelPattern {
  constructor(
    readonly source: string,
    readonly segments: readonly string[],
  ) {}
}

/** `pattern(source)`: EINVAL for anything but dot-separated literals, `*`, and a last `**`. */
export function modelPattern(source: unknown): ModelPattern {
  if (typeof source !== "string" || source === "") return fail("EINVAL", "pattern: a non-empty string");
  const segments = source.split(".");
  segments.forEach((segment, i) => {
    if (segment === "") fail("EINVAL", "pattern: empty segment");
    if (segment === "**" && i !== segments.length - 1) fail("EINVAL", "pattern: '**' only last");
    if (segment !== "*" && segment !== "**" && segment.includes("*")) fail("EINVAL", "pattern: '*' inside a segment");
  });
  return new ModelPattern(source, segments);
}

/** `*` is exactly one segment of the name, a last `**` one or more, anything else itself. */
export function patternMatches(pattern: ModelPattern, name: string): boolean {
  const parts = name.split(".");
  const segments = pattern.segments;
  const open = segments[segments.length - 1] === "**";
  const fixed = open ? segments.length - 1 : segments.length;
  if (open ? parts.length <= fixed : parts.length !== fixed) return false;
  for (let i = 0; i < fixed; i++) if (segments[i] !== "*" && segments[i] !== parts[i]) return false;
  return true;
}
