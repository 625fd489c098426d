// The model-based properties for as long (--seconds) or as many runs (--runs)
// as asked, from a reported seed; a failure prints the command that replays it.

import fc from "fast-check";
import { modelScenarioArb, reentrancyScenarioArb } from "../../test/model/arbitraries.js";
import type { Scenario } from "../../test/model/commands.js";
import { libraryImplementation, modelProperty, type LibraryExports, type Tally } from "../../test/model/property.js";
import type { SoakArgs } from "./args.js";

const PROPERTIES: Record<"model" | "reentrancy", fc.Arbitrary<Scenario>> = {
  model: modelScenarioArb,
  reentrancy: reentrancyScenarioArb,
};

interface Combo {
  property: "model" | "reentrancy";
  codegen: "on" | "off";
}

function combos(args: SoakArgs): Combo[] {
  const properties = args.property === "all" ? (["model", "reentrancy"] as const) : [args.property];
  const codegens = args.codegen === "both" ? (["on", "off"] as const) : [args.codegen];
  return properties.flatMap((property) => codegens.map((codegen) => ({ property, codegen })));
}

/** Runs every selected property; returns false if one failed (after printing how to replay it). */
export function soakProperties(args: SoakArgs, lib: LibraryExports): boolean {
  const selected = combos(args);
  if (args.path !== undefined && selected.length !== 1) {
    console.error("soak: --path replays one property: give --property model|reentrancy and --codegen on|off too");
    return false;
  }
  const runs = args.runs ?? (args.seconds === undefined ? 1000 : Number.MAX_SAFE_INTEGER);
  const msEach = args.seconds === undefined ? undefined : (args.seconds * 1000) / selected.length;
  console.log(`soak: seed ${args.seed}, ${args.seconds === undefined ? `${runs} runs` : `${args.seconds} s`} for each of ${selected.length} properties`);
  let ok = true;
  for (const { property, codegen } of selected) {
    const tally: Tally = { sequences: 0, commands: 0 };
    const real = libraryImplementation(lib, codegen === "on", args.impl ?? "wasm-events");
    const started = performance.now();
    const details = fc.check(modelProperty(real, PROPERTIES[property], tally), {
      seed: args.seed,
      numRuns: runs,
      ...(args.path === undefined ? {} : { path: args.path, endOnFailure: true }),
      ...(msEach === undefined ? {} : { interruptAfterTimeLimit: msEach, markInterruptAsFailure: false }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = `${property} (codegen ${codegen}): ${tally.sequences} sequences, ${tally.commands} commands, ${seconds} s`;
    if (!details.failed) {
      console.log(`  ok    ${summary}`);
      continue;
    }
    ok = false;
    console.log(`  FAIL  ${summary}`);
    console.log(fc.defaultReportMessage(details));
    if (details.errorInstance instanceof Error) console.log(details.errorInstance.message);
    console.log(
      `replay: npm run soak -- --property ${property} --codegen ${codegen} --seed ${details.seed}` +
        ` --path ${details.counterexamplePath}${args.impl === undefined ? "" : ` --impl ${args.impl}`}`,
    );
  }
  return ok;
}
