import { afterAll, beforeAll } from 'vitest';

/** Run the tests of a block in a time zone (Node reads TZ again when it changes), and put it back after. */
export function inTimeZone(tz: string): void {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = tz;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}
