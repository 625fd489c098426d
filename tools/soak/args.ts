// Command-line flags of `npm run soak`: --name value pairs and bare switches.

export interface SoakArgs {
  readonly seconds: number | undefined;
  readonly runs: number | undefined;
  readonly seed: number;
  /** fast-check's replay path, printed with a failure. */
  readonly path: string | undefined;
  readonly property: "model" | "reentrancy" | "all";
  readonly codegen: "on" | "off" | "both";
  readonly mode: "properties" | "memory" | "mutants" | "show" | "stats";
  /** A built copy of the library to test instead of "wasm-events" (e.g. a patched dist/). */
  readonly impl: string | undefined;
  /** Scale for the memory soak (1 = the full 10,000,000 cycles and 1,000,000 registrations). */
  readonly scale: number;
  /** With --mutants: only the mutants whose name contains this. */
  readonly only: string | undefined;
}

const USAGE = `usage: npm run soak -- [--seconds N | --runs N] [--seed S [--path P]]
                        [--property model|reentrancy|all] [--codegen on|off|both] [--impl path/to/index.js]
       npm run soak -- --memory [--scale F]      memory soak (10M cycles, 1M live registrations)
       npm run soak -- --mutants [--runs N] [--only NAME]   deliberately broken copies of dist/ must be caught
       npm run soak -- --show --seed S [--property P]   print one generated scenario and its transcript
       npm run soak -- --stats [--runs N]        how often generated scenarios reach each situation`;

export function parseArgs(argv: readonly string[]): SoakArgs {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) usage(`unexpected argument '${arg}'`);
    const name = arg.slice(2);
    if (["memory", "mutants", "show", "stats", "help"].includes(name)) switches.add(name);
    else if (i + 1 < argv.length) values.set(name, argv[++i]!);
    else usage(`--${name} needs a value`);
  }
  if (switches.has("help")) usage();
  const known = new Set(["seconds", "runs", "seed", "path", "property", "codegen", "impl", "scale", "only"]);
  for (const name of values.keys()) if (!known.has(name)) usage(`unknown flag --${name}`);
  const number = (name: string) => {
    const text = values.get(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) usage(`--${name} must be a non-negative number`);
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = values.get(name) ?? fallback;
    if (!allowed.includes(value as T)) usage(`--${name} must be one of ${allowed.join(", ")}`);
    return value as T;
  };
  const mode = (["memory", "mutants", "show", "stats"] as const).find((m) => switches.has(m)) ?? "properties";
  return {
    seconds: number("seconds"),
    runs: number("runs"),
    // A seed fast-check accepts (a 32-bit integer); random unless replaying.
    seed: number("seed") ?? (Math.random() * 2 ** 31) | 0,
    path: values.get("path"),
    property: oneOf("property", ["model", "reentrancy", "all"] as const, "all"),
    codegen: oneOf("codegen", ["on", "off", "both"] as const, "both"),
    mode,
    impl: values.get("impl"),
    scale: number("scale") ?? 1,
    only: values.get("only"),
  };
}

function usage(problem?: string): never {
  if (problem !== undefined) console.error(`soak: ${problem}`);
  console.error(USAGE);
  process.exit(problem === undefined ? 0 : 2);
}
