// `npm run soak`: long property runs, the memory soak, the mutation check,
// generator statistics, or one scenario shown in full. See args.ts for the flags.

import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import type { LibraryExports } from "../../test/model/property.js";
import { parseArgs } from "./args.js";
import { soakMemory } from "./memory.js";
import { checkMutants } from "./mutants.js";
import { soakProperties } from "./properties.js";
import { showScenario } from "./show.js";
import { printStats } from "./stats.js";

const args = parseArgs(process.argv.slice(2));
const lib = (await import(args.impl === undefined ? "wasm-events" : pathToFileURL(resolve(args.impl)).href)) as LibraryExports;

let ok = true;
switch (args.mode) {
  case "properties":
    ok = soakProperties(args, lib);
    break;
  case "show":
    showScenario(args, lib);
    break;
  case "memory":
    ok = await soakMemory(args, lib);
    break;
  case "stats":
    printStats(args);
    break;
  case "mutants":
    ok = await checkMutants(args);
    break;
}
process.exitCode = ok ? 0 : 1;
