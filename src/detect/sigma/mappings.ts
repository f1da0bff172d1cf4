/**
 * Field mappings: the names Sigma rules use (its taxonomy: `cs-uri-query`, `c-ip`, `pam_user`, …)
 * → the fields Picket's records carry (ECS names: `url.original`, `source.address`, `user.name`).
 * They apply to records at match time — each mapped name becomes an alias field of the record — so
 * compiled rules and the engine never change. Also: the logsource of Picket's own events. Users'
 * mapping files are read by mapping-files.ts.
 *
 * Where the built-in names come from (facts, written here as our own tables):
 * - SigmaHQ/sigma-specification, specification/sigma-appendix-taxonomy.md (taxonomy 2.1.0),
 *   "Specific" fields of `category: webserver` (W3C extended log names) and the Linux services
 *   (`auth` = auth.log, `syslog`, and a program's own: `sshd`, `cron`, `sudo`, `vsftpd`, …).
 * - SigmaHQ's rules/web/webserver_generic: the names rules really use (`cs-method`,
 *   `cs-uri-query`, `cs-user-agent`, `cs-referer`, `sc-status`). They write whole paths into
 *   `cs-uri-query` (`…|endswith: '/mgmt/tm/util/bash'`, `'../../../etc/'`, IIS tilde scans ending
 *   `a.aspx`), so `cs-uri-query` is the request target as logged — path and query string —
 *   rather than the query string alone; `cs-uri-stem` is the path alone.
 * - SigmaHQ's Linux auth rules name PAM's items `pam_user` and `pam_rhost` (e.g. "Failed Logins
 *   with Different Accounts from Single Source System"); the rest are keyword rules, which search
 *   the raw line (`event.original`).
 */
import type { Event } from '../../core/event.ts';
import type { Fields, FieldValue, Logsource, Scalar } from '../../core/record.ts';
import type { RuleLogsource } from './rule.ts';

/** A set of aliases: Sigma field name → the record fields that hold it (a rule matches any of them). */
export type FieldMapping = {
  /** The records it applies to: those a rule of this logsource may meet. Absent: all. */
  readonly logsource?: RuleLogsource;
  readonly fields: ReadonlyMap<string, readonly string[]>;
  /** Where it was written (absent for the built-in tables). */
  readonly file?: string;
  readonly line?: number;
};

/** Compiled aliases: `names[i]` is read from the first present of `targets[i]` (all present: a list). */
export type Aliases = { readonly names: readonly string[]; readonly targets: readonly (readonly string[])[] };

// ---- Picket's own events: logsource and built-in aliases by `event.dataset` ----

/**
 * Access logs: `category: webserver`, product unknown (rules for Apache, Nginx or any web server
 * route), service `access` (the taxonomy's `product: apache, service: access`). The service is
 * known so that the hundreds of rules naming another product's service (`zeek`/`rdp`,
 * `cisco`/`aaa`, `windows`/`security`, …) do not meet web requests: with it unknown, 754 of
 * SigmaHQ's rules routed to an access log and a `not`-shaped Zeek rule flagged every request;
 * with it, 29. SigmaHQ's `service: apache` and `service: nginx` rules read error logs (taxonomy:
 * "Apache | service: apache | Application error.log"), so they do not route either.
 */
const WEBSERVER: Logsource = Object.freeze({
  categories: Object.freeze(['webserver']),
  services: Object.freeze(['access']),
});
/**
 * auth.log / secure (and any syslog file the auth parser reads): Sigma's `auth` and `syslog`
 * services, plus the service of the program that wrote the line (`sshd`, `cron`, `sudo`, …: the
 * taxonomy names Linux services after their programs), and no category (Linux categories —
 * process_creation, file_event, … — are Sysmon's and auditd's). One frozen object per program.
 */
const LINUX_AUTH: Logsource = linuxAuth([]);
const byProgram = new Map<string, Logsource>();
/** Programs given a service of their own; past this many, the rest share LINUX_AUTH. */
const MAX_PROGRAMS = 256;

function linuxAuth(services: string[]): Logsource {
  return Object.freeze({
    product: 'linux',
    services: Object.freeze(['auth', 'syslog', ...services]),
    categories: Object.freeze([]),
  });
}

/**
 * The logsource of an auth.log line written by `program` (`process.name`): `sshd-session`
 * (OpenSSH ≥ 9.8) is sshd, `CRON` is cron.
 */
