import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { SourcedRecord } from '../../src/core/record.ts';
import { type JsonReadOptions, readJsonRecords } from '../../src/ingest/index.ts';

const REGRESSION = join(import.meta.dirname, '../../../shared/data/sigma/regression_data');

const dir = await mkdtemp(join(tmpdir(), 'picket-json-'));
let n = 0;
async function fileWith(content: string | Buffer): Promise<string> {
  const p = join(dir, `f${n++}.json`);
  await writeFile(p, content);
  return p;
}

async function read(path: string, opts?: JsonReadOptions) {
  const records: SourcedRecord[] = [];
  const report = await readJsonRecords({ path }, (r) => records.push(r), opts);
  return { records, report };
}

/** [line, record, fields] of each record: what the layout tests compare. */
async function placed(content: string | Buffer) {
  const { records, report } = await read(await fileWith(content));
  assert.equal(report.notUnderstood, 0, JSON.stringify(report.notUnderstoodSamples));
  assert.equal(report.error, undefined);
  return records.map((r) => [r.line, r.record, r.fields]);
}

test('NDJSON: one record per line, with file, line and record number', async () => {
  const text = '{"n":1,"s":"x } { ] [ \\" \\\\"}\n\n{"n":2}\n';
  const path = await fileWith(text);
  const { records, report } = await read(path);
  assert.deepEqual(records, [
    { fields: { n: 1, s: 'x } { ] [ " \\' }, file: path, line: 1, record: 1 },
    { fields: { n: 2 }, file: path, line: 3, record: 2 },
  ]);
  assert.deepEqual(report, {
    path,
    gzip: false,
    bytes: Buffer.byteLength(text),
    lines: 3,
    records: 2,
    notUnderstood: 0,
    notUnderstoodSamples: [],
    framingIssues: 0,
    framingSamples: [],
  });
});

test('one pretty-printed object', async () => {
  const text = String.raw`{
  "a": {
    "s": "} \" {",
    "list": [
      1,
      2
    ]
  }
}
`;
  assert.deepEqual(await placed(text), [[1, 1, { 'a.s': '} " {', 'a.list': [1, 2] }]]);
});

test('concatenated documents: pretty, back to back on a line, and after a byte-order mark', async () => {
  const text = '\uFEFF{\n  "n": 1\n}\n{\n  "n": 2\n}{\n  "n": 3\n}\n\n{"n":4}{"n":5} {"n":6}\n';
  assert.deepEqual(await placed(text), [
    [1, 1, { n: 1 }],
    [4, 2, { n: 2 }],
    [6, 3, { n: 3 }],
    [10, 4, { n: 4 }],
    [10, 5, { n: 5 }],
    [10, 6, { n: 6 }],
  ]);
});

test('top-level array: each element is a record, on the line it starts', async () => {
  const text = '[\n  {\n    "n": 1\n  },\n  {"n": 2},\n  {\n    "n": 3, "s": "]"\n  }\n]\n';
  assert.deepEqual(await placed(text), [
    [2, 1, { n: 1 }],
    [5, 2, { n: 2 }],
    [6, 3, { n: 3, s: ']' }],
  ]);
});

test('flattening: nested objects to dotted paths, scalars kept as they are', async () => {
  const doc =
    '{"a":{"b":{"c":1}},"n":null,"t":true,"f":false,"s":"x","num":-1.5,"arr":[1,"two",null,false],"empty":[],"eo":{}}';
  assert.deepEqual(await placed(doc), [
    [
      1,
      1,
      { 'a.b.c': 1, n: null, t: true, f: false, s: 'x', num: -1.5, arr: [1, 'two', null, false], empty: [] },
    ],
  ]);
});

test('flattening: an array of objects collects each leaf path into an array', async () => {
  const doc =
    '{"users":[{"name":"ana","id":1,"tags":["a","b"]},{"name":"bo","geo":{"cc":"PT"}},"loose"],"m":[[1,2],[3]]}';
  assert.deepEqual(await placed(doc), [
    [
      1,
      1,
      {
        'users.name': ['ana', 'bo'],
        'users.id': [1],
        'users.tags': ['a', 'b'],
        'users.geo.cc': ['PT'],
        users: ['loose'],
        m: [1, 2, 3],
      },
    ],
  ]);
});

