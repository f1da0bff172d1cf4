/**
 * Web access logs (Apache, Nginx) → one `web` event per request. Reads common and combined lines,
 * with or without a vhost prefix, or any `--log-format` string. Never decides whether a request
 * was a login attempt: that is the detector's job.
 */
import { isIPv6 } from 'node:net';
import type { Event } from '../../core/event.ts';
import { MAX_LINE_BYTES } from '../read-lines.ts';
import { type CompiledFormat, compileAccessFormat } from './access-log-format.ts';
import type { Format, FormatContext, KeptLines, LineParser, LoginSink } from './format.ts';
import { LineScan, type VisitLine } from './line-scan.ts';

const NOT_ACCESS = 'not an access-log line';
const BAD_TIME = 'bad timestamp';
const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
const DASH = 45;

type Emit = (event: Event) => void;

export const accessLogFormat: Format = {
  name: 'access',
  description: 'Apache/Nginx access logs: common, combined, vhost-prefixed, or a --log-format string',
  sniff(lines: string[], ctx: FormatContext): number {
    const parser = accessLogFormat.createParser(ctx);
    let tried = 0;
    let parsed = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      tried++;
      if (parser.parse(lines[i], i + 1, () => {}) === undefined) parsed++;
    }
    parser.end?.(() => {});
    return tried === 0 ? 0 : parsed / tried;
  },
  createParser(ctx: FormatContext): LineParser {
    const file = ctx.file;
    const loginsOnly = ctx.interest === 'logins';
    if (ctx.logFormat === undefined) {
      const parseLine: LineFn = (line, raw, lineNo, file, emit) =>
        parseDefault(line, raw, lineNo, file, emit, loginsOnly);
      const parse: LineParser['parse'] = (line, lineNo, emit) =>
        withUnwrap(line, lineNo, file, emit, parseLine);
      if (!loginsOnly) return { parse };
      const time = new ClfTimeCheck();
      const skip = plainRequestSkipper(time);
      const sink = ctx.logins;
      const scan = new LineScan(sink ? 'access-facts' : 'access', { skip, time });
      return {
        parse,
        skip,
        keptLines: sink
          ? (run, firstLine, visit) => readRequests(scan, time, sink, run, firstLine, visit)
          : (run, _firstLine, visit) => ({ lines: scan.lines(run, visit), read: 0 }),
        chunkBuffer: () => scan.chunkBuffer(),
        end: () => scan.release(),
      };
    }
    const format = compileAccessFormat(ctx.logFormat);
    const parseLine: LineFn = (line, raw, lineNo, file, emit) =>
      parseCustom(format, line, raw, lineNo, file, loginsOnly ? keepLogins(emit) : emit);
    return {
      parse: (line, lineNo, emit) => withUnwrap(line, lineNo, file, emit, parseLine),
      notes: () => [`access log read with a custom ${format.syntax} format`],
    };
  },
};

type LineFn = (line: string, raw: string, lineNo: number, file: string, emit: Emit) => string | undefined;

/**
 * Some shippers store each line as one quoted string (`"1.2.3.4 - - [...] \"GET / HTTP/1.1\" ..."`):
 * when a line does not parse as is, unwrap it and try again. `event.original` keeps the raw line.
 */
function withUnwrap(
  line: string,
  lineNo: number,
  file: string,
  emit: Emit,
  parse: LineFn,
): string | undefined {
  const end = line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length; // CRLF files
  const body = end === line.length ? line : line.slice(0, end);
  if (end === 0 || (body.charCodeAt(0) <= SPACE && body.trim() === '')) return undefined; // blank: nothing wrong
  const reason = parse(body, line, lineNo, file, emit);
  const wrapped = end > 1 && body.charCodeAt(0) === QUOTE && body.charCodeAt(end - 1) === QUOTE;
  if (reason === undefined || !wrapped) return reason;
  const inner = body.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return parse(inner, line, lineNo, file, emit) === undefined ? undefined : reason;
}

/**
 * `[vhost[:port] ]client ident user [10/Oct/2000:13:55:36 -0700] "request" status bytes["referer" "agent"]…`,
 * anything after the agent ignored. A hand scanner: no match array, no strings for the fields
 * it drops (ident), and no backtracking on hostile lines.
 */
