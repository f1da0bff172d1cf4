import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import type { Fields, FieldValue, Logsource, Scalar } from '../../src/core/record.ts';
import { windowsLogsource } from '../../src/detect/sigma/windows-logsource.ts';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** The log source with its lists sorted, for comparison whatever the table's order. */
function sorted(ls: Logsource): Logsource {
  const out: Logsource = { product: ls.product };
  if (ls.services !== undefined) out.services = [...ls.services].sort();
  if (ls.categories !== undefined) out.categories = [...ls.categories].sort();
  return out;
}

function route(fields: Fields): Logsource {
  return sorted(windowsLogsource(fields));
}

const win = (services: string[], categories?: string[]): Logsource =>
  sorted(
    categories === undefined
      ? { product: 'windows', services }
      : { product: 'windows', services, categories },
  );

test('Sysmon events: service sysmon and the category of their EventID', () => {
  const sysmon = (EventID: FieldValue, more: Fields = {}) =>
    route({ Channel: SYSMON, Provider_Name: 'Microsoft-Windows-Sysmon', EventID, ...more });
  assert.deepEqual(sysmon(1), win(['sysmon'], ['process_creation']));
  assert.deepEqual(sysmon('1'), win(['sysmon'], ['process_creation']));
  assert.deepEqual(sysmon(3), win(['sysmon'], ['network_connection']));
  assert.deepEqual(sysmon(7), win(['sysmon'], ['image_load']));
  assert.deepEqual(sysmon(10), win(['sysmon'], ['process_access']));
  assert.deepEqual(sysmon(11), win(['sysmon'], ['file_event']));
  assert.deepEqual(
    sysmon(13, { EventType: 'SetValue' }),
    win(['sysmon'], ['registry_event', 'registry_set']),
  );
  assert.deepEqual(
    sysmon(14, { EventType: 'RenameKey' }),
    win(['sysmon'], ['registry_event', 'registry_rename']),
  );
  assert.deepEqual(
    sysmon(12, { EventType: 'CreateKey' }),
    win(['sysmon'], ['registry_add', 'registry_event']),
  );
  assert.deepEqual(
    sysmon(12, { EventType: 'DeleteKey' }),
    win(['sysmon'], ['registry_delete', 'registry_event']),
  );
  assert.deepEqual(
    sysmon(12, { EventType: 'DeleteValue' }),
    win(['sysmon'], ['registry_delete', 'registry_event']),
  );
  // Without EventType, an EventID 12 may be either.
  assert.deepEqual(sysmon(12), win(['sysmon'], ['registry_add', 'registry_delete', 'registry_event']));
  assert.deepEqual(sysmon(17), win(['sysmon'], ['pipe_created']));
  assert.deepEqual(sysmon(18), win(['sysmon'], ['pipe_created']));
  assert.deepEqual(sysmon(20), win(['sysmon'], ['wmi_event']));
  assert.deepEqual(sysmon(22), win(['sysmon'], ['dns_query']));
  assert.deepEqual(sysmon(23), win(['sysmon'], ['file_delete']));
  assert.deepEqual(sysmon(26), win(['sysmon'], ['file_delete', 'file_delete_detected']));
  assert.deepEqual(sysmon(4), win(['sysmon'], ['sysmon_status']));
  assert.deepEqual(sysmon(16), win(['sysmon'], ['sysmon_status']));
  assert.deepEqual(sysmon(255), win(['sysmon'], ['sysmon_error']));
  assert.deepEqual(sysmon(29), win(['sysmon'], ['file_executable_detected']));
  // An EventID Sysmon doesn't define: the service only.
  assert.deepEqual(sysmon(999), win(['sysmon'], []));
  // No EventID: the category can't be told.
  assert.deepEqual(route({ Channel: SYSMON }), win(['sysmon']));
});

test('Security events: service security; 4688 is process_creation, 4657 a registry event', () => {
  assert.deepEqual(
    route({ Channel: 'Security', Provider_Name: 'Microsoft-Windows-Security-Auditing', EventID: 4688 }),
    win(['security'], ['process_creation']),
  );
  assert.deepEqual(route({ Channel: 'Security', EventID: 4624 }), win(['security'], []));
  assert.deepEqual(route({ Channel: 'Security', EventID: 4701 }), win(['security'], []));
  assert.deepEqual(
    route({ Channel: 'Security', EventID: 4657, OperationType: 'Existing registry value modified' }),
    win(['security'], ['registry_event', 'registry_set']),
  );
  assert.deepEqual(
    route({ Channel: 'Security', EventID: 4657, OperationType: 'New registry value created' }),
    win(['security'], ['registry_add', 'registry_event']),
  );
  // Channel names are matched whatever their case.
  assert.deepEqual(route({ Channel: 'security', EventID: 4688 }), win(['security'], ['process_creation']));
});

