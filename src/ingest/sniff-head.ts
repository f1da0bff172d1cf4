import { open } from 'node:fs/promises';
import { bestFormat, type FormatContext, SNIFF_LINES } from './formats/index.ts';
import type { SourceFile } from './sources.ts';

/** Room for SNIFF_LINES lines of any log Picket reads. */
const HEAD_BYTES = 64 << 10;

/**
 * The name of the format a file's first lines read as, from its head alone (gunzipped when it is
 * gzip): for planning before the file is parsed. Undefined when the head does not tell or cannot
 * be read — parsing the file then decides, and reports why.
 */
export async function sniffHead(
  file: SourceFile,
  ctx: Pick<FormatContext, 'tz' | 'year' | 'logFormat'>,
): Promise<string | undefined> {
  try {
    const fh = await open(file.path, 'r');
    let head: Buffer;
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    if (head[0] === 0x1f && head[1] === 0x8b) {
      const { constants, gunzipSync } = await import('node:zlib');
      // The head ends mid-stream: inflate as far as it goes instead of failing on the missing end.
      // A quarter of it holds the first lines of any log (logs compress well over 4:1); the whole
      // head could inflate to megabytes.
      const part = head.subarray(0, HEAD_BYTES / 4);
      head = gunzipSync(part, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, HEAD_BYTES);
    }
    const lines = head.toString('utf8').split('\n').slice(0, -1).slice(0, SNIFF_LINES);
    const sample = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    return bestFormat(sample, { file: file.path, mtimeMs: file.mtimeMs, ...ctx })?.name;
  } catch {
    return undefined;
  }
}