function parseDefault(
  line: string,
  raw: string,
  lineNo: number,
  file: string,
  emit: Emit,
  loginsOnly: boolean,
): string | undefined {
  // The user field may hold spaces and even ` [`, but never a raw `"` (Apache and Nginx escape
  // it), so the timestamp is the first ` [` followed by a valid time and `] "`.
  let lb = line.indexOf(' [');
  let time = Number.NaN;
  let reason = NOT_ACCESS;
  for (; lb !== -1; lb = line.indexOf(' [', lb + 2)) {
    time = clfTime(line, lb + 2);
    if (Number.isNaN(time)) reason = BAD_TIME;
    else if (line.startsWith('] "', lb + 28)) break;
  }
  if (lb === -1) return reason;
  const escaped = line.indexOf('\\') !== -1; // rare: only then unescape fields

  const s1 = line.indexOf(' ');
  const s2 = line.indexOf(' ', s1 + 1);
  if (s2 === -1 || s2 >= lb) return NOT_ACCESS;
  const s3 = line.indexOf(' ', s2 + 1);
  // Three tokens before the time, or an ident of '-' second (it always is): no vhost prefix.
  const plain = s3 === lb || (s2 === s1 + 2 && line.charCodeAt(s1 + 1) === DASH);
  let domain: string | undefined;
  let client: string;
  let user: string | undefined;
  if (plain) {
    client = line.slice(0, s1);
    user = text(line, s2 + 1, lb, escaped);
  } else {
    domain = vhostName(line.slice(0, s1));
    client = line.slice(s1 + 1, s2);
    user = text(line, s3 + 1, lb, escaped);
  }

  // The request ends at the first unescaped quote. Loggers that did not escape quotes leave
  // a raw `"` inside it: then the real end is the next quote followed by a status.
  const r0 = lb + 31;
  let q = closingQuote(line, r0);
  let status = q === -1 ? -1 : statusAt(line, q + 1);
  while (status === -1 && q !== -1) {
    q = line.indexOf('"', q + 1);
    if (q !== -1) status = statusAt(line, q + 1);
  }
  if (q === -1) return NOT_ACCESS;
  // The line has its shape; when only logins matter, most requests end here, before any allocation.
  if (loginsOnly && !maybeLogin(status, user, line.startsWith('POST ', r0))) return undefined;

  let p = q + 5;
  let bytes: number | undefined;
  if (p < line.length) {
    p++;
    const b0 = p;
    let n = 0;
    for (let c = line.charCodeAt(p); c >= 48 && c <= 57; c = line.charCodeAt(++p)) n = n * 10 + c - 48;
    if (p > b0) bytes = n;
    else if (line.charCodeAt(p) === DASH) p++;
    if (p < line.length && line.charCodeAt(p) !== SPACE) return 'bad byte count';
  }

  let referrer: string | undefined;
  let agent: string | undefined;
  if (line.charCodeAt(p + 1) === QUOTE) {
    const e1 = closingQuote(line, p + 2);
    if (e1 === -1) return 'unterminated quoted field';
    referrer = text(line, p + 2, e1, escaped);
    if (line.charCodeAt(e1 + 1) === SPACE && line.charCodeAt(e1 + 2) === QUOTE) {
      const e2 = closingQuote(line, e1 + 3);
      if (e2 === -1) return 'unterminated quoted field';
      agent = text(line, e1 + 3, e2, escaped);
    }
  }

  if (!escaped) splitRequest(line, r0, q);
  else {
    const request = unescapeQuotes(line.slice(r0, q));
    splitRequest(request, 0, request.length);
  }
  emit(webEvent(raw, file, lineNo, time, client, user, status, bytes, referrer, agent, domain));
  return undefined;
}

/**
 * The byte prefilter for `interest: 'logins'`: skips a line shaped `client - - [<26-char time>] "`
 * (no authenticated user) whose request is not a POST and whose status is neither 401 nor 407.
 * The shape is checked byte by byte at fixed offsets, the time as the parser checks it, and the
 * status where the parser reads it: after the request's first quote, when no backslash escapes
 * that quote and a status follows it (anything else is left to the parser). Vhost prefixes, users,
 * odd shapes are parsed in full. line-scan.wat runs the same test over whole chunks.
 */
