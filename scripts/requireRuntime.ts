// Imported first by every entry point (ES modules evaluate their imports in order), so an old
// Node.js stops here with a clear message before anything else runs.
import { exitUnlessSupportedRuntime } from './runtime.ts';

exitUnlessSupportedRuntime();
