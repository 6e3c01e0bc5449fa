import { UsageError } from '../errors.js';
export async function importDeck(_file: string, _flags: Record<string, unknown>): Promise<number> {
  throw new UsageError('not yet');
}
