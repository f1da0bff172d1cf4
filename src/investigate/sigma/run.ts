import { resolve } from 'node:path';
import { type ErrorInfo, errorInfo, PicketError } from '../../core/errors.ts';
import type { Event } from '../../core/event.ts';
import type { Fields, Logsource, SourcedRecord } from '../../core/record.ts';
import { ReorderBuffer } from '../../detect/index.ts';
import {
  CorrelationEngine,
  type DetectionRule,
  FieldTable,
  type Loaded,
  loadMappings,
  loadRules,
  type MappingIssue,
  type Rejected,
  SigmaEngine,
  SigmaMappings,
  sigmaRecord,
  windowsLogsource,
  withAliases,
} from '../../detect/sigma/index.ts';
import {
  expandInputs,
  type FileReport,
  groupRotations,
  type LogStream,
  parseFile,
  readJsonRecords,
  type SourceFile,
} from '../../ingest/index.ts';
import { builtinRulesPath } from './builtin.ts';
import { FindingCollector, type SigmaEvidence, type SigmaFinding } from './findings.ts';
import { isJsonInput } from './input-kind.ts';
import { TimeMerge } from './time-merge.ts';

export type SigmaQuery = {
  inputs: string[];
  /** Rule files or folders to load (a clone of SigmaHQ's rules, your own). */
  rulePaths: string[];
  /** Load Picket's own rules (src/rules/) too. */
  builtinRules: boolean;
  /** Mapping files: Picket's `fieldmappings` form or pySigma processing pipelines. */
  mappingPaths: string[];
  /** Values of `%name%` placeholders for the `expand` modifier. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
  tz: string;
  year?: number;
  /** 'access' | 'auth' | 'json': skip sniffing. */
  format?: string;
  logFormat?: string;
  /** How far out of time order matches may arrive and still be correlated exactly (default 10 min). */
  latenessMs?: number;
  /** Evidence kept per rule (default 100); the rest is counted. */
  evidenceLimit?: number;
  progress?: (doneBytes: number, totalBytes: number) => void;
};

/**
 * What reading one input gave, log or JSON alike: ingest's report of a file (format 'json' for JSON
 * records), with the records the rules met (events of a log, records of JSON) and how many matched.
 */
export type SigmaFileReport = Omit<FileReport, 'skipped' | 'events' | 'eventsByType'> & {
  records: number;
  /** Records that matched at least one rule. */
  matched: number;
};

export type SigmaReport = {
  findings: SigmaFinding[];
  files: SigmaFileReport[];
  inputIssues: ErrorInfo[];
  rules: { paths: string[]; files: number; loaded: number; rejected: Rejected[] };
  mappings: { files: string[]; notes: MappingIssue[] };
  records: number;
  matches: number;
};

/**
 * Runs Sigma rules — Picket's own and the given folders — over every input, streaming: each log
 * event (access and auth logs, via their parsers) or JSON record (NDJSON, arrays, Windows events)
 * meets the rules of its logsource, with Sigma's field names added as aliases; matches are
 * grouped by rule with their evidence, and fed, all inputs merged in time order (time-merge.ts),
 * to the correlation rules that read them. Kept from record to record: the findings (evidence
 * capped), the matches of the last `latenessMs` awaiting their order, and the correlations' windows.
 *
 * Throws a PicketError (a usage or input error) for a rule path that does not exist or a mapping
 * file that cannot be used; rules that do not compile are reported, not thrown.
 */
export async function investigateSigma(q: SigmaQuery): Promise<SigmaReport> {
  const mappingFiles = await loadMappings(q.mappingPaths);
  if (mappingFiles.rejected.length > 0) {
    const [first, ...rest] = mappingFiles.rejected;
    const more = rest.map((r) => `\n  ${r.file}:${r.line} ${r.reason}`).join('');
    throw new PicketError('USAGE', `mapping file rejected: ${first.reason}${more}`, {
      file: first.file,
      line: first.line,
    });
  }
  const paths = rulePaths(q);
  const table = new FieldTable();
  const loaded = await loadRuleFolders(paths, table, q.placeholders);
  const engine = new SigmaEngine(loaded.rules, table);
  const mappings = new SigmaMappings(mappingFiles.mappings, table.names);
  const collector = new FindingCollector(q.evidenceLimit ?? 100);

  const { files, issues } = await expandInputs(q.inputs);
  const totalBytes = files.reduce((n, f) => n + (f.size ?? 0), 0);
  let records = 0;
  let matches = 0;

  const correlation = new CorrelationEngine(loaded.correlations, loaded.rules, {
    onAlert: (a) => {
      if (!correlation.inputsOnly.has(a.rule)) collector.addAlert(a);
    },
  });
  // Correlations count across logs: the streams (each a log's rotated parts, oldest first) are
  // read as one timeline, their matches merged in time order.
  const streams = groupRotations(files);
  const merge = new TimeMerge<Pending>(streams.length, (p) => correlation.feed(p.rule, p.fields, p.ts, p.at));
  const lateness = q.latenessMs ?? DEFAULT_LATENESS_MS;
  const reports: SigmaFileReport[][] = streams.map(() => []);
  // Bytes read, per stream: the streams take turns, so the total is their sum.
  const progress = streams.map(() => 0);
  const tellProgress = (s: number, bytes: number) => {
    progress[s] = bytes;
    q.progress?.(
      progress.reduce((a, b) => a + b, 0),
      totalBytes,
    );
  };
  const readStream = async (stream: LogStream, s: number) => {
    let doneBytes = 0;
    // Lines may be out of time order by up to the lateness bound: matches wait here to be in order.
    const inOrder = new ReorderBuffer<Pending>(lateness);
    const toMerge = (p: Pending) => merge.push(s, p);
    let newest = Number.NEGATIVE_INFINITY;
    const turn = async () => {
      inOrder.advance(newest, toMerge);
      merge.advance(s, inOrder.horizon);
      await merge.turn(s);
    };
    for (const file of stream.files) {
      await merge.turn(s);
      let matched = 0;
      const match: Match = (fields, logsource, at) => {
        if (at.time !== undefined && at.time > newest) newest = at.time;
        const rules = engine.match(fields, logsource);
        if (rules.length === 0) return;
        matched++;
        for (const r of rules) {
          if (at.time !== undefined && correlation.reads(r))
            inOrder.push({ ts: at.time, rule: r, fields, at }, toMerge);
          if (!correlation.inputsOnly.has(r)) collector.add(r, at);
        }
      };
      const json = q.format === 'json' || (q.format === undefined && (await isJsonInput(file)));
      const report = json
        ? await readJson(file, mappings, match, turn)
        : await readLog(file, q, mappings, match, turn, (bytes) => tellProgress(s, doneBytes + bytes));
      report.matched = matched;
      records += report.records;
      matches += matched;
      doneBytes += file.size ?? report.bytes;
      tellProgress(s, doneBytes);
      reports[s].push(report);
    }
    inOrder.flush(toMerge);
    merge.end(s);
  };
  await Promise.all(streams.map(readStream));
  correlation.end();
  return {
    findings: collector.findings(),
    files: reports.flat(),
    inputIssues: issues.map(errorInfo),
    rules: {
      paths,
      files: loaded.files,
      loaded: loaded.rules.length + loaded.correlations.length,
      rejected: [...loaded.rejected, ...correlation.rejected],
    },
    mappings: { files: [...q.mappingPaths], notes: mappingFiles.notes },
    records,
    matches,
  };
}

