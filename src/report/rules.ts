import type { Loaded } from '../detect/sigma/index.ts';
import { type Style, table } from './text.ts';

/** `picket rules check`: the counts, then each rejected rule as `file:line  reason  (title)`. */
export function renderRulesCheck(loaded: Loaded, ms: number, json: boolean, s: Style): string {
  const accepted = loaded.rules.length + loaded.filters.length + loaded.correlations.length;
  if (json)
    return `${JSON.stringify(
      { files: loaded.files, accepted, rejected: loaded.rejected, seconds: Math.round(ms) / 1000 },
      null,
      2,
    )}\n`;
  const head = `${loaded.files} files: ${accepted} rules accepted, ${loaded.rejected.length} rejected (${(ms / 1000).toFixed(2)} s)`;
  if (loaded.rejected.length === 0) return `${head}\n`;
  const rows = loaded.rejected.map((r) => [`${r.file}:${r.line}`, s.red(r.reason), r.title ?? '']);
  return `${head}\n\n${table(['where', 'reason', 'rule'], rows, s)}\n`;
}
