import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Logon } from '../../src/core/logon.ts';
import { parseColumnOverrides, parseTime, readLogons } from '../../src/ingest/logons/index.ts';

const dir = await mkdtemp(join(tmpdir(), 'picket-logons-'));

async function read(name: string, text: string | Buffer, options = {}) {
  const path = join(dir, name);
  await writeFile(path, text);
  const logons: Logon[] = [];
  const [report] = await readLogons([path], logons, options);
  return { logons, report, path };
}

test('PowerShell Export-Csv: the #TYPE line skipped, columns found, values normalised, lines cited', async () => {
  const { logons, report } = await read(
    'ps.csv',
    [
      '#TYPE System.Management.Automation.PSCustomObject',
      '"TimeCreated","Id","MachineName","TargetUserName","TargetDomainName","LogonType","AuthenticationPackageName","WorkstationName","IpAddress"',
      '"2026-10-12T13:04:05.1234567Z","4624","DC01","Alice","corp","10","NTLM","ws-01","81.2.69.142"',
      '"2026-10-12T13:05:00.0000000Z","4625","DC01","bob","CORP","3","NTLM","-","-"',
      '"2026-10-12T13:06:00.0000000Z","4624","DC01","WS01$","CORP","3","Kerberos","-","10.0.0.5"',
      '"2026-10-12T13:07:00.0000000Z","4672","DC01","alice","CORP","","","",""',
      '"2026-10-12T13:08:00.0000000Z","4624","DC01","ANONYMOUS LOGON","NT AUTHORITY","3","NTLM","","10.0.0.9"',
    ].join('\r\n'),
  );
  assert.equal(report.rows, 5);
  assert.equal(report.logons, 2);
  assert.deepEqual(report.skipped, { 'machine account': 1, 'not a logon event': 1, 'system account': 1 });
  assert.equal(report.notUnderstood, 0);
  const [a, b] = logons;
  assert.equal(a.timestamp, Date.UTC(2026, 9, 12, 13, 4, 5, 123));
  assert.deepEqual(
    [a.user, a.domain, a.eventId, a.outcome, a.logonType, a.authPackage, a.workstation, a.sourceIp, a.line],
    ['alice', 'CORP', 4624, 'success', 10, 'NTLM', 'WS-01', '81.2.69.142', 3],
  );
  assert.deepEqual([b.outcome, b.workstation, b.sourceIp, b.line], ['failure', '', '', 4]);
});

test('a Splunk export: _time in epoch seconds, Account_Name as DOMAIN\\user, Source_Network_Address', async () => {
  const { logons, report } = await read(
    'splunk.csv',
    '_time,EventCode,Account_Name,Source_Network_Address,Logon_Type,Workstation_Name\n' +
      '1791810245,4624,CORP\\carol,203.0.113.7,3,LAPTOP-9\n' +
      '1791810246.5,4625,dave@corp.example.com,::ffff:198.51.100.2,3,\n',
  );
  assert.equal(report.columns.time, '_time');
  assert.equal(report.columns.user, 'Account_Name');
  assert.deepEqual(
    logons.map((l) => [l.timestamp, l.user, l.domain, l.sourceIp, l.outcome]),
    [
      [1_791_810_245_000, 'carol', 'CORP', '203.0.113.7', 'success'],
      [1_791_810_246_500, 'dave', 'CORP.EXAMPLE.COM', '198.51.100.2', 'failure'],
    ],
  );
});

test('EvtxECmd CSV: the logon fields read from its Payload JSON', async () => {
  const payload = JSON.stringify({
    EventData: {
      Data: [
        { '@Name': 'TargetUserName', '#text': 'erin' },
        { '@Name': 'TargetDomainName', '#text': 'CORP' },
        { '@Name': 'LogonType', '#text': '2' },
        { '@Name': 'IpAddress', '#text': '192.0.2.10' },
        { '@Name': 'WorkstationName', '#text': 'WS-7' },
      ],
    },
  });
  const { logons, report } = await read(
    'evtxecmd.csv',
    `RecordNumber,TimeCreated,EventId,UserName,RemoteHost,Payload\n1,2026-10-12 08:00:00.0000000,4624,-\\-,WS-7 (192.0.2.10),"${payload.replaceAll('"', '""')}"\n`,
  );
  assert.equal(report.columns.user, 'Payload.TargetUserName');
  assert.deepEqual(
    logons.map((l) => [l.timestamp, l.user, l.logonType, l.sourceIp, l.workstation]),
    [[Date.UTC(2026, 9, 12, 8), 'erin', 2, '192.0.2.10', 'WS-7']],
  );
});

