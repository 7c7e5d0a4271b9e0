/** Full recipe validation for the CLI, the API and activities: the pure schema checks plus the plug-in registries'. */
import { parseRecipe, type ParseResult } from './load';
import { pluginIssues } from './plugin-checks';

export function checkRecipe(text: string): ParseResult {
  return parseRecipe(text, pluginIssues);
}
