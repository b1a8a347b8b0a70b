// Whether a module is the one node was started with (`node --import tsx path/to/module.ts`), so a
// file can be both a command and a library. Compared as file URLs: paths with spaces or non-ASCII
// characters are percent-encoded in import.meta.url.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const isMain = (importMetaUrl: string): boolean =>
  process.argv[1] !== undefined && importMetaUrl === pathToFileURL(resolve(process.argv[1])).href;
