// What each part of a compiled dispatcher's layout costs (bench/README.md,
// "Realistic bodies"): the bus's layout for the 20 realistic listeners
// (scenarios/realistic.ts), written here with parts left out, beside the bare
// calls tseep's dispatcher makes. Not a contender and not the library's code:
// the library's generator is src/bus/compiled-dispatcher.ts, whose straight
// path this mirrors (the guard and marks, then per listener a try, the
// result test and the flag test between listeners); its helpers do nothing
// here, since no listener throws, returns or is removed.
//
// One variant per process, so that no two share the listeners' feedback; read
// with callgrind as the difference of two loop lengths:
//   for n in 0 500000; do LOOPS=$n valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//     node --single-threaded --import tsx bench/dispatcher-layout.ts VARIANT; done
// (instructions per generate = difference / 500000). VARIANT: layout (the
// bus's), no-try, no-flag-test, no-marks, one-try (one try around the body,
// a local index for the catch), bare (tseep's calls alone).
import { realistic } from "./scenarios/realistic.js";

const VARIANTS = ["layout", "no-try", "no-flag-test", "no-marks", "one-try", "bare"] as const;
type Variant = (typeof VARIANTS)[number];

function body(variant: Variant, n: number): string[] {
  if (variant === "bare") return Array.from({ length: n }, (_, i) => `  f${i}(d);`);
  const lines: string[] = [];
  const marks = variant !== "no-marks";
  if (marks) lines.push("  if (state.active !== null || ctx.depth >= 64) return h.nested(state, d);", "  state.active = s; ctx.depth++; state.cursor = -2;");
  lines.push("  var failed, r, i;");
  if (variant === "one-try") lines.push("  try {");
  for (let i = 0; i < n; i++) {
    if (i > 0 && variant !== "no-flag-test") lines.push(`  if (state.changed) return h.resume(state, s, ${i}, d, failed);`);
    if (variant === "layout" || variant === "no-flag-test" || variant === "no-marks") {
      lines.push("  try {", `    r = f${i}(d, u${i});`, `    if (r !== undefined) h.returned(state, s, ${i}, r);`);
      lines.push("  } catch (e) {", `    failed = h.failed(state, s, ${i}, e, failed);`, "  }");
    } else {
      lines.push(`  ${variant === "one-try" ? `i = ${i}; ` : ""}r = f${i}(d, u${i});`, `  if (r !== undefined) h.returned(state, s, ${i}, r);`);
    }
  }
  if (variant === "one-try") lines.push("  } catch (e) { return h.resume(state, s, i + 1, d, h.failed(state, s, i, e, failed)); }");
  if (marks) lines.push("  state.active = null; ctx.depth--;");
  lines.push("  if (failed !== undefined) h.finish(state, failed);");
  return lines;
}

const variant = process.argv[2] as Variant;
if (!VARIANTS.includes(variant)) throw new Error(`usage: bench/dispatcher-layout.ts ${VARIANTS.join("|")}`);
const workload = realistic.build();
if (workload.kind !== "generate") throw new Error("realistic-20 is a generate scenario");
const fns = workload.table.listeners[0].map((spec) => spec.fn), n = fns.length;
const nothing = () => {};
const helpers = { nested: nothing, returned: nothing, failed: nothing, resume: nothing, finish: nothing };
const source = [
  '"use strict";',
  `var ${fns.map((_, i) => `f${i} = fns[${i}], u${i} = uds[${i}]`).join(", ")};`,
  "return function dispatch(d) {",
  ...body(variant, n),
  "};",
].join("\n");
const dispatch = new Function("state", "ctx", "s", "fns", "uds", "h", source)(
  { active: null, changed: false, cursor: -1 }, { depth: 0 }, {}, fns, fns.map(() => undefined), helpers,
) as (data: unknown) => void;

const loop = (times: number) => {
  for (let i = 0; i < times; i++) dispatch(workload.data);
};
for (let k = 0; k < 200; k++) loop(1000); // optimized before the counted loop
loop(Number(process.env.LOOPS ?? 500_000));
