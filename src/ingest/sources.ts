import { glob, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PicketError } from '../core/errors.ts';

/** One input to read: a file, or standard input (`path: '-'`). */
export type SourceFile = { path: string; size?: number; mtimeMs?: number };

/**
 * Rotated parts of one log, oldest first: `auth.log.2.gz`, `auth.log.1`, `auth.log` — read as one
 * timeline. `name` is the log's own name (`auth.log`).
 */
export type LogStream = { name: string; files: SourceFile[] };

export type ExpandResult = { files: SourceFile[]; issues: PicketError[] };

const GLOB_CHARS = /[*?[{]/;

/** Paths, directories (recursive), globs and `-` → the files to read, each once, in a stable order. */
export async function expandInputs(specs: string[]): Promise<ExpandResult> {
  const files: SourceFile[] = [];
  const issues: PicketError[] = [];
  const seen = new Set<string>();
  const add = (f: SourceFile) => {
    if (!seen.has(f.path)) {
      seen.add(f.path);
      files.push(f);
    }
  };
  for (const spec of specs) {
    if (spec === '-') {
      add({ path: '-' });
      continue;
    }
    const info = await stat(spec).catch((err: NodeJS.ErrnoException) => err);
    if (!(info instanceof Error)) {
      if (info.isDirectory()) for (const f of await walk(spec, issues)) add(f);
      else add({ path: spec, size: info.size, mtimeMs: info.mtimeMs });
      continue;
    }
    if (info.code === 'ENOENT' && GLOB_CHARS.test(spec)) {
      const matched: string[] = [];
      for await (const p of glob(spec)) matched.push(p);
      if (matched.length === 0)
        issues.push(new PicketError('INPUT_NOT_FOUND', `no file matches '${spec}'`, { file: spec }));
      const expanded = await expandInputs(matched.sort());
      for (const f of expanded.files) add(f);
      issues.push(...expanded.issues);
      continue;
    }
    const code = info.code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE';
    const why = info.code === 'ENOENT' ? 'no such file or directory' : `cannot read (${info.code})`;
    issues.push(new PicketError(code, why, { file: spec }, { cause: info }));
  }
  return { files, issues };
}

async function walk(dir: string, issues: PicketError[]): Promise<SourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    issues.push(
      new PicketError(
        'INPUT_UNREADABLE',
        `cannot list directory (${err.code})`,
        { file: dir },
        { cause: err },
      ),
    );
    return [];
  });
  const out: SourceFile[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, issues)));
    else if (e.isFile()) {
      const info = await stat(p).catch(() => undefined);
      out.push({ path: p, size: info?.size, mtimeMs: info?.mtimeMs });
    }
  }
  return out;
}

/**
 * `auth.log.2.gz` → { name: 'auth.log', age: 2 }; `access.log-20240101.gz` → age by date, older
 * than any numbered part; `auth.log` → age 0. Larger age = older.
 */
export function rotationOf(path: string): { name: string; age: number } {
  const file = basename(path).replace(/\.gz$/, '');
  const numbered = /^(.+)\.(\d{1,4})$/.exec(file);
  if (numbered) return { name: join(dirname(path), numbered[1]), age: Number(numbered[2]) };
  const dated = /^(.+)-(\d{8})$/.exec(file);
  if (dated) return { name: join(dirname(path), dated[1]), age: 1e9 - Number(dated[2]) };
  return { name: join(dirname(path), file), age: 0 };
}

/** Group rotated parts into streams, each ordered oldest → newest. Stream order follows first appearance. */
export function groupRotations(files: SourceFile[]): LogStream[] {
  const streams = new Map<string, { file: SourceFile; age: number }[]>();
  for (const file of files) {
    const { name, age } = file.path === '-' ? { name: '-', age: 0 } : rotationOf(file.path);
    const parts = streams.get(name) ?? [];
    parts.push({ file, age });
    streams.set(name, parts);
  }
  return [...streams].map(([name, parts]) => ({
    name,
    files: parts.sort((a, b) => b.age - a.age).map((p) => p.file),
  }));
}
