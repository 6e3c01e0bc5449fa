export async function completion(_shell: string, _flags: Record<string, unknown>): Promise<number> {
  return 2;
}