test('flattening: __proto__ in a log is an ordinary field', async () => {
  const [[, , fields]] = await placed('{"__proto__":[1],"x":{"__proto__":2}}');
  assert.equal(Object.getPrototypeOf(fields), Object.prototype);
  assert.deepEqual(Object.entries(fields as object), [
    ['__proto__', [1]],
    ['x.__proto__', 2],
  ]);
});

const WINDOWS_EVENTS = `{
  "Event": {
    "#attributes": { "xmlns": "http://schemas.microsoft.com/win/2004/08/events/event" },
    "System": {
      "Provider": { "#attributes": { "Name": "Microsoft-Windows-Eventlog", "Guid": "{fc65ddd8}" } },
      "EventID": { "#attributes": { "Qualifiers": 0 }, "#text": "1102" },
      "Level": 4,
      "Task": 104,
      "TimeCreated": { "#attributes": { "SystemTime": "2024-05-01T10:00:00.123456Z" } },
      "EventRecordID": 42,
      "Correlation": null,
      "Execution": { "#attributes": { "ProcessID": 1234, "ThreadID": 5678 } },
      "Channel": "Security",
      "Computer": "dc01.example.org",
      "Security": { "#attributes": { "UserID": "S-1-5-18" } }
    },
    "UserData": {
      "LogFileCleared": {
        "#attributes": { "xmlns": "http://manifests.microsoft.com/win/2004/08/windows/eventlog" },
        "SubjectUserName": "alice",
        "SubjectDomainName": "CORP"
      }
    }
  }
}
{
  "Event": {
    "System": {
      "EventID": 1,
      "Channel": "Microsoft-Windows-Sysmon/Operational",
      "TimeCreated": { "#attributes": { "SystemTime": "2024-05-01T10:00:01Z" } }
    },
    "EventData": {
      "Image": "C:\\\\Windows\\\\System32\\\\cmd.exe",
      "CommandLine": "cmd /c \\"whoami\\"",
      "ProcessId": 6180
    }
  }
}
`;

test('Windows events: flattened to Sigma field names, with time and logsource', async () => {
  const path = await fileWith(WINDOWS_EVENTS);
  const { records } = await read(path);
  const windows = { product: 'windows' };
  assert.deepEqual(records, [
    {
      fields: {
        Provider_Name: 'Microsoft-Windows-Eventlog',
        Provider_Guid: '{fc65ddd8}',
        EventID: 1102,
        EventID_Qualifiers: 0,
        Level: 4,
        Task: 104,
        TimeCreated_SystemTime: '2024-05-01T10:00:00.123456Z',
        EventRecordID: 42,
        Correlation: null,
        Execution_ProcessID: 1234,
        Execution_ThreadID: 5678,
        Channel: 'Security',
        Computer: 'dc01.example.org',
        Security_UserID: 'S-1-5-18',
        SubjectUserName: 'alice',
        SubjectDomainName: 'CORP',
      },
      file: path,
      line: 1,
      record: 1,
      timestamp: Date.UTC(2024, 4, 1, 10, 0, 0, 123),
      logsource: windows,
    },
    {
      fields: {
        EventID: 1,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        TimeCreated_SystemTime: '2024-05-01T10:00:01Z',
        Image: 'C:\\Windows\\System32\\cmd.exe',
        CommandLine: 'cmd /c "whoami"',
        ProcessId: 6180,
      },
      file: path,
      line: 26,
      record: 2,
      timestamp: Date.UTC(2024, 4, 1, 10, 0, 1),
      logsource: windows,
    },
  ]);
});

test('logsourceOf replaces the default logsource, for Windows and generic records', async () => {
  const path = await fileWith(`${WINDOWS_EVENTS}{"eventSource":"s3.amazonaws.com"}\n`);
  const { records } = await read(path, {
    logsourceOf: (f, windows) =>
      windows ? { product: 'windows', services: [String(f.Channel).toLowerCase()] } : { product: 'aws' },
  });
  assert.deepEqual(
    records.map((r) => r.logsource),
    [
      { product: 'windows', services: ['security'] },
      { product: 'windows', services: ['microsoft-windows-sysmon/operational'] },
      { product: 'aws' },
    ],
  );
});

