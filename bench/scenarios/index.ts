// Every scenario, in the order the tables show them.
import type { Scenario } from "../scenario.js";
import { churn } from "./churn.js";
import { listenersN } from "./listeners-n.js";
import { fewNames, manyNames } from "./many-names.js";
import { memory } from "./memory.js";
import { realistic } from "./realistic.js";
import { userData } from "./user-data.js";

export const SCENARIOS: readonly Scenario[] = [
  listenersN(0),
  listenersN(1),
  listenersN(5),
  listenersN(20),
  listenersN(100),
  realistic,
  userData,
  manyNames,
  fewNames,
  churn,
  memory,
];
