/**
 * Compiles a user's `--log-format` (an Nginx `log_format` or an Apache `LogFormat` string) into one
 * anchored RegExp and the meaning of each of its capture groups. Never reads log lines itself.
 */
import { PicketError } from '../../core/errors.ts';

/** What one capture group holds. `skip` groups must match (so the line fits) but are not kept. */
export type AccessField =
  | 'client'
  | 'clientPort'
  | 'user'
  | 'timeClf'
  | 'timeIso'
  | 'epochS'
  | 'epochMs'
  | 'epochUs'
  | 'request'
  | 'method'
  | 'path'
  | 'query'
  | 'uri'
  | 'protocol'
  | 'status'
  | 'bodyBytes'
  | 'totalBytes'
  | 'referrer'
  | 'userAgent'
  | 'domain'
  | 'forwardedFor'
  | 'durationS'
  | 'durationMs'
  | 'durationUs'
  | 'skip';

export type CompiledFormat = {
  syntax: 'nginx' | 'apache';
  regex: RegExp;
  /** `fields[i]` is the meaning of capture group `i + 1`. */
  fields: AccessField[];
};

const NGINX_VARS: Record<string, AccessField> = {
  remote_addr: 'client',
  binary_remote_addr: 'skip',
  remote_port: 'clientPort',
  remote_user: 'user',
  time_local: 'timeClf',
  time_iso8601: 'timeIso',
  msec: 'epochS',
  request: 'request',
  request_method: 'method',
  request_uri: 'uri',
  uri: 'path',
  document_uri: 'path',
  args: 'query',
  query_string: 'query',
  server_protocol: 'protocol',
  status: 'status',
  body_bytes_sent: 'bodyBytes',
  bytes_sent: 'totalBytes',
  http_referer: 'referrer',
  http_user_agent: 'userAgent',
  host: 'domain',
  http_host: 'domain',
  server_name: 'domain',
  http_x_forwarded_for: 'forwardedFor',
  request_time: 'durationS',
};

/** Apache directives without `{…}`; `h` and `a` are both the client (`%a` is the IP, `%h` may be a name). */
const APACHE_LETTERS: Record<string, AccessField> = {
  h: 'client',
  a: 'client',
  u: 'user',
  t: 'timeClf',
  r: 'request',
  m: 'method',
  U: 'path',
  q: 'query',
  H: 'protocol',
  s: 'status',
  b: 'bodyBytes',
  B: 'bodyBytes',
  O: 'totalBytes',
  v: 'domain',
  V: 'domain',
  D: 'durationUs',
  T: 'durationS',
};
// Every other mod_log_config letter (and mod_ssl's %{…}x) is valid but not kept.
const APACHE_OTHER = new Set('ACcefiklLnopPRSXIx');

const APACHE_HEADERS: Record<string, AccessField> = {
  referer: 'referrer',
  'user-agent': 'userAgent',
  host: 'domain',
  'x-forwarded-for': 'forwardedFor',
};

/** Fields whose values never hold spaces or quotes, so a fast `[^c]*` is safe. */
const TOKEN_FIELDS = new Set<AccessField>([
  'client',
  'clientPort',
  'status',
  'bodyBytes',
  'totalBytes',
  'epochS',
  'epochMs',
  'epochUs',
  'durationS',
  'durationMs',
  'durationUs',
  'method',
  'protocol',
]);

const CLF_TIME = '(\\d\\d/[A-Za-z]{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4})';
const ISO_TIME = '(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d))';
// Unrolled `"(?:[^"\\]|\\.)*"`: Apache escapes `"` as `\"`, Nginx's escape=json does too.
const QUOTED = '([^"\\\\]*(?:\\\\.[^"\\\\]*)*)';

/** A literal, or a field with, when its shape is fixed whatever surrounds it, its own pattern. */
type Piece = { literal: string } | { field: AccessField; pattern?: string };

function invalid(message: string): PicketError {
  return new PicketError('FORMAT_STRING_INVALID', `--log-format ${message}`);
}

/**
 * Each field's pattern is as tight as its neighbours allow: fixed shapes for times and status,
 * escape-aware for quoted fields, `[^<next delimiter>]*` for tokens, lazy `.*?` for the rest.
 *
 * @example compileAccessFormat('$remote_addr [$time_local] "$request" $status')
 * // { syntax: 'nginx', fields: ['client', 'timeClf', 'request', 'status'],
 * //   regex: /^([^ ]*) \[(\d\d\/[A-Za-z]{3}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}|-)$/ }
 */
