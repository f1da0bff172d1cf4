import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import type { SourceFile } from '../../ingest/index.ts';

const PEEK = 64 << 10;

/**
 * Whether a file holds JSON records rather than log lines: its first non-blank character is `{`,
 * or `[` opening an array of objects (`[{`, `[]`) — a log line starting `[2024-…` or `[Sun Mar…` is
 * not JSON. Gzip is looked into. Standard input cannot be peeked at: it is read as log lines
 * unless `--format json` says otherwise.
 */
export async function isJsonInput(file: SourceFile): Promise<boolean> {
  if (file.path === '-') return false;
  let head: Buffer;
  try {
    const fh = await open(file.path, 'r');
    try {
      const buf = Buffer.alloc(PEEK);
      const { bytesRead } = await fh.read(buf, 0, PEEK, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return false; // the log reader reports the error
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      // Only the start is at hand: inflate what there is, without asking for the stream's end.
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, PEEK);
    } catch {
      return false;
    }
  }
  const text = head.toString('utf8');
  const first = firstNonBlank(text, 0);
  if (text[first] === '{') return true;
  if (text[first] !== '[') return false;
  const next = firstNonBlank(text, first + 1);
  return next >= text.length || text[next] === '{' || text[next] === ']';
}

function firstNonBlank(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[\s\uFEFF]/.test(text[i])) i++;
  return i;
}
