// `npm run soak -- --show --seed S`: one generated scenario, printed as a
// program, with the model's transcript (and the library's where it differs).

import fc from "fast-check";
import { modelScenarioArb, reentrancyScenarioArb } from "../../test/model/arbitraries.js";
import { formatScenario } from "../../test/model/commands.js";
import { libraryImplementation, modelImplementation, type LibraryExports } from "../../test/model/property.js";
import { runScenario } from "../../test/model/runner.js";
import type { SoakArgs } from "./args.js";

export function showScenario(args: SoakArgs, lib: LibraryExports): void {
  const arb = args.property === "model" ? modelScenarioArb : reentrancyScenarioArb;
  const [scenario] = fc.sample(arb, { seed: args.seed, numRuns: 1 });
  console.log(formatScenario(scenario!));
  const expected = runScenario(modelImplementation, scenario!).transcript;
  const actual = runScenario(libraryImplementation(lib, args.codegen !== "off"), scenario!).transcript;
  console.log(`\n--- transcript (model) ---\n${expected.join("\n")}`);
  if (actual.join("\n") !== expected.join("\n")) console.log(`\n--- transcript (library) ---\n${actual.join("\n")}`);
  else console.log("\n(the library's transcript is the same)");
}
