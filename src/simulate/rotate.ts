/**
 * Writes one log as logrotate leaves it after two daily runs with `delaycompress`: `name.2.gz`
 * (oldest, gzip), `name.1`, and the live `name`, splitting one continuous timeline.
 */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROTATIONS, SECOND } from './clock.ts';
import type { FileEntry } from './ground-truth.ts';
import type { Line, LogName, Timeline } from './timeline.ts';

export async function writeRotated(
  outDir: string,
  tl: Timeline,
  log: LogName,
  name: string,
): Promise<FileEntry[]> {
  const lines = tl.fileOrder(log);
  // A file holds what was *written* before the rotation, so a late line stamped 06:24:50 and
  // written at 06:25:10 opens the newer file, as it would on a real server.
  const segments = [
    { name: `${name}.2.gz`, lines: lines.filter((l) => l.writtenAt < ROTATIONS[0]), rotatedAt: ROTATIONS[0] },
    {
      name: `${name}.1`,
      lines: lines.filter((l) => l.writtenAt >= ROTATIONS[0] && l.writtenAt < ROTATIONS[1]),
      rotatedAt: ROTATIONS[1],
    },
    { name, lines: lines.filter((l) => l.writtenAt >= ROTATIONS[1]), rotatedAt: undefined },
  ];

  const entries: FileEntry[] = [];
  for (const seg of segments) {
    const text = seg.lines.map((l) => `${l.text}\n`).join('');
    const compressed = seg.name.endsWith('.gz');
    const path = join(outDir, seg.name);
    await writeFile(path, compressed ? gzipSync(text, { level: 9 }) : text);
    // Syslog lines carry no year; readers infer it from the file's mtime, which on a real server is
    // the last write (gzip keeps it). A second after the last line keeps that true here.
    const mtime = lastWrite(seg.lines) ?? seg.rotatedAt ?? ROTATIONS[1];
    const mtimeMs = mtime + SECOND;
    await utimes(path, mtimeMs / 1000, mtimeMs / 1000);
    const stamps = seg.lines.map((l) => l.t);
    // A loop, not Math.min(...stamps): large scales overflow the argument list.
    const first = stamps.reduce((m, t) => Math.min(m, t), Number.POSITIVE_INFINITY);
    const last = stamps.reduce((m, t) => Math.max(m, t), Number.NEGATIVE_INFINITY);
    entries.push({
      name: seg.name,
      log,
      compressed,
      lines: seg.lines.length,
      mtime: new Date(mtimeMs).toISOString(),
      firstTimestamp: stamps.length > 0 ? new Date(first).toISOString() : null,
      lastTimestamp: stamps.length > 0 ? new Date(last).toISOString() : null,
    });
  }
  return entries;
}

function lastWrite(lines: readonly Line[]): number | undefined {
  return lines.length > 0 ? lines[lines.length - 1].writtenAt : undefined;
}