test('PowerShell events: modern 4103/4104 and classic 400/600/800', () => {
  for (const Channel of ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational']) {
    assert.deepEqual(route({ Channel, EventID: 4104 }), win(['powershell'], ['ps_script']));
    assert.deepEqual(route({ Channel, EventID: 4103 }), win(['powershell'], ['ps_module']));
    assert.deepEqual(route({ Channel, EventID: 40961 }), win(['powershell'], []));
  }
  const classic = (EventID: number) =>
    route({ Channel: 'Windows PowerShell', Provider_Name: 'PowerShell', EventID });
  assert.deepEqual(classic(400), win(['powershell-classic'], ['ps_classic_start']));
  assert.deepEqual(classic(600), win(['powershell-classic'], ['ps_classic_provider_start']));
  assert.deepEqual(classic(800), win(['powershell-classic'], ['ps_classic_script']));
  assert.deepEqual(classic(403), win(['powershell-classic'], []));
});

test('System, Application and other service channels: the service, no category', () => {
  assert.deepEqual(
    route({ Channel: 'System', Provider_Name: 'Service Control Manager', EventID: 7045 }),
    win(['system'], []),
  );
  assert.deepEqual(route({ Channel: 'Application', EventID: 1000 }), win(['application'], []));
  assert.deepEqual(
    route({ Channel: 'Microsoft-Windows-Windows Defender/Operational', EventID: 1116 }),
    win(['windefend'], []),
  );
  assert.deepEqual(
    route({ Channel: 'Microsoft-Windows-CodeIntegrity/Operational', EventID: 3033 }),
    win(['codeintegrity-operational'], []),
  );
  assert.deepEqual(
    route({ Channel: 'Microsoft-Windows-Bits-Client/Operational', EventID: 16403 }),
    win(['bits-client'], []),
  );
  // Old and new names of one source: both.
  assert.deepEqual(
    route({ Channel: 'Microsoft-Windows-LDAP-Client/Debug', EventID: 30 }),
    win(['ldap', 'ldap_debug'], []),
  );
  assert.deepEqual(
    route({ Channel: 'Microsoft-ServiceBus-Client/Operational', EventID: 40300 }),
    win(['microsoft-servicebus-client', 'servicebus-client'], []),
  );
});

test('sources Sigma names by provider: Provider_Name decides', () => {
  assert.deepEqual(
    route({
      Channel: 'Microsoft-Windows-Kernel-File/Analytic',
      Provider_Name: 'Microsoft-Windows-Kernel-File',
      EventID: 12,
    }),
    win([], ['file_access', 'file_rename']),
  );
  assert.deepEqual(
    route({
      Channel: 'Microsoft-Windows-Hyper-V-Worker-Admin',
      Provider_Name: 'Microsoft-Windows-Hyper-V-Worker',
      EventID: 18560,
    }),
    win(['hyper-v-worker'], []),
  );
});

test('an unknown channel gives product windows and no service or category; no channel, nothing known', () => {
  assert.deepEqual(route({ Channel: 'Acme-Agent/Operational', EventID: 1 }), win([], []));
  assert.deepEqual(route({ Channel: 'Microsoft-Windows-Sysmon/Operational-ish', EventID: 1 }), win([], []));
  assert.deepEqual(route({ EventID: 1 }), { product: 'windows' });
  assert.deepEqual(route({}), { product: 'windows' });
});

test('results are shared and frozen: one object per Channel, provider and EventID', () => {
  const a = windowsLogsource({ Channel: SYSMON, EventID: 1, Image: 'a.exe' });
  const b = windowsLogsource({ Channel: SYSMON, EventID: 1, Image: 'b.exe' });
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.categories) && Object.isFrozen(a.services));
  assert.notEqual(windowsLogsource({ Channel: SYSMON, EventID: 3 }), a);
});

// ---- SigmaHQ's regression data: each case's events route to its rule's log source. ----

const SIGMA = join(import.meta.dirname, '../../../shared/data/sigma');
const REGRESSION = join(SIGMA, 'regression_data');

function walk(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), keep) : keep(e.name) ? [join(dir, e.name)] : [],
  );
}

type RuleSource = { path: string; category?: string; service?: string; product?: string };

