import { writeJsonAtomic } from '../store/atomic-write';
import type { ClientProgress } from './results/result-file';

export function writeProgressFile(file: string, progress: ClientProgress): void {
  writeJsonAtomic(file, progress);
}