function authLogsource(program: string | undefined): Logsource {
  if (program === undefined) return LINUX_AUTH;
  let ls = byProgram.get(program);
  if (ls === undefined) {
    const service = program.toLowerCase().replace(/-session$/, '');
    if (!/^[a-z0-9_.-]{1,64}$/.test(service) || byProgram.size >= MAX_PROGRAMS) return LINUX_AUTH;
    ls = linuxAuth([service]);
    byProgram.set(program, ls);
  }
  return ls;
}

// biome-ignore format: a table
const WEBSERVER_FIELDS: Readonly<Record<string, string>> = {
  'c-ip':          'source.address',
  'cs-username':   'user.name',
  'cs-method':     'http.request.method',
  'cs-uri-stem':   'url.path',
  'cs-uri-query':  'url.original',
  'cs-uri':        'url.original',
  'cs-version':    'http.version',
  'cs-host':       'url.domain',
  'cs-user-agent': 'user_agent.original',
  'cs-referer':    'http.request.referrer',
  'sc-status':     'http.response.status_code',
  'sc-bytes':      'http.response.body.bytes',
};

// biome-ignore format: a table
const LINUX_AUTH_FIELDS: Readonly<Record<string, string>> = {
  pam_user:  'user.name',
  pam_rhost: 'source.address',
};

type Dataset = { readonly logsource: Logsource; readonly fields: Readonly<Record<string, string>> };

const web: Dataset = { logsource: WEBSERVER, fields: WEBSERVER_FIELDS };
const DATASETS: ReadonlyMap<string, Dataset> = new Map([
  ['web.access', web],
  ['apache.access', web],
  ['nginx.access', web],
  ['system.auth', { logsource: LINUX_AUTH, fields: LINUX_AUTH_FIELDS }],
]);

/**
 * The Sigma logsource of Picket's events of a dataset, written by `program` (an event's
 * `process.name`; auth.log's lines have the service of theirs) — shared and frozen: the engine
 * caches routes per logsource object — or undefined for a dataset Picket's parsers do not emit.
 *
 * @example
 * picketLogsource('web.access')          // { categories: ['webserver'], services: ['access'] }
 * picketLogsource('system.auth', 'CRON') // { product: 'linux', services: ['auth', 'syslog', 'cron'], categories: [] }
 */
export function picketLogsource(dataset: string, program?: string): Logsource | undefined {
  if (dataset === 'system.auth') return authLogsource(program);
  return DATASETS.get(dataset)?.logsource;
}

/** The built-in aliases of a dataset, as a mapping (for listing them). */
export function builtinMapping(dataset: string): FieldMapping | undefined {
  const d = DATASETS.get(dataset);
  return d && { fields: new Map(Object.entries(d.fields).map(([k, v]) => [k, [v]])) };
}

const NO_ALIASES: Aliases = Object.freeze({ names: [], targets: [] });

/**
 * The aliases to give records: the user's mappings that apply to a record's logsource, and the
 * built-in ones of Picket's datasets. A name mapped several times reads every field named (the
 * user's first): the present ones give its value. Computed once per dataset and logsource object.
 */
export class SigmaMappings {
  readonly user: readonly FieldMapping[];
  readonly #used: ReadonlySet<string> | undefined;
  /** By dataset, then by program ('' for none): looked up twice per event, so no key is built. */
  readonly #byDataset = new Map<string, Map<string, { logsource?: Logsource; aliases: Aliases }>>();
  readonly #byLogsource = new WeakMap<Logsource, Aliases>();
  #unknown: Aliases | undefined;

  /**
   * `used`: the field names the loaded rules read (`FieldTable.names`), when known: an alias no
   * rule reads is not made. Each costs a property on every record (~0.1 µs), so Picket's 8 rules
   * make 5 of the 12 webserver aliases.
   */
  constructor(user: readonly FieldMapping[] = [], used?: Iterable<string>) {
    this.user = user;
    this.#used = used === undefined ? undefined : new Set(used);
  }