/** Rule id → its file and logsource, over every `rules*` folder. Plain text, no YAML parser. */
function ruleIndex(): Map<string, RuleSource> {
  const index = new Map<string, RuleSource>();
  const roots = readdirSync(SIGMA).filter(
    (n) => n.startsWith('rules') && statSync(join(SIGMA, n)).isDirectory(),
  );
  for (const root of roots) {
    for (const path of walk(join(SIGMA, root), (n) => n.endsWith('.yml') || n.endsWith('.yaml'))) {
      const text = readFileSync(path, 'utf8');
      const id = /^id:\s*['"]?([^\s'"#]+)/m.exec(text)?.[1];
      if (id === undefined) continue;
      const rule: RuleSource = { path };
      const lines = text.split(/\r?\n/);
      const start = lines.findIndex((l) => /^logsource:/.test(l));
      for (let i = start + 1; start >= 0 && i < lines.length && /^(\s|$|#)/.test(lines[i]); i++) {
        const m = /^\s+(category|service|product):\s*['"]?([^\s'"#]+)/.exec(lines[i]);
        if (m) rule[m[1] as 'category' | 'service' | 'product'] = m[2];
      }
      index.set(id, rule);
    }
  }
  return index;
}

/** The JSON documents of a file holding one or more of them, one after another. */
function jsonDocuments(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return docs;
}

type Json = { [k: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** `{"Event":{"System":{...},"EventData":{...}}}` as a flat record: System scalars, Provider_Name, EventData. */
function flattenEvent(doc: unknown): Fields {
  const event = isObject(doc) && isObject(doc.Event) ? doc.Event : {};
  const out: Record<string, FieldValue> = {};
  const system = isObject(event.System) ? event.System : {};
  for (const [k, v] of Object.entries(system)) {
    if (isScalar(v)) out[k] = v;
    else if (isObject(v) && isScalar(v['#text'])) out[k] = v['#text']; // EventID with Qualifiers
  }
  const provider = isObject(system.Provider) ? system.Provider['#attributes'] : undefined;
  if (isObject(provider) && typeof provider.Name === 'string') out.Provider_Name = provider.Name;
  const data = isObject(event.EventData) ? event.EventData : {};
  for (const [k, v] of Object.entries(data)) {
    if (isScalar(v)) out[k] = v;
    else if (Array.isArray(v) && v.every(isScalar)) out[k] = v;
  }
  return out;
}

test('SigmaHQ regression cases: some event of each case routes to its rule logsource', async (t) => {
  if (!existsSync(REGRESSION)) {
    t.skip(`no regression data at ${REGRESSION}`);
    return;
  }
  const rules = ruleIndex();
  const cases = walk(REGRESSION, (n) => n === 'info.yml')
    .map(dirname)
    .sort();
  const tally = { routed: 0, notRouted: [] as string[], noRule: [] as string[] };
  for (const dir of cases) {
    const name = relative(REGRESSION, dir);
    await t.test(name, (t) => {
      const info = readFileSync(join(dir, 'info.yml'), 'utf8');
      const after = info.slice(info.search(/^rule_metadata:/m));
      const id = /\bid:\s*['"]?([^\s'"#]+)/.exec(after)?.[1];
      assert.ok(id, `${name}: no rule_metadata id in info.yml`);
      const rule = rules.get(id);
      if (rule === undefined) {
        tally.noRule.push(`${name} (${id})`);
        t.skip(`rule ${id} is not in ${SIGMA}/rules*`);
        return;
      }
      const events = readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .flatMap((n) => jsonDocuments(readFileSync(join(dir, n), 'utf8')).map(flattenEvent));
      assert.ok(events.length > 0, `${name}: no events`);
      const routes = events.map(windowsLogsource);
      const wanted = (ls: Logsource) =>
        ls.product === (rule.product ?? 'windows') &&
        (rule.category === undefined || (ls.categories?.includes(rule.category) ?? false)) &&
        (rule.service === undefined || (ls.services?.includes(rule.service) ?? false));
      const ok = routes.some(wanted);
      if (!ok) tally.notRouted.push(name);
      assert.ok(
        ok,
        `${name}: rule ${relative(SIGMA, rule.path)} wants ${JSON.stringify({ category: rule.category, service: rule.service })}, events route to ${JSON.stringify([...new Set(routes.map((r) => JSON.stringify(r)))])}`,
      );
      tally.routed++;
    });
  }
  t.diagnostic(
    `${cases.length} cases: ${tally.routed} routed, ${tally.notRouted.length} not routed` +
      `${tally.notRouted.length > 0 ? ` (${tally.notRouted.join(', ')})` : ''}, ${tally.noRule.length} without a rule file` +
      `${tally.noRule.length > 0 ? ` (${tally.noRule.join(', ')})` : ''}`,
  );
});
