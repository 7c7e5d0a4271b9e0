/** One problem in a recipe, located in the source so a person can jump to it. */
export interface RecipeIssue {
  /** YAML path like services[0].healthCheck.timeout ('' for the whole document). */
  path: string;
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

export class RecipeValidationError extends Error {
  readonly type = 'InvalidRecipe';
  constructor(
    readonly source: string,
    readonly issues: RecipeIssue[],
  ) {
    super(`${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${formatIssues(source, issues)}`);
    this.name = 'RecipeValidationError';
  }
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function formatIssues(source: string, issues: RecipeIssue[]): string {
  return issues
    .map((i) => {
      const where = i.line ? `${source}:${i.line}:${i.column ?? 1}` : source;
      const field = i.path ? ` ${i.path}:` : '';
      return `  ${where}${field} ${i.message}${i.hint ? `\n      hint: ${i.hint}` : ''}`;
    })
    .join('\n');
}
