import { writeJsonAtomic } from '../../store/atomic-write';
import type { ClientResult } from './result-file';

/** Writes one instance's result with write-then-rename, so a reader never sees half a file. */
export function writeResultFile(file: string, result: ClientResult): void {
  writeJsonAtomic(file, result);
}