test('--map overrides a column, and an unknown column is a usage error naming the columns', async () => {
  const csv = 'When,EventID,Who,FromIP\n2026-10-12T08:00:00Z,4624,frank,192.0.2.1\n';
  const { logons } = await read('custom.csv', csv, {
    columns: parseColumnOverrides(['time=When,user=Who', 'sourceIp=FromIP']),
  });
  assert.deepEqual(
    logons.map((l) => [l.user, l.sourceIp]),
    [['frank', '192.0.2.1']],
  );
  await assert.rejects(
    read('custom2.csv', csv, { columns: parseColumnOverrides(['user=Nobody']) }),
    /no such column.*When, EventID, Who, FromIP/,
  );
  assert.throws(() => parseColumnOverrides(['colour=red']), /FIELD one of time, eventId/);
});

test('times without a zone are read in --tz, US style included; bad dates are refused', () => {
  assert.equal(parseTime('10/12/2026 1:04:05 PM', 'America/New_York'), Date.UTC(2026, 9, 12, 17, 4, 5));
  assert.equal(parseTime('11/2/2026 12:30:00 AM', 'America/New_York'), Date.UTC(2026, 10, 2, 5, 30));
  assert.equal(parseTime('2026-10-12 09:00:00', 'Europe/London'), Date.UTC(2026, 9, 12, 8));
  assert.equal(parseTime('2026-10-12T09:00:00+02:00', 'UTC'), Date.UTC(2026, 9, 12, 7));
  assert.equal(parseTime('2026-11-31 09:00:00', 'UTC'), undefined);
  assert.equal(parseTime('13/12/2026 1:00:00 PM', 'UTC'), undefined);
  assert.equal(parseTime('yesterday', 'UTC'), undefined);
});

test('bad rows are counted and sampled with their line; a file cut inside a quote keeps the rows before it', async () => {
  const { logons, report } = await read(
    'bad.csv',
    'TimeCreated,Id,TargetUserName,IpAddress\n' +
      '2026-10-12T08:00:00Z,4624,gina,192.0.2.1\n' +
      'not a time,4624,gina,192.0.2.1\n' +
      '2026-10-12T08:01:00Z,4624\n' +
      '2026-10-12T08:02:00Z,4624,hank,192.0.2.2\n' +
      '2026-10-12T08:03:00Z,4624,"ivan,192.0.2.3\n',
  );
  assert.deepEqual(
    logons.map((l) => l.user),
    ['gina', 'hank'],
  );
  assert.equal(report.notUnderstood, 2);
  assert.deepEqual(
    report.samples.map((s) => [s.line, s.reason]),
    [
      [3, "time 'not a time' is not a date"],
      [4, '2 values for 4 columns'],
    ],
  );
  assert.equal(report.error?.code, 'INPUT_TRUNCATED');
  assert.equal(report.error?.where?.file, join(dir, 'bad.csv'));
});

test('gzip is read by its magic; JSON events (Windows Event.System/EventData and ECS) too', async () => {
  const gz = await read(
    'g.csv.gz',
    gzipSync('TimeCreated,Id,TargetUserName\n2026-10-12T08:00:00Z,4624,jack\n'),
  );
  assert.deepEqual(
    gz.logons.map((l) => l.user),
    ['jack'],
  );
  const windows = {
    Event: {
      System: { EventID: 4624, TimeCreated: { '#attributes': { SystemTime: '2026-10-12T08:00:00.000Z' } } },
      EventData: { TargetUserName: 'kate', TargetDomainName: 'corp', IpAddress: '192.0.2.9', LogonType: 10 },
    },
  };
  const ecs = {
    '@timestamp': '2026-10-12T09:00:00Z',
    event: { code: '4625' },
    winlog: { event_data: { TargetUserName: 'liam', LogonType: '3' } },
    source: { ip: '192.0.2.8' },
  };
  const { logons, report } = await read('w.json', `${JSON.stringify(windows)}\n${JSON.stringify(ecs)}\n`);
  assert.equal(report.notUnderstood, 0);
  assert.deepEqual(
    logons.map((l) => [l.timestamp, l.user, l.outcome, l.logonType, l.sourceIp, l.line]),
    [
      [Date.UTC(2026, 9, 12, 8), 'kate', 'success', 10, '192.0.2.9', 1],
      [Date.UTC(2026, 9, 12, 9), 'liam', 'failure', 3, '192.0.2.8', 2],
    ],
  );
});
