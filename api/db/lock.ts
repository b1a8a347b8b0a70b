// An exclusive lock on a PGlite data folder. Two processes on one folder silently lose writes,
// so a second hub must refuse to start rather than corrupt the first one's data.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DirLock {
  release(): void;
}

/** The lock's file name in the data folder; it holds the holder's process id. */
export const LOCK_FILE = 'hub.lock';

/** Is a process with this id running (EPERM: running, but someone else's)? */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process id written in a data folder's lock, or null when there is no lock (or no id in it). */
export function lockHolder(dir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(dir, LOCK_FILE), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const pid = Number(text);
  return text !== '' && Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function lockDataDir(dir: string): DirLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(dir);
      if (holder !== null && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `Data folder ${dir} is in use by process ${holder}. Stop that hub first, or set DATA_DIR to another folder.`,
        );
      }
      if (holder === process.pid) {
        throw new Error(`Data folder ${dir} is already open in this process; close it before opening it again.`);
      }
      rmSync(path, { force: true }); // left behind by a process that died: take it over
    }
  }
  throw new Error(`Could not lock data folder ${dir}; remove ${path} if no hub is running.`);
}
