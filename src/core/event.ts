/**
 * The normalized event every parser emits: a flat record keyed by Elastic Common Schema names.
 *
 * `@timestamp` is epoch milliseconds, UTC. `log.file.path` + `log.file.line` point back at the
 * evidence (`log.file.line` is Picket's extension: ECS has no field for a line number).
 * `event.original` keeps the raw line so format-specific fields are never lost.
 */
export type Event = {
  '@timestamp': number;
  'event.dataset': string; // 'apache.access' | 'nginx.access' | 'system.auth' | …
  'event.category'?: 'authentication' | 'web' | 'process' | 'network';
  'event.action'?: string;
  'event.outcome'?: 'success' | 'failure' | 'unknown';
  'event.original': string;
  'log.file.path': string;
  'log.file.line': number;
  'source.address'?: string; // IP or host name, as logged
  'source.ip'?: string; // set only when the address is an IP
  'source.port'?: number;
  'user.name'?: string;
  'host.hostname'?: string;
  'process.name'?: string;
  'process.pid'?: number;
  'http.request.method'?: string;
  'http.version'?: string;
  'http.response.status_code'?: number;
  'http.response.body.bytes'?: number;
  'http.request.referrer'?: string;
  'url.original'?: string;
  'url.path'?: string;
  'url.domain'?: string;
  'user_agent.original'?: string;
  /** Authentication attempts this event stands for (`message repeated N times` → N). Default 1. */
  'event.count'?: number;
  [field: string]: string | number | undefined;
};

/** Where a piece of evidence is: `file:line`. */
export type Evidence = { file: string; line: number };

export function formatEvidence(e: Evidence): string {
  return `${e.file}:${e.line}`;
}