export function compileAccessFormat(formatString: string): CompiledFormat {
  const text = unquoteConfig(formatString.trim());
  if (text === '') throw invalid('is empty');
  const syntax = /\$\{?[A-Za-z_]/.test(text) ? 'nginx' : 'apache';
  const pieces = syntax === 'nginx' ? nginxPieces(text) : apachePieces(text);
  const fields: AccessField[] = [];
  let source = '^';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if ('literal' in piece) {
      source += escapeRegExp(piece.literal);
      continue;
    }
    fields.push(piece.field);
    const before = pieces[i - 1];
    const after = pieces[i + 1];
    const next = after && 'literal' in after ? after.literal : '';
    const quoted = before && 'literal' in before && before.literal.endsWith('"') && next.startsWith('"');
    if (piece.pattern) source += piece.pattern;
    else if (piece.field === 'timeClf') source += CLF_TIME;
    else if (piece.field === 'timeIso') source += ISO_TIME;
    else if (piece.field === 'status') source += '(\\d{3}|-)';
    else if (quoted) source += QUOTED;
    else if (TOKEN_FIELDS.has(piece.field) && !after) source += '(\\S*)';
    else if (!after) source += '(.*)';
    else if (TOKEN_FIELDS.has(piece.field) && next !== '') source += `([^${escapeClass(next[0])}]*)`;
    else source += '(.*?)'; // may hold the next delimiter (`$upstream_response_time` is "0.1, 0.2")
  }
  if (fields.length === 0) throw invalid(`has no fields: '${text}'`);
  if (!fields.some((f) => f === 'timeClf' || f === 'timeIso' || f.startsWith('epoch'))) {
    throw invalid(
      syntax === 'nginx'
        ? 'has no time field ($time_local, $time_iso8601 or $msec)'
        : 'has no time field (%t, %{sec}t, %{msec}t or %{usec}t)',
    );
  }
  return { syntax, regex: new RegExp(`${source}$`), fields };
}

function nginxPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  const re = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) pieces.push({ literal: text.slice(last, m.index) });
    const name = (m[1] ?? m[2]).toLowerCase();
    pieces.push({ field: NGINX_VARS[name] ?? 'skip' });
    last = re.lastIndex;
  }
  if (text.replace(re, '').includes('$')) throw invalid(`has a '$' without a variable name: '${text}'`);
  if (last < text.length) pieces.push({ literal: text.slice(last) });
  return pieces;
}

function apachePieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  const re = /%[!<>0-9,]*(?:\{([^}]*)\})?(\^t[io]|[A-Za-z%])?/g;
  let literal = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    literal += text.slice(last, m.index);
    last = re.lastIndex;
    const [, arg, letter] = m;
    if (!letter) throw invalid(`has an incomplete directive at column ${m.index + 1}: '${text}'`);
    if (letter === '%') {
      literal += '%';
      continue;
    }
    const field = apacheField(letter, arg, m.index);
    if (literal) pieces.push({ literal });
    literal = '';
    pieces.push({ field, pattern: apachePattern(letter, arg) });
  }
  literal += text.slice(last);
  if (literal) pieces.push({ literal });
  return pieces;
}

function apachePattern(letter: string, arg: string | undefined): string | undefined {
  // Plain %t writes its own brackets: `[10/Oct/2000:13:55:36 -0700]`.
  if (letter === 't' && arg === undefined) return `\\[${CLF_TIME}\\]`;
  // identd's answer is one token (nearly always '-'); a lazy group here would make %l %u quadratic.
  if (letter === 'l') return '(\\S*)';
  // %q is empty or starts with '?': lets `%U%q` split without a delimiter between them.
  if (letter === 'q') return '((?:\\?[^ "]*)?)';
  return undefined;
}

function apacheField(letter: string, arg: string | undefined, index: number): AccessField {
  if (arg !== undefined) {
    const a = arg.toLowerCase();
    if (letter === 'i') return APACHE_HEADERS[a] ?? 'skip';
    if (letter === 'a' || letter === 'h') return 'client'; // %{c}a: the peer of the connection
    if (letter === 'p') return a === 'remote' ? 'clientPort' : 'skip';
    if (letter === 'T') return a === 'ms' ? 'durationMs' : a === 'us' ? 'durationUs' : 'durationS';
    if (letter === 't') {
      const unit = a.replace(/^(begin|end):/, '');
      if (unit === 'sec') return 'epochS';
      if (unit === 'msec') return 'epochMs';
      if (unit === 'usec') return 'epochUs';
      throw invalid(
        `uses %{${arg}}t at column ${index + 1}; only %t, %{sec}t, %{msec}t and %{usec}t are supported`,
      );
    }
    if (APACHE_LETTERS[letter] || APACHE_OTHER.has(letter) || letter.startsWith('^')) return 'skip';
  } else {
    const field = APACHE_LETTERS[letter];
    if (field) return field;
    if (APACHE_OTHER.has(letter) || letter.startsWith('^')) return 'skip';
  }
  throw invalid(`has an unknown directive '%${letter}' at column ${index + 1}`);
}

/**
 * Accepts a format pasted straight from a config file: `log_format main '…' '…';` (Nginx joins the
 * quoted parts) or `LogFormat "%h … \"%r\" …" combined` (Apache escapes the inner quotes).
 */
function unquoteConfig(text: string): string {
  let s = text;
  const keyword = /^(?:log_format\s+\S+(?:\s+escape=\S+)?|LogFormat)\s+/.exec(s);
  if (keyword) s = s.slice(keyword[0].length);
  const wrapped =
    keyword ||
    (s.length > 1 && s.startsWith("'") && s.endsWith("'")) ||
    (s.length > 1 && s.startsWith('"') && s.endsWith('"') && s.includes('\\"'));
  if (!wrapped || (s[0] !== "'" && s[0] !== '"')) return s;
  let out = '';
  const part = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/y;
  for (let m = part.exec(s); m; m = part.exec(s)) {
    out += (m[1] ?? m[2]).replace(/\\(.)/g, '$1');
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}
