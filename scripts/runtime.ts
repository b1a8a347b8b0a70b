// Node.js 20 reached its end of life on 2026-04-30 and gets no more security fixes, and several of
// our dependencies (Cesium, vue-i18n) already need 22 or newer. The project brings its own Node.js 24
// through `npm install` (the pinned `node-linux-*` optional dependency puts it at
// node_modules/.bin/node, which npm puts first on PATH for every `npm run` script). This check stops
// a command started some other way, on an older Node.js, with a message that says what to do.

export const MIN_NODE_MAJOR = 24;

/** Why this Node.js version cannot run the project, or null when it can. */
export function runtimeProblem(version: string = process.versions.node): string | null {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return null;
  return [
    `command-wall needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${version}.`,
    'Run it through npm (npm install, then npm start / npm test / npm run …): npm installs the project\'s own',
    `Node.js ${MIN_NODE_MAJOR} into node_modules and runs every script on it.`,
    'If node_modules/.bin/node is missing (an unsupported platform, or --omit=optional), install Node.js 24 LTS yourself.',
  ].join('\n');
}

/** Stops the process with that message when the runtime is too old. */
export function exitUnlessSupportedRuntime(): void {
  const problem = runtimeProblem();
  if (problem === null) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