function plainRequestSkipper(time: ClfTimeCheck): (bytes: Buffer, start: number, end: number) => boolean {
  return (bytes, start, end) => {
    let h = start;
    while (h < end && bytes[h] !== SPACE) h++;
    // ` - - [10/Oct/2000:13:55:36 -0700] "` from h: `]` at h + 32, then ` "`, then the request.
    if (end - h < 40 || bytes[h + 1] !== DASH || bytes[h + 2] !== SPACE || bytes[h + 3] !== DASH)
      return false;
    if (bytes[h + 4] !== SPACE || bytes[h + 5] !== 91 || bytes[h + 32] !== 93 || bytes[h + 34] !== QUOTE)
      return false;
    if (bytes[h + 35] === 80 && bytes[h + 36] === 79 && bytes[h + 37] === 83 && bytes[h + 38] === 84)
      return false; // POST
    if (!time.valid(bytes, h + 6)) return false; // the parser names a bad time
    let q = h + 35;
    while (q < end && bytes[q] !== QUOTE) q++;
    // ` 200` then a space or the end, as statusAt reads it
    if (end - q < 5 || bytes[q - 1] === BACKSLASH || bytes[q + 1] !== SPACE) return false;
    const a = bytes[q + 2] - 48;
    const b = bytes[q + 3] - 48;
    const c = bytes[q + 4] - 48;
    if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return false;
    if (q + 5 !== end && bytes[q + 5] !== SPACE) return false;
    return !(a === 4 && b === 0 && (c === 1 || c === 7));
  };
}

/** The facts of a request line, as line-scan.wat writes them in its record. */
const [FACT, STATUS, PATH_END, SECONDS, IPV4, PATH_START, ADDRESS, ADDRESS_START, ADDRESS_END] = [
  3, 4, 5, 6, 7, 8, 9, 10, 11,
];

/**
 * The lines of `run` whose facts (line-scan.wat) tell all a login question asks are read here, with
 * no string but a POST's path; the others are visited, and parsed as text. A line is read from
 * its facts only when parseDefault would understand it as it is and make the same request of it.
 */
function readRequests(
  scan: LineScan,
  time: ClfTimeCheck,
  sink: LoginSink,
  run: Buffer,
  firstLine: number,
  visit: VisitLine,
): KeptLines {
  let read = 0;
  const r = scan.record;
  const lines = scan.lines(run, (start, end, index, at) => {
    if (at < 0 || end - start > MAX_LINE_BYTES || r[at + FACT] !== 1) return visit(start, end, index, at);
    read++;
    const status = r[at + STATUS];
    const post = r[at + PATH_START] >= 0;
    if (!maybeLogin(status, undefined, post)) return;
    const address = r[at + ADDRESS];
    sink.request(
      time.hourMs + r[at + SECONDS] * 1000,
      firstLine + index,
      status,
      post ? scan.text(r[at + PATH_START], r[at + PATH_END]) : undefined,
      address === 1 ? r[at + IPV4] >>> 0 : -1,
      address === 2 ? scan.text(r[at + ADDRESS_START], r[at + ADDRESS_END]) : undefined,
    );
  });
  return { lines, read };
}

/**
 * `clfTime`'s verdict on the 26 bytes of `dd/Mon/yyyy:hh:mm:ss +zzzz`, cheaply: lines of one hour
 * share the day, hour and offset, so only minutes and seconds are checked when those bytes equal
 * the last ones `clfTime` accepted; anything new goes through `clfTime` itself.
 */
export class ClfTimeCheck {
  /** The last time accepted, once `known`. */
  readonly last = new Uint8Array(26);
  known = false;
  /** The start of the last accepted time's hour, epoch ms: a time of that hour adds its minutes and seconds. */
  hourMs = Number.NaN;

