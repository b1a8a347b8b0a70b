// `npm run hub`: starts the hub from environment settings and stops it cleanly on SIGINT/SIGTERM.
import '../scripts/requireRuntime.ts';
import { configFromEnv } from './config.ts';
import { startHub, type RunningHub } from './hub.ts';

async function main(): Promise<void> {
  // Signal handlers come first: a parent may stop the hub the moment it reads HUB_READY, or even
  // while it is still starting, and either way the database must close cleanly.
  let hub: RunningHub | undefined;
  let stopRequested: string | undefined;
  const shutdown = (signal: string) => {
    if (!hub) {
      stopRequested = signal;
      return;
    }
    hub.log.info({ signal }, 'shutting down');
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        hub?.log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  hub = await startHub(configFromEnv());
  if (stopRequested) return shutdown(stopRequested);
  if (hub.firstAdmin.oneTimePassword) {
    // Shown once, here, and never logged: whoever starts the hub the first time sets up the admin.
    process.stdout.write(
      `\nFirst administrator created: username "admin", one-time password ${hub.firstAdmin.oneTimePassword}\n` +
        'It must be changed at first sign-in. Set ADMIN_PASSWORD before the first start to choose it yourself.\n\n',
    );
  }
  // Parent processes (npm start) read this line to learn the URL; keep its format.
  process.stdout.write(`HUB_READY ${hub.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`hub failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
