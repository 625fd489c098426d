// The patterns of one bus by their segments (§13): a tree with one level per
// segment, so matching a name walks the name's segments once, following the
// literal child and the `*` child, whatever the number of patterns. Used
// when a name is first interned (and to tell a name no pattern matches); a
// generate of an interned name never comes here.

import { ONE, ONE_OR_MORE } from "./pattern.js";

/**
 * One pattern source and its registrations, in registration order. Kept
 * once made (dump lists a pattern that had registrations, §10).
 */
export class PatternEntry<R extends { readonly order: number }> {
  readonly registrations: R[] = [];
  constructor(
    readonly source: string,
    readonly segments: readonly string[],
  ) {}
}

class PatternNode<R extends { readonly order: number }> {
  /** Children by literal segment. */
  literal: Map<string, PatternNode<R>> | undefined = undefined;
  /** The child for a `*` segment. */
  one: PatternNode<R> | undefined = undefined;
  /** The pattern ending here (its last segment leads to this node). */
  end: PatternEntry<R> | undefined = undefined;
  /** The pattern ending here with `**`: it matches one or more segments more. */
  rest: PatternEntry<R> | undefined = undefined;
}

export class PatternMatcher<R extends { readonly order: number }> {
  readonly #root = new PatternNode<R>();
  readonly #bySource = new Map<string, PatternEntry<R>>();

  /** The entry of `source`, if a pattern with that source was ever registered. */
  entry(source: string): PatternEntry<R> | undefined {
    return this.#bySource.get(source);
  }

  /** Every entry, in the order first registered. */
  entries(): IterableIterator<PatternEntry<R>> {
    return this.#bySource.values();
  }

  /** The entry of `source`, made (and placed in the tree) if need be; `made` tells which. */
  entryFor(source: string, segments: readonly string[]): { entry: PatternEntry<R>; made: boolean } {
    const known = this.#bySource.get(source);
    if (known !== undefined) return { entry: known, made: false };
    const entry = new PatternEntry<R>(source, segments);
    this.#bySource.set(source, entry);
    let node = this.#root;
    for (const segment of segments) {
      if (segment === ONE_OR_MORE) {
        node.rest = entry;
        return { entry, made: true };
      }
      node = segment === ONE ? (node.one ??= new PatternNode()) : child(node, segment);
    }
    node.end = entry;
    return { entry, made: true };
  }

  /** The registrations of every pattern `name` matches, in registration order. */
  match(name: string): R[] {
    const found: R[] = [];
    walk(this.#root, name, 0, found);
    return found.length > 1 ? found.sort((a, b) => a.order - b.order) : found;
  }
}

function child<R extends { readonly order: number }>(node: PatternNode<R>, segment: string): PatternNode<R> {
  const literal = (node.literal ??= new Map());
  let next = literal.get(segment);
  if (next === undefined) literal.set(segment, (next = new PatternNode()));
  return next;
}

/** Collects the registrations of the patterns under `node` that match `name` from index `at` (past its end: no segment left). */
function walk<R extends { readonly order: number }>(node: PatternNode<R>, name: string, at: number, found: R[]): void {
  if (at > name.length) {
    if (node.end !== undefined) found.push(...node.end.registrations);
    return;
  }
  if (node.rest !== undefined) found.push(...node.rest.registrations); // one or more segments are left
  const dot = name.indexOf(".", at), end = dot === -1 ? name.length : dot;
  if (node.literal !== undefined) {
    const next = node.literal.get(name.slice(at, end));
    if (next !== undefined) walk(next, name, end + 1, found);
  }
  if (node.one !== undefined) walk(node.one, name, end + 1, found);
}
