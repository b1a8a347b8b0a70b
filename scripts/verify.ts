// `npm run verify`: recomputes every figure of the wall from the raw rows and compares it with what
// the statistics buckets say, for the township, each village and each grid. Exit code 1 on any
// mismatch. Reads DATABASE_URL or DATA_DIR like the hub; stop a PGlite hub first (its folder is locked),
// or ask a running hub instead: GET /api/v1/stats/verify as a leader or duty officer.
import './requireRuntime.ts';
import { configFromEnv } from '../api/config.ts';
import { openDatabase } from '../api/db/index.ts';
import { loadTownship } from '../api/domain/township.ts';
import { everyScope, townshipRefs } from '../api/stats/refs.ts';
import { StatsService } from '../api/stats/service.ts';

async function main(): Promise<number> {
  const config = configFromEnv();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const township = await loadTownship(db);
    if (!township) {
      console.log('No township in this database yet: nothing to verify.');
      return 0;
    }
    const stats = await StatsService.start(db, () => townshipRefs(township));
    const scopes = everyScope(township);
    const started = Date.now();
    const { checked, mismatches } = await stats.verify(scopes);
    console.log(`${township.name}: ${scopes.length} scopes, ${checked} figures checked in ${Date.now() - started} ms, ${mismatches.length} mismatches`);
    for (const m of mismatches.slice(0, 50)) console.log(`  ${m.scope} ${m.path}: buckets ${JSON.stringify(m.live)} vs rows ${JSON.stringify(m.raw)}`);
    return mismatches.length === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`verify failed: ${(error as Error).message}`);
  process.exit(2);
});