/** A match a correlation reads, waiting in the reorder buffer. */
type Pending = { ts: number; rule: DetectionRule; fields: Fields; at: SigmaEvidence };

/** As `picket investigate --max-lateness` (brute force) defaults to. */
const DEFAULT_LATENESS_MS = 10 * 60_000;

type Match = (fields: Fields, logsource: Logsource | undefined, at: SigmaEvidence) => void;

/** Picket's own rules first, then the user's paths, each once. */
export function rulePaths(q: { rulePaths: readonly string[]; builtinRules: boolean }): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of [...(q.builtinRules ? [builtinRulesPath()] : []), ...q.rulePaths]) {
    const key = resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/** loadRules, with a missing or unreadable path as a located input error. */
export async function loadRuleFolders(
  paths: readonly string[],
  table: FieldTable,
  placeholders?: Readonly<Record<string, readonly string[]>>,
): Promise<Loaded> {
  return loadRules(paths, table, { placeholders }).catch((e: NodeJS.ErrnoException) => {
    if (!e.code) throw e;
    const code = e.code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE';
    throw new PicketError(code, `cannot read rules: ${e.message}`, e.path ? { file: e.path } : undefined, {
      cause: e,
    });
  });
}

async function readLog(
  file: SourceFile,
  q: SigmaQuery,
  mappings: SigmaMappings,
  match: Match,
  afterChunk: () => Promise<void>,
  progress: (bytes: number) => void,
): Promise<SigmaFileReport> {
  const onEvent = (e: Event) => {
    const { fields, logsource } = sigmaRecord(e, mappings);
    match(fields, logsource, {
      file: e['log.file.path'],
      line: e['log.file.line'],
      time: e['@timestamp'],
    });
  };
  const r = await parseFile(
    file,
    {
      tz: q.tz,
      year: q.year,
      format: q.format,
      logFormat: q.logFormat,
      interest: 'lines',
      progress,
      afterChunk,
    },
    onEvent,
  );
  return {
    path: r.path,
    format: r.format,
    gzip: r.gzip,
    bytes: r.bytes,
    lines: r.lines,
    records: r.events,
    matched: 0,
    notUnderstood: r.notUnderstood,
    notUnderstoodSamples: r.notUnderstoodSamples,
    framingIssues: r.framingIssues,
    framingSamples: r.framingSamples,
    notes: r.notes,
    error: r.error,
  };
}

async function readJson(
  file: SourceFile,
  mappings: SigmaMappings,
  match: Match,
  afterChunk: () => Promise<void>,
): Promise<SigmaFileReport> {
  const onRecord = (r: SourcedRecord) => {
    let logsource = r.logsource;
    let fields = r.fields;
    const dataset = logsource === undefined ? fields['event.dataset'] : undefined;
    if (typeof dataset === 'string') {
      // A record of one of Picket's own datasets (its events written out as JSON) reads as one.
      const d = mappings.forDataset(dataset, fields['process.name']);
      logsource = d.logsource;
      fields = withAliases(fields, d.aliases);
    } else fields = withAliases(fields, mappings.forLogsource(logsource));
    match(fields, logsource, { file: r.file, line: r.line, record: r.record, time: r.timestamp });
  };
  const r = await readJsonRecords(file, onRecord, {
    logsourceOf: (fields, windows) => (windows ? windowsLogsource(fields) : undefined),
    afterChunk,
  });
  return {
    path: r.path,
    format: 'json',
    gzip: r.gzip,
    bytes: r.bytes,
    lines: r.lines,
    records: r.records,
    matched: 0,
    notUnderstood: r.notUnderstood,
    notUnderstoodSamples: r.notUnderstoodSamples,
    framingIssues: r.framingIssues,
    framingSamples: r.framingSamples,
    notes: [],
    error: r.error,
  };
}
