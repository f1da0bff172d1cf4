import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Picket's own rules, which are data: `src/rules/` beside the sources, `dist/rules/` in the package
 * (`npm run build` copies them there).
 */
export const BUILTIN_RULES = fileURLToPath(new URL('../../rules', import.meta.url));

/** The folder of Picket's own rules as the user sees it: relative to the working directory when under it. */
export function builtinRulesPath(): string {
  const rel = relative(process.cwd(), BUILTIN_RULES);
  return rel === '' || rel.startsWith('..') ? BUILTIN_RULES : rel;
}
