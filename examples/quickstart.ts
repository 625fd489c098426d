// A ProFTPD-style story in one file: two modules and the core listen for
// events, the server generates them, then restarts. mod_ban re-registers with
// fresh user data on "core.restart"; mod_quotatab forgets, and its stale
// listener is reported instead of being handed freed data.
//
// Run it: npm run example
import { EventBus, type StaleInfo } from "wasm-events";

const say = (line: string) => console.log(line);

const bus = new EventBus({
  // Without onStale the bus emits a process warning; here we print a line.
  onStale: (info: StaleInfo) =>
    say(`  !! stale: ${info.module}'s listener for '${info.event}' held data from pool '${info.pool}'; not called, unregistered`),
});

// Modules load in order; the one loaded last runs first, the core runs last.
const modBan = bus.loadModule("mod_ban");
const modQuota = bus.loadModule("mod_quotatab");

// Each module keeps its configuration in a restart-scoped pool, as ProFTPD
// modules allocate from a pool that a restart destroys. Reading the config a
// second time (after an edit, say) gives a new limit.
let configReads = 0;
const readBanConfig = () => ({ maxAttempts: ++configReads === 1 ? 3 : 5 });

function registerModBan(): void {
  const config = bus.createPool("mod_ban config").hold(readBanConfig());
  bus.register(modBan, "mod_auth.authentication-code", (code: number, cfg: { maxAttempts: number }) => {
    say(`  mod_ban: auth code ${code}, banning after ${cfg.maxAttempts} failures`);
  }, config);
}

const quotaConfig = bus.createPool("mod_quotatab config").hold({ limitMB: 100 });
bus.register(modQuota, "mod_auth.authentication-code", (code: number, cfg: { limitMB: number }) => {
  say(`  mod_quotatab: auth code ${code}, quota ${cfg.limitMB} MB`);
}, quotaConfig);
registerModBan();

bus.register(null, "mod_auth.authentication-code", (code: number) => say(`  core: logged auth code ${code}`));

// mod_ban knows about restarts: it unregisters and re-registers with fresh
// user data. Pools created by core.restart listeners survive this restart.
bus.register(modBan, "core.restart", () => {
  bus.unregister(modBan, "mod_auth.authentication-code");
  say("  mod_ban: core.restart, re-registering with the new config");
  registerModBan();
});

say("The table (dispatch order):");
bus.dump((line) => say(`  ${line}`));

say("\ngenerate('mod_auth.authentication-code', 530):");
bus.generate("mod_auth.authentication-code", 530);

say("\nrestart():");
bus.restart();

say(`\nafter the restart (generation ${bus.generation}), generate again:`);
bus.generate("mod_auth.authentication-code", 230);

say("\nand once more: the stale listener was reported once and is gone:");
bus.generate("mod_auth.authentication-code", 230);

say("\nThe table now:");
bus.dump((line) => say(`  ${line}`));
