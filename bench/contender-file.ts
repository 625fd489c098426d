// Loading a contender from a file: `npm run bench -- --contender ./my-emitter.mjs`.
// The file exports a Contender (contender.ts), as its default export or as
// `contender`; the built-in adapters in contenders/ are examples of the shape.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Contender } from "./contender.js";

/** Does a --contender value name a file rather than a built-in contender? */
export function isContenderFile(value: string): boolean {
  return /^(\.{1,2}\/|\/)/.test(value) || /\.(m?js|c?js|m?ts)$/.test(value);
}

/** Where a contender came from, so a child process can load it again. */
export const contenderFiles = new WeakMap<Contender, string>();

/** Imports `file` and checks that it exports a contender. */
export async function loadContenderFile(file: string): Promise<Contender> {
  const path = resolve(file);
  const module = (await import(pathToFileURL(path).href)) as { default?: unknown; contender?: unknown };
  const candidate = (module.default ?? module.contender) as Partial<Contender> | undefined;
  const problem: string | undefined =
    candidate === undefined || candidate === null || typeof candidate !== "object" ? "exports no contender (default export or `contender`)"
    : typeof candidate.name !== "string" || candidate.name === "" ? "its contender has no `name` (a non-empty string)"
    : typeof candidate.prepare !== "function" ? "its contender has no `prepare(table)` function"
    : candidate.kind !== undefined && !["peer", "limit", "wasm-events"].includes(candidate.kind) ? `its contender's \`kind\` '${String(candidate.kind)}' is not "peer" or "limit"`
    : undefined;
  if (problem !== undefined || candidate === undefined) throw new Error(`${file} ${problem}; see bench/README.md, "Racing your own emitter"`);
  const contender: Contender = {
    name: candidate.name!,
    kind: candidate.kind ?? "peer",
    description: candidate.description ?? `${candidate.name} (from ${file})`,
    prepare: candidate.prepare!.bind(candidate),
  };
  contenderFiles.set(contender, path);
  return contender;
}