test('Windows: every event of the Sigma regression data', async (t) => {
  if (!existsSync(REGRESSION)) {
    t.skip('../shared/data/sigma/regression_data absent');
    return;
  }
  const files = (await readdir(REGRESSION, { recursive: true })).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  for (const f of files) {
    const path = join(REGRESSION, f);
    const lines = (await readFile(path, 'utf8')).split('\n');
    const documents = lines.filter((l) => /^\{/.test(l)).length;
    const { records, report } = await read(path);
    assert.equal(records.length, documents, f);
    assert.equal(report.notUnderstood + report.framingIssues, 0, f);
    assert.equal(report.error, undefined, f);
    for (const r of records) {
      const at = `${f}:${r.line}`;
      assert.equal(lines[r.line - 1], '{', at);
      assert.equal(typeof r.fields.EventID, 'number', at);
      assert.ok(typeof r.fields.Channel === 'string' && r.fields.Channel.length > 0, at);
      assert.equal(typeof r.fields.Provider_Name, 'string', at);
      assert.ok(Number.isFinite(r.timestamp), at);
      assert.deepEqual(r.logsource, { product: 'windows' }, at);
      const stray = Object.keys(r.fields).filter((k) => k.startsWith('Event.') || k.includes('#'));
      assert.deepEqual(stray, [], at);
    }
  }
});

test('Windows: an EventData of plain values gives the fields the general flattening gives', async () => {
  // A System field and an EventData field of one name: EventData's, which comes later, is kept.
  const event = {
    System: { EventID: '4688', Channel: 'Security', Computer: 'sys', TimeCreated: { '#attributes': { SystemTime: '2024-05-01T10:00:00Z' } } },
    EventData: { Computer: 'data', NewProcessName: 'C:\\x.exe', Ids: [1, 2], Empty: null },
  }; // biome-ignore format: one event
  const expected = {
    EventID: 4688,
    Channel: 'Security',
    Computer: 'data',
    TimeCreated_SystemTime: '2024-05-01T10:00:00Z',
    NewProcessName: 'C:\\x.exe',
    Ids: [1, 2],
    Empty: null,
  };
  // Alone in its document, and beside another field.
  const { records } = await read(
    await fileWith(`${JSON.stringify({ Event: event })}\n${JSON.stringify({ Event: event, x: 1 })}\n`),
  );
  assert.deepEqual(records[0].fields, expected);
  assert.deepEqual(records[1].fields, { ...expected, x: 1 });
  // Not plain: XML attributes of EventData are dropped, an element's text is its value.
  const unplain = {
    ...event,
    EventData: { ...event.EventData, '#attributes': { Name: 'n' }, T: { '#text': 't' } },
  };
  const [r] = (await read(await fileWith(JSON.stringify({ Event: unplain })))).records;
  assert.deepEqual(r.fields, { ...expected, T: 't' });
});

test('Windows: every regression event gives the fields the general flattening gives', async (t) => {
  if (!existsSync(REGRESSION)) {
    t.skip('../shared/data/sigma/regression_data absent');
    return;
  }
  const files = (await readdir(REGRESSION, { recursive: true })).filter((f) => f.endsWith('.json'));
  const events = (await Promise.all(files.map((f) => readFile(join(REGRESSION, f), 'utf8'))))
    .flatMap((text) => text.split(/\n(?=\{)/))
    .map((doc) => JSON.parse(doc));
  // XML attributes on EventData (which are dropped) make it not plain: the general flattening.
  const general = events.map((e) =>
    e.Event.EventData ? { Event: { ...e.Event, EventData: { ...e.Event.EventData, '#attributes': {} } } } : e,
  );
  const quick = (await read(await fileWith(events.map((e) => JSON.stringify(e)).join('\n')))).records;
  const slow = (await read(await fileWith(general.map((e) => JSON.stringify(e)).join('\n')))).records;
  assert.equal(quick.length, events.length);
  assert.ok(events.filter((e) => e.Event.EventData).length > 100, 'events with an EventData');
  quick.forEach((r, i) => {
    assert.deepEqual(r.fields, slow[i].fields, `event ${i + 1}`);
  });
});

test('timestamps of generic JSON: the first field that parses, in UTC', async () => {
  const lines = [
    '{"@timestamp":"2024-05-01T10:00:00Z","timestamp":1}',
    '{"timestamp":1714557600000}',
    '{"time":"not a time","eventTime":"2024-05-01T10:00:00Z"}',
    '{"time":"2024-05-01 12:00:00+02:00"}',
    '{"timestamp":"2024-05-01T10:00:00.5"}',
    '{"@timestamp":"2024-05-01T10:00:00.123456789Z"}',
    '{"msg":"no time"}',
  ];
  const { records } = await read(await fileWith(lines.join('\n')));
  const at10 = Date.UTC(2024, 4, 1, 10);
  assert.deepEqual(
    records.map((r) => [r.timestamp, r.logsource]),
    [
      [at10, undefined],
      [at10, undefined],
      [at10, undefined],
      [at10, undefined],
      [at10 + 500, undefined],
      [at10 + 123, undefined],
      [undefined, undefined],
    ],
  );
});

/** Reads `text` and returns what a reader of the report needs: records' [line, record, n], samples. */
async function faults(text: string) {
  const { records, report } = await read(await fileWith(text));
  return {
    records: records.map((r) => [r.line, r.record, r.fields.n]),
    notUnderstood: report.notUnderstood,
    samples: report.notUnderstoodSamples.map((s) => [s.line, s.reason.replace(/:.*/s, ''), s.text]),
    error: report.error,
  };
}

test('a malformed NDJSON line is counted and sampled; the next lines are still read', async () => {
  assert.deepEqual(await faults('{"n":1}\n{"n":2,, "x":3}\n{"n":3}\n'), {
    records: [
      [1, 1, 1],
      [3, 3, 3],
    ],
    notUnderstood: 1,
    samples: [[2, 'invalid JSON', '{"n":2,, "x":3}']],
    error: undefined,
  });
});

test('a malformed pretty document is sampled at its first line; the next document is read', async () => {
  const text = '{\n  "n": 1\n}\n{\n  "n": 2\n  "x": 3\n}\n{\n  "n": 3\n}\n';
  assert.deepEqual(await faults(text), {
    records: [
      [1, 1, 1],
      [8, 3, 3],
    ],
    notUnderstood: 1,
    samples: [[4, 'invalid JSON', '{\n  "n": 2\n  "x": 3\n}']],
    error: undefined,
  });
});

test('lines cut short: unclosed string or object, reading resumes at the next document', async () => {
  const text = '{"n":1}\n{"msg":"cut here\n{"n":3,"a":{"b":2\n{"n":4}\n';
  assert.deepEqual(await faults(text), {
    records: [
      [1, 1, 1],
      [4, 4, 4],
    ],
    notUnderstood: 2,
    samples: [
      [2, 'string not closed on line 2 (a JSON string cannot span lines)', '{"msg":"cut here'],
      [3, 'not closed before line 4, which starts a new document', '{"n":3,"a":{"b":2'],
    ],
    error: undefined,
  });
});

test('a broken string inside a pretty document skips to the next document at column 0', async () => {
  const text = '{\n  "a": "broken,\n  "b": {\n    "c": 1\n  }\n}\n{\n  "n": 2\n}\n';
  assert.deepEqual(await faults(text), {
    records: [[7, 2, 2]],
    notUnderstood: 1,
    samples: [[1, 'string not closed on line 2 (a JSON string cannot span lines)', '{\n  "a": "broken,']],
    error: undefined,
  });
});

test('stray text between documents is counted, and reading resumes on the next line', async () => {
  assert.deepEqual(await faults('{"n":1}}\n{"n":2}\nnonsense {"n":3}\n{"n":4}\n'), {
    records: [
      [1, 1, 1],
      [2, 2, 2],
      [4, 4, 4],
    ],
    notUnderstood: 2,
    samples: [
      [1, "unexpected '}' between documents", '{"n":1}}'],
      [3, 'invalid JSON', 'nonsense'],
    ],
    error: undefined,
  });
});

test('top-level values that are not objects are counted as not understood', async () => {
  assert.deepEqual(await faults('42\n"text"\n{"n":1}\n[true, {"n":2}]\n'), {
    records: [
      [3, 3, 1],
      [4, 5, 2],
    ],
    notUnderstood: 3,
    samples: [
      [1, 'not an object (a number)', '42'],
      [2, 'not an object (a string)', '"text"'],
      [4, 'not an object (a boolean)', 'true'],
    ],
    error: undefined,
  });
});

test('truncated file: the records before it, and an error naming file and line', async () => {
  const text = '{"n":1}\n{\n  "n": 2,\n  "a": {\n    "b": 1\n';
  const path = await fileWith(text);
  const { records, report } = await read(path);
  assert.deepEqual(
    records.map((r) => r.fields),
    [{ n: 1 }],
  );
  assert.deepEqual(report.error, {
    code: 'INPUT_TRUNCATED',
    message: 'file ends inside the JSON document that starts on line 2',
    where: { file: path, line: 2 },
  });
});

test('truncated top-level array: every element read, and an error naming the array', async () => {
  const path = await fileWith('[\n  {"n": 1},\n  {"n": 2}\n');
  const { records, report } = await read(path);
  assert.equal(records.length, 2);
  assert.deepEqual(report.error, {
    code: 'INPUT_TRUNCATED',
    message: 'file ends inside the top-level array that starts on line 1',
    where: { file: path, line: 1 },
  });
});

test('gzip input is read like plain input', async () => {
  const path = await fileWith(gzipSync('{\n  "n": 1\n}\n{"n":2}\n'));
  const { records, report } = await read(path);
  assert.equal(report.gzip, true);
  assert.deepEqual(
    records.map((r) => [r.line, r.fields]),
    [
      [1, { n: 1 }],
      [4, { n: 2 }],
    ],
  );
});

test('framing issues: invalid UTF-8 is repaired and reported; a dropped line fails its document', async () => {
  const bad = Buffer.concat([Buffer.from('{"s":"a'), Buffer.from([0xff]), Buffer.from('b"}\n')]);
  const long = `{\n  "big": "${'x'.repeat(1 << 20)}",\n  "n": 1\n}\n{"n":2}\n`;
  const file = await fileWith(Buffer.concat([bad, Buffer.from(long)]));
  const { records, report } = await read(file, { maxDocument: 1 << 20 });
  assert.deepEqual(
    records.map((r) => [r.line, r.fields]),
    [
      [1, { s: 'a\uFFFDb' }],
      [6, { n: 2 }],
    ],
  );
  assert.equal(report.framingIssues, 2);
  assert.deepEqual(
    report.framingSamples.map((s) => s.line),
    [1, 3],
  );
  assert.deepEqual(report.notUnderstoodSamples, [
    { line: 2, reason: 'line 3 of this document was dropped', text: '{' },
  ]);
});

/** Flattening written independently: list every leaf with its path and whether an array holds it. */
function naiveFlatten(doc: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (v: unknown, path: string, inArray: boolean) => {
    if (Array.isArray(v)) {
      if (v.length === 0 && !inArray) out[path] = [];
      for (const e of v) walk(e, path, true);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`, inArray);
    } else if (!inArray) out[path] = v;
    else if (Array.isArray(out[path])) out[path].push(v);
    else out[path] = [v];
  };
  for (const [k, v] of Object.entries(doc as object)) walk(v, k, false);
  return out;
}

test('property: random objects read back as the naive flattening, in every layout', async () => {
  // No '.' in keys (two paths could then meet), no __proto__ (the naive flattener would lose it),
  // no Event (Windows events are flattened their own way).
  // Strings lean on the characters a framer must read past: quotes, escapes, brackets, newlines.
  const unit = fc.oneof(
    fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '\n', ' '),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  );
  const text = (maxLength: number) => fc.string({ unit, maxLength });
  const key = text(5).filter((k) => !k.includes('.') && k !== '__proto__' && k !== 'Event');
  const scalar = fc.oneof(
    text(8),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>(
    (tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    }),
  );
  const docs = fc.array(fc.dictionary(key, value, { maxKeys: 5 }), { minLength: 1, maxLength: 4 });

  await fc.assert(
    fc.asyncProperty(docs, async (objs) => {
      const expected = objs.map((o) => naiveFlatten(JSON.parse(JSON.stringify(o))));
      const pretty = objs.map((o) => JSON.stringify(o, null, 2));
      const prettyLines = pretty.map((p) => p.split('\n').length);
      const starts = (first: number) =>
        prettyLines.map((_, i) => first + prettyLines.slice(0, i).reduce((a, b) => a + b, 0));
      const layouts = [
        { text: `${objs.map((o) => JSON.stringify(o)).join('\n')}\n`, lines: objs.map((_, i) => i + 1) },
        { text: `${pretty.join('\n')}\n`, lines: starts(1) },
        { text: `${JSON.stringify(objs, null, 2)}\n`, lines: starts(2) },
      ];
      for (const { text, lines } of layouts) {
        const { records, report } = await read(await fileWith(text));
        assert.equal(report.notUnderstood + report.framingIssues, 0);
        assert.equal(report.error, undefined);
        assert.deepEqual(
          records.map((r) => r.fields),
          expected,
        );
        assert.deepEqual(
          records.map((r) => [r.line, r.record]),
          lines.map((l, i) => [l, i + 1]),
        );
      }
    }),
    { numRuns: 150 },
  );
});

test('a CloudTrail log file: each of its Records is a record, with the CloudTrail logsource', async () => {
  // One document of three events (the third is not an object), then an ordinary document.
  const trail = {
    Records: [
      {
        eventVersion: '1.08',
        eventTime: '2024-05-01T10:00:00Z',
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        userIdentity: { type: 'IAMUser', userName: 'ana' },
      },
      {
        eventVersion: '1.08',
        eventTime: '2024-05-01T10:00:05Z',
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
      },
      5,
    ],
  };
  const { records, report } = await read(await fileWith(`${JSON.stringify(trail)}\n{"a":1}\n`));
  assert.deepEqual(
    records.map((r) => [r.record, r.line, r.fields.eventName ?? r.fields.a, r.logsource, r.timestamp]),
    [
      [1, 1, 'StopLogging', { product: 'aws', services: ['cloudtrail'] }, Date.UTC(2024, 4, 1, 10, 0, 0)],
      [2, 1, 'CreateUser', { product: 'aws', services: ['cloudtrail'] }, Date.UTC(2024, 4, 1, 10, 0, 5)],
      [4, 2, 1, undefined, undefined], // the non-object event took number 3
    ],
  );
  assert.equal(records[0].fields['userIdentity.userName'], 'ana');
  assert.equal(report.records, 3);
  assert.equal(report.notUnderstood, 1);
  assert.match(report.notUnderstoodSamples[0].reason, /Records\[2\] is not an object/);
});

test('a CloudTrail log file of megabytes on one line (as AWS writes them) is read whole', async () => {
  const event = (i: number) => ({
    eventVersion: '1.08',
    eventTime: new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString(),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    requestParameters: { bucketName: 'logs', key: `k/${'x'.repeat(400)}/${i}` },
  });
  const text = JSON.stringify({ Records: Array.from({ length: 5000 }, (_, i) => event(i)) });
  assert.ok(text.length > 2 << 20, 'longer than two read chunks');
  const { records, report } = await read(await fileWith(`${text}\n`));
  assert.equal(records.length, 5000);
  assert.equal(records[4999].fields['requestParameters.key'], `k/${'x'.repeat(400)}/4999`);
  assert.deepEqual([report.framingIssues, report.notUnderstood], [0, 0]);
  // Past the document bound, the line is reported, not read.
  const small = await read(await fileWith(`${text}\n{"a":1}\n`), { maxDocument: 1 << 20 });
  assert.deepEqual(
    [small.records.length, small.report.framingIssues, small.report.framingSamples[0]?.line],
    [1, 1, 1],
  );
});
