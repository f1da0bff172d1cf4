/**
 * The literal values of Sigma rules, for ripgrep as a peer (`rg -c -i -F -f`): values without
 * wildcards, under modifiers ripgrep can say as a substring (none, contains, startswith, endswith,
 * all); `\\` read as the one backslash it stands for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsyaml from 'js-yaml';

export function ruleLiterals(dir: string, opts: { minLength: number; asJson: boolean }): string[] {
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      const plain = v.replace(/\\\\/g, '\\');
      if (/[*?]/.test(plain) || plain.length < opts.minLength) return;
      out.add(opts.asJson ? JSON.stringify(plain).slice(1, -1) : plain); // as JSON escapes it
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (!/\|(re|cidr|base64|wide|utf16|windash|lt|gt|exists)/.test(k)) visit(x);
  };
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.yml'))
        for (const doc of jsyaml.loadAll(readFileSync(p, 'utf8')))
          visit((doc as { detection?: unknown })?.detection);
    }
  };
  walk(dir);
  return [...out];
}