  valid(b: Buffer, t: number): boolean {
    const last = this.last;
    let same = this.known;
    for (let k = 0; same && k < 14; k++) same = b[t + k] === last[k]; // dd/Mon/yyyy:hh
    for (let k = 20; same && k < 26; k++) same = b[t + k] === last[k]; // ` +zzzz`
    if (same) {
      const m = (b[t + 15] - 48) * 10 + b[t + 16] - 48;
      const s = (b[t + 18] - 48) * 10 + b[t + 19] - 48;
      return (
        b[t + 14] === 58 &&
        b[t + 17] === 58 &&
        isDigit(b[t + 15]) &&
        isDigit(b[t + 16]) &&
        isDigit(b[t + 18]) &&
        isDigit(b[t + 19]) &&
        m <= 59 &&
        s <= 60
      );
    }
    const ms = clfTime(b.toString('latin1', t, t + 26), 0);
    if (Number.isNaN(ms)) return false;
    last.set(b.subarray(t, t + 26));
    this.known = true;
    const minutes = (b[t + 15] - 48) * 10 + b[t + 16] - 48;
    this.hourMs = ms - (minutes * 60 + (b[t + 18] - 48) * 10 + b[t + 19] - 48) * 1000;
    return true;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Could this request be a login attempt or success (docs/DEFINITIONS.md)? A superset, cheaply. */
function maybeLogin(status: number, user: string | undefined, post: boolean): boolean {
  return status === 401 || status === 407 || post || user !== undefined;
}

function keepLogins(emit: Emit): Emit {
  return (e) => {
    if (maybeLogin(e['http.response.status_code'] ?? -1, e['user.name'], e['http.request.method'] === 'POST'))
      emit(e);
  };
}

function parseCustom(
  format: CompiledFormat,
  line: string,
  raw: string,
  lineNo: number,
  file: string,
  emit: Emit,
): string | undefined {
  const m = format.regex.exec(line);
  if (m === null) return `line does not match --log-format`;
  const fields = format.fields;
  let time = Number.NaN;
  let client: string | undefined;
  let user: string | undefined;
  let request: string | undefined;
  let uri: string | undefined;
  let path: string | undefined;
  let query: string | undefined;
  let method: string | undefined;
  let protocol: string | undefined;
  let status = -1;
  let body: number | undefined;
  let total: number | undefined;
  let referrer: string | undefined;
  let agent: string | undefined;
  let domain: string | undefined;
  let forwarded: string | undefined;
  let port: number | undefined;
  let durationNs: number | undefined;
  for (let i = 0; i < fields.length; i++) {
    const v = m[i + 1];
    switch (fields[i]) {
      case 'client':
        client = orAbsent(v);
        break;
      case 'clientPort':
        port = count(v);
        break;
      case 'user':
        user = orAbsent(v);
        break;
      case 'timeClf':
        time = clfTime(v, 0);
        break;
      case 'timeIso':
        time = isoTime(v);
        break;
      case 'epochS':
        time = epoch(v, 1000);
        break;
      case 'epochMs':
        time = epoch(v, 1);
        break;
      case 'epochUs':
        time = epoch(v, 0.001);
        break;
      case 'request':
        request = unescapeQuotes(v);
        break;
      case 'method':
        method = orAbsent(v);
        break;
      case 'uri':
        uri = orAbsent(unescapeQuotes(v));
        break;
      case 'path':
        path = orAbsent(unescapeQuotes(v));
        break;
      case 'query':
        query = orAbsent(unescapeQuotes(v));
        break;
      case 'protocol':
        protocol = orAbsent(v);
        break;
      case 'status':
        status = v === '-' ? -1 : Number(v);
        break;
      case 'bodyBytes':
        body = count(v);
        break;
      case 'totalBytes':
        total = count(v);
        break;
      case 'referrer':
        referrer = orAbsent(unescapeQuotes(v));
        break;
      case 'userAgent':
        agent = orAbsent(unescapeQuotes(v));
        break;
      case 'domain':
        domain = orAbsent(v);
        break;
      case 'forwardedFor':
        forwarded = orAbsent(v);
        break;
      case 'durationS':
        durationNs = duration(v, 1e9);
        break;
      case 'durationMs':
        durationNs = duration(v, 1e6);
        break;
      case 'durationUs':
        durationNs = duration(v, 1e3);
        break;
    }
  }
  if (Number.isNaN(time)) return BAD_TIME;

  if (request !== undefined) splitRequest(request, 0, request.length);
  else {
    // %m %U%q / $request_method $uri?$args instead of the request line. Apache's %q keeps its '?'.
    reqMethod = method;
    reqUrl =
      uri ??
      (path === undefined ? undefined : query ? `${path}${query[0] === '?' ? '' : '?'}${query}` : path);
    reqVersion = protocol?.startsWith('HTTP/') ? protocol.slice(5) : undefined;
  }
  const event = webEvent(raw, file, lineNo, time, client, user, status, body, referrer, agent, domain);
  if (path !== undefined) event['url.path'] = path; // %U / $uri: the path, even without a method
  if (total !== undefined) event['http.response.bytes'] = total;
  if (port !== undefined) event['source.port'] = port;
  if (forwarded !== undefined) event['network.forwarded_ip'] = forwarded;
  if (durationNs !== undefined) event['event.duration'] = durationNs;
  emit(event);
  return undefined;
}

// splitRequest's results: module scratch, so the hot path allocates no tuple per line.
let reqMethod: string | undefined;
let reqUrl: string | undefined;
let reqVersion: string | undefined;

/**
 * `GET /a?b HTTP/1.1` in `s[start..end)` → GET, /a?b, 1.1. `GET /` (HTTP/0.9) → GET, /. Anything
 * else (TLS handshake bytes, `SSH-2.0-…`) keeps the whole text as the URL and has no method.
 */
function splitRequest(s: string, start: number, end: number): void {
  reqMethod = undefined;
  reqVersion = undefined;
  reqUrl = undefined;
  if (end === start || (end === start + 1 && s.charCodeAt(start) === DASH)) return;
  const s1 = s.indexOf(' ', start);
  // Nearly always ` HTTP/1.1`: test that position before searching backwards.
  const s2 = s.charCodeAt(end - 9) === SPACE && end - 9 > start ? end - 9 : s.lastIndexOf(' ', end - 1);
  if (s1 > start && s1 < end && isMethod(s, start, s1)) {
    if (s2 > s1 + 1 && s.startsWith('HTTP/', s2 + 1)) {
      reqMethod = methodName(s, start, s1);
      reqUrl = s.slice(s1 + 1, s2);
      reqVersion = end - s2 === 9 && s.startsWith('1.1', s2 + 6) ? '1.1' : s.slice(s2 + 6, end);
      return;
    }
    if (s2 === s1 && s.charCodeAt(s1 + 1) === 47) {
      reqMethod = methodName(s, start, s1);
      reqUrl = s.slice(s1 + 1, end);
      return;
    }
  }
  reqUrl = s.slice(start, end);
}

/** The common methods as constants: a 3-byte slice would be a fresh string per line. */
function methodName(s: string, start: number, end: number): string {
  if (end - start === 3 && s.startsWith('GET', start)) return 'GET';
  if (end - start === 4 && s.startsWith('POST', start)) return 'POST';
  return s.slice(start, end);
}

function isMethod(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    // A-Z, and '-' / '_' for WebDAV and extension methods (VERSION-CONTROL).
    if (!((c >= 65 && c <= 90) || c === DASH || c === 95)) return false;
  }
  return true;
}

/** One shape for every event (absent fields are `undefined`), so consumers stay monomorphic. */
function webEvent(
  raw: string,
  file: string,
  lineNo: number,
  time: number,
  client: string | undefined,
  user: string | undefined,
  status: number,
  bytes: number | undefined,
  referrer: string | undefined,
  agent: string | undefined,
  domain: string | undefined,
): Event {
  return {
    '@timestamp': time,
    'event.dataset': 'web.access',
    'event.category': 'web',
    'event.original': raw,
    'log.file.path': file,
    'log.file.line': lineNo,
    'source.address': client,
    'source.ip': client !== undefined && isIp(client) ? client : undefined,
    'user.name': user,
    'http.request.method': reqMethod,
    'http.version': reqVersion,
    'http.response.status_code': status === -1 ? undefined : status,
    'http.response.body.bytes': bytes,
    'http.request.referrer': referrer,
    'url.original': reqUrl,
    'url.path': reqMethod === undefined || reqUrl === undefined ? undefined : urlPath(reqUrl),
    'url.domain': domain,
    'user_agent.original': agent,
  };
}

/** `/a/b?c` → `/a/b`; `http://h/a?c` (proxy requests) → `/a`; `*` or `host:443` (CONNECT) → undefined. */
function urlPath(url: string): string | undefined {
  let start = 0;
  if (url.charCodeAt(0) !== 47) {
    const scheme = url.indexOf('://');
    if (scheme === -1) return undefined;
    start = url.indexOf('/', scheme + 3);
    if (start === -1) return '/';
  }
  const end = url.indexOf('?', start);
  return end === -1 ? (start === 0 ? url : url.slice(start)) : url.slice(start, end);
}

/** `example.org:443` → `example.org`; an IPv6 literal (several colons) is left whole. */
function vhostName(vhost: string): string | undefined {
  const colon = vhost.indexOf(':');
  const name = colon !== -1 && colon === vhost.lastIndexOf(':') ? vhost.slice(0, colon) : vhost;
  return orAbsent(name);
}

/** Index of the quote closing a field opened before `from`: the first not escaped by a backslash. */
function closingQuote(line: string, from: number): number {
  let q = line.indexOf('"', from);
  while (q !== -1) {
    let n = 0;
    while (line.charCodeAt(q - 1 - n) === BACKSLASH) n++;
    if ((n & 1) === 0) return q;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

/** ` 200` followed by a space or the end of the line → 200, else -1. */
function statusAt(line: string, i: number): number {
  if (line.charCodeAt(i) !== SPACE) return -1;
  const a = line.charCodeAt(i + 1) - 48;
  const b = line.charCodeAt(i + 2) - 48;
  const c = line.charCodeAt(i + 3) - 48;
  if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  const after = line.charCodeAt(i + 4);
  return after === SPACE || Number.isNaN(after) ? a * 100 + b * 10 + c : -1;
}

/** The text of a field, `\"` and `\\` unescaped; `-` and empty mean absent. */
function text(line: string, start: number, end: number, escaped: boolean): string | undefined {
  if (end === start || (end === start + 1 && line.charCodeAt(start) === DASH)) return undefined;
  return escaped ? unescapeQuotes(line.slice(start, end)) : line.slice(start, end);
}

/** Apache writes `"` and `\` as `\"` and `\\`; other escapes (`\x16`, Nginx's `\x22`) stay as logged. */
function unescapeQuotes(s: string): string {
  return s.indexOf('\\') === -1 ? s : s.replace(/\\(["\\])/g, '$1');
}

function orAbsent(s: string | undefined): string | undefined {
  return s === undefined || s === '' || s === '-' ? undefined : s;
}

/** `2326` → 2326; `-`, empty or anything else → undefined. */
function count(s: string): number | undefined {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return s.length === 0 ? undefined : n;
}

/** Epoch seconds, ms or µs (`1700000000.123`) → ms, or NaN. */
function epoch(s: string, msPerUnit: number): number {
  return /^\d+(?:\.\d+)?$/.test(s) ? Math.floor(Number(s) * msPerUnit) : Number.NaN;
}

function duration(s: string, nsPerUnit: number): number | undefined {
  const n = Number(s);
  return s === '' || s === '-' || !Number.isFinite(n) ? undefined : Math.round(n * nsPerUnit);
}

function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Checked so that `31/Feb` is rejected instead of rolling over into March. */
function daysIn(month: number, year: number): number {
  if (month !== 1) return DAYS_IN_MONTH[month];
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * `10/Oct/2000:13:55:36 -0700` at `s[i]` → epoch ms UTC, or NaN. Fixed positions, no Date.parse:
 * this runs once per line on gigabytes.
 *
 * @example clfTime('10/Oct/2000:13:55:36 -0700', 0) // Date.UTC(2000, 9, 10, 20, 55, 36)
 */
function clfTime(s: string, i: number): number {
  const day = digits2(s, i);
  const month = monthAt(s, i + 3);
  const century = digits2(s, i + 7);
  const yy = digits2(s, i + 9);
  const hour = digits2(s, i + 12);
  const minute = digits2(s, i + 15);
  const second = digits2(s, i + 18);
  const sign = s.charCodeAt(i + 21);
  const offH = digits2(s, i + 22);
  const offM = digits2(s, i + 24);
  const valid =
    month !== -1 &&
    day >= 1 &&
    day <= daysIn(month, century * 100 + yy) &&
    century >= 0 &&
    yy >= 0 &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 60 &&
    (sign === 43 || sign === DASH) &&
    offH >= 0 &&
    offM >= 0 &&
    offM <= 59 &&
    s.charCodeAt(i + 2) === 47 &&
    s.charCodeAt(i + 6) === 47 &&
    s.charCodeAt(i + 11) === 58 &&
    s.charCodeAt(i + 14) === 58 &&
    s.charCodeAt(i + 17) === 58 &&
    s.charCodeAt(i + 20) === SPACE;
  if (!valid) return Number.NaN;
  // Consecutive lines share a day: Date.UTC once per day, not once per line.
  const dayKey = (century * 100 + yy) * 512 + month * 32 + day;
  if (dayKey !== cachedDayKey) {
    cachedDayKey = dayKey;
    cachedDayMs = Date.UTC(century * 100 + yy, month, day);
  }
  const offset = (offH * 60 + offM) * 60_000;
  const utc = cachedDayMs + ((hour * 60 + minute) * 60 + second) * 1000;
  return sign === DASH ? utc + offset : utc - offset;
}

let cachedDayKey = -1;
let cachedDayMs = 0;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Oct` at `s[i]` → 9, or -1. Guesses from the letters that differ, then checks all three. */
function monthAt(s: string, i: number): number {
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  let m: number;
  switch (s.charCodeAt(i)) {
    case 74: // J
      m = b === 97 ? 0 : c === 110 ? 5 : 6;
      break;
    case 70: // F
      m = 1;
      break;
    case 77: // M
      m = c === 114 ? 2 : 4;
      break;
    case 65: // A
      m = b === 112 ? 3 : 7;
      break;
    case 83: // S
      m = 8;
      break;
    case 79: // O
      m = 9;
      break;
    case 78: // N
      m = 10;
      break;
    case 68: // D
      m = 11;
      break;
    default:
      return -1;
  }
  return s.startsWith(MONTH_NAMES[m], i) ? m : -1;
}

/** `2000-10-10T13:55:36+02:00` (Nginx `$time_iso8601`), optional fraction, `Z` or `±hh[:]mm`. */
function isoTime(s: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(?:Z|([+-])(\d\d):?(\d\d))$/.exec(s);
  if (m === null) return Number.NaN;
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  const bad =
    month > 11 || day < 1 || day > daysIn(month, Number(m[1])) || Number(m[4]) > 23 || Number(m[5]) > 59;
  if (bad || Number(m[6]) > 60) return Number.NaN;
  const ms = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const utc = Date.UTC(Number(m[1]), month, day, Number(m[4]), Number(m[5]), Number(m[6]), ms);
  const offset = m[8] ? (Number(m[9]) * 60 + Number(m[10])) * 60_000 : 0;
  return m[8] === '-' ? utc + offset : utc - offset;
}

/**
 * The same answer as `net.isIP(s) !== 0`, without its regex for the common case: IPv4 is checked
 * by hand, and only text with a ':' goes to `isIPv6`.
 */
function isIp(s: string): boolean {
  let dots = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return maybeIPv6(s);
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return maybeIPv6(s); // a leading zero: net.isIPv4 refuses it
      value = value * 10 + c - 48;
      if (++digits > 3 || value > 255) return maybeIPv6(s);
    } else {
      return maybeIPv6(s);
    }
  }
  return dots === 3 && digits > 0;
}

function maybeIPv6(s: string): boolean {
  return s.indexOf(':') !== -1 && isIPv6(s);
}
