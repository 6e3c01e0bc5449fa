export async function progressPath(_flags: Record<string, unknown>): Promise<number> {
  return 2;
}
export async function progressExport(_file: string | undefined, _flags: Record<string, unknown>): Promise<number> {
  return 2;
}
export async function progressImport(_file: string, _flags: Record<string, unknown>): Promise<number> {
  return 2;
}