  /**
   * For an event of Picket's parsers (or a record naming one of their datasets), written by
   * `program` (its `process.name`, which gives an auth.log line its service).
   */
  forDataset(dataset: string, program?: unknown): { logsource?: Logsource; aliases: Aliases } {
    const name = typeof program === 'string' ? program : '';
    let byProgram = this.#byDataset.get(dataset);
    let d = byProgram?.get(name);
    if (d === undefined) {
      const known = DATASETS.get(dataset);
      const logsource = picketLogsource(dataset, name || undefined);
      d = known
        ? { logsource, aliases: this.#compile(logsource, known.fields) }
        : { aliases: this.#compile(undefined, {}) };
      if (byProgram === undefined && this.#byDataset.size < 1024) {
        byProgram = new Map();
        this.#byDataset.set(dataset, byProgram);
      }
      if (byProgram && byProgram.size < 1024) byProgram.set(name, d);
    }
    return d;
  }

  /** For any other record (JSON, Windows events): the user's mappings only. */
  forLogsource(logsource: Logsource | undefined): Aliases {
    if (logsource === undefined) {
      if (this.#unknown === undefined) this.#unknown = this.#compile(undefined, {});
      return this.#unknown;
    }
    let a = this.#byLogsource.get(logsource);
    if (a === undefined) {
      a = this.#compile(logsource, {});
      this.#byLogsource.set(logsource, a);
    }
    return a;
  }

  #compile(logsource: Logsource | undefined, builtin: Readonly<Record<string, string>>): Aliases {
    const byName = new Map<string, string[]>();
    for (const m of this.user) {
      if (m.logsource && logsource && !applies(m.logsource, logsource)) continue;
      for (const [name, targets] of m.fields) {
        const list = byName.get(name) ?? [];
        for (const t of targets) if (!list.includes(t)) list.push(t);
        byName.set(name, list);
      }
    }
    // After the user's fields, so a user's mapping for other data never hides Picket's own field.
    for (const [name, target] of Object.entries(builtin)) {
      const list = byName.get(name);
      if (!list) byName.set(name, [target]);
      else if (!list.includes(target)) list.push(target);
    }
    // An alias to itself would only copy a field onto itself.
    const entries = [...byName].filter(
      ([name, targets]) =>
        !(targets.length === 1 && targets[0] === name) && (this.#used === undefined || this.#used.has(name)),
    );
    if (entries.length === 0) return NO_ALIASES;
    return Object.freeze({ names: entries.map((e) => e[0]), targets: entries.map((e) => e[1]) });
  }
}

/** As the engine routes: a part the mapping names must be one the record has, unless unknown. */
function applies(m: RuleLogsource, r: Logsource): boolean {
  if (m.product && r.product && m.product !== r.product) return false;
  if (m.category && r.categories && !r.categories.includes(m.category)) return false;
  if (m.service && r.services && !r.services.includes(m.service)) return false;
  return true;
}

type MutableFields = { [field: string]: FieldValue | undefined };

/**
 * Gives a record its aliases, in place (no copy per record), and returns it: each alias whose
 * target is present and whose name the record does not already have. A name mapped to several
 * present fields gets the list of their values (a rule then matches any).
 *
 * @example
 * withAliases({ 'url.original': '/a?b=1' }, { names: ['cs-uri-query'], targets: [['url.original']] })
 * // { 'url.original': '/a?b=1', 'cs-uri-query': '/a?b=1' }
 */
export function withAliases(fields: Fields, aliases: Aliases): Fields {
  const out = fields as MutableFields;
  const { names, targets } = aliases;
  for (let i = 0; i < names.length; i++) {
    if (out[names[i]] !== undefined) continue;
    const t = targets[i];
    if (t.length === 1) {
      const v = out[t[0]];
      if (v !== undefined) out[names[i]] = v;
      continue;
    }
    let values: Scalar[] | undefined;
    let first: FieldValue | undefined;
    for (const name of t) {
      const v = out[name];
      if (v === undefined) continue;
      if (first === undefined) first = v;
      else {
        values ??= Array.isArray(first) ? [...(first as Scalar[])] : [first as Scalar];
        if (Array.isArray(v)) values.push(...(v as Scalar[]));
        else values.push(v as Scalar);
      }
    }
    const v = values ?? first;
    if (v !== undefined) out[names[i]] = v;
  }
  return out;
}

/**
 * A Picket event as Sigma rules read it: its own fields plus the Sigma names of its dataset (and
 * the user's mappings), added to the event itself; and the logsource that routes it.
 *
 * @example
 * sigmaRecord({ 'event.dataset': 'web.access', 'http.request.method': 'GET', … }, mappings)
 * // { fields: { 'event.dataset': 'web.access', 'http.request.method': 'GET', 'cs-method': 'GET', … },
 * //   logsource: { categories: ['webserver'], services: ['access'] } }
 */
export function sigmaRecord(
  event: Event,
  mappings: SigmaMappings,
): { fields: Fields; logsource?: Logsource } {
  // Rules see `event.count`'s default (1) written out, so a correlation can sum attempts.
  event['event.count'] ??= 1;
  const { aliases, logsource } = mappings.forDataset(event['event.dataset'], event['process.name']);
  return { fields: withAliases(event as Fields, aliases), logsource };
}
