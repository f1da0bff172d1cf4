import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import type { SourceFile } from '../../ingest/index.ts';

const PEEK = 64 << 10;

/**
 * Whether a file holds JSON records rather than log lines: its first non-blank character is `{`,
 * or `[` opening an array of objects (`[{`, `[]`) — a log line starting `[2024-…` or `[Sun Mar…` is
 * not JSON. Gzip is looked into. Standard input is peeked at too: its first chunk is read and put
 * back for the reader.
 */
export async function isJsonInput(file: SourceFile): Promise<boolean> {
  let head: Buffer;
  if (file.path === '-') head = await peekStdin();
  else
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

/** The first bytes standard input has (none at its end), left unread for whoever reads it next. */
async function peekStdin(): Promise<Buffer> {
  const stdin = process.stdin;
  const chunk = await new Promise<Buffer | null>((resolve, reject) => {
    const take = () => {
      const c = stdin.read() as Buffer | null;
      if (c === null && !stdin.readableEnded) return; // not yet: wait for the next 'readable'
      stdin.off('readable', take).off('end', ended).off('error', reject);
      resolve(c);
    };
    const ended = () => {
      stdin.off('readable', take).off('error', reject);
      resolve(null);
    };
    stdin.on('readable', take).once('end', ended).once('error', reject);
  }).catch(() => null); // the log reader reports the error
  if (chunk === null) return Buffer.alloc(0);
  stdin.unshift(chunk);
  return chunk.subarray(0, PEEK);
}

function firstNonBlank(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[\s\uFEFF]/.test(text[i])) i++;
  return i;
}
