/** The sweep workflow's activities. */
import { planSweep, searchPointRecipe } from './plan-sweep';
import { prepareSweep, recordSweep } from './record-sweep';

export function sweepActivities() {
  return { planSweep: planSweep(), searchPointRecipe: searchPointRecipe(), prepareSweep: prepareSweep(), recordSweep: recordSweep() };
}
