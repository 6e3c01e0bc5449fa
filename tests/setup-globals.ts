/**
 * Test files share a worker and its loaded modules (vitest `isolate: false`: each file
 * no longer pays to import the code again). The few settings a module keeps for the
 * process are put back to their start-up values before each file, so no file sees what
 * another one set.
 */
import { vi } from 'vitest';
import { configureColor, configurePlain } from '../src/ui/output.js';
import { LEECH_LAPSES, useLeechThreshold } from '../src/schedule.js';
import { useSchedulerSettings } from '../src/scheduler-settings.js';
import { loadFullFrontMatter } from '../src/bank/load.js';

// At the top level, not in a hook: this runs before the file's own code is collected.
configureColor(false);
configurePlain(false);
useLeechThreshold(LEECH_LAPSES);
useSchedulerSettings({ requestRetention: 0.9, weights: null });
vi.restoreAllMocks();
vi.unstubAllEnvs();
vi.unstubAllGlobals();
vi.useRealTimers();
// The binary loads the full front-matter parser only for a deck that needs it (src/bank/load.ts);
// tests that parse files directly have it from the start.
await loadFullFrontMatter();
