/**
 * Which Sigma log sources a Windows event belongs to: `product: windows`, the `service`s of its event
 * log (`Channel`, and for the few sources Sigma names by provider, `Provider_Name`) and the
 * `category`s of its (Channel, EventID). The event is the flattened Windows event XML: System
 * scalars (`Channel`, `EventID`), `Provider_Name`, and the EventData fields at the top level.
 *
 * The facts below are the Sigma project's own definitions, written here as a table of our own:
 * - SigmaHQ/sigma-specification, specification/sigma-appendix-taxonomy.md (taxonomy v2.1.0):
 *   "Windows Folder" tables — the channel(s) of each service, the channel and EventID(s) of each
 *   category, the ETW provider of file_access and file_rename.
 * - SigmaHQ/pySigma-pipeline-sysmon, sigma/pipelines/sysmon/sysmon.py: generic category → Sysmon
 *   EventID (it also puts EventID 26 in file_delete; the taxonomy calls 26 file_delete_detected).
 * - SigmaHQ/pySigma-pipeline-windows, sigma/pipelines/windows/windows.py: ps_* categories → service
 *   and EventID; the audit pipeline's Security 4688 (process_creation) and 4657 with OperationType
 *   (registry_event / registry_set / registry_add). It takes its service → channel table from
 *   SigmaHQ/pySigma, sigma/pipelines/common.py (`windows_logsource_mapping`), which adds
 *   PowerShellCore/Operational to `powershell` and the older service names `ldap_debug` and
 *   `microsoft-servicebus-client`.
 *
 * Not routable from Channel/EventID (used by SigmaHQ's rules/windows, left unmapped on purpose):
 * - service `smbserver-connectivity` (1 rule): neither the taxonomy appendix nor pySigma's mapping
 *   defines its channel, so no event is known to belong to it.
 * Routed by provider, not by Channel/EventID:
 * - categories `file_access` (7 rules) and `file_rename` (1 rule): the taxonomy defines them by the
 *   ETW provider Microsoft-Windows-Kernel-File and names no channel or EventID, so every event of
 *   that provider gets both (the rules' own fields then decide).
 *
 * Every other service and category used by rules/windows is in the tables below, as are the
 * taxonomy's Windows sources no rule uses yet.
 */

import type { Fields, FieldValue, Logsource } from '../../core/record.ts';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const SECURITY = 'Security';
const POWERSHELL = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const POWERSHELL_CLASSIC = 'Windows PowerShell';
const KERNEL_FILE = 'Microsoft-Windows-Kernel-File';

/**
 * Service → the event-log channels whose events make it up. Two pairs of names are one source under
 * an old and a new name (`ldap_debug`/`ldap`, `microsoft-servicebus-client`/`servicebus-client`): an
 * event gets both, since rules use either.
 */
const SERVICE_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  application: ['Application'],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  ],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  // The taxonomy writes the second one with a `WinEventLog:` prefix, the collector's, not the log's.
  'kernel-shimengine': [
    'Microsoft-Windows-Kernel-ShimEngine/Operational',
    'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
  ],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  ldap_debug: ['Microsoft-Windows-LDAP-Client/Debug'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'msexchange-management': ['MSExchange Management'],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  openssh: ['OpenSSH/Operational'],
  powershell: POWERSHELL,
  'powershell-classic': [POWERSHELL_CLASSIC],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  security: [SECURITY],
  'security-mitigations': [
    'Microsoft-Windows-Security-Mitigations/Kernel Mode',
    'Microsoft-Windows-Security-Mitigations/User Mode',
  ],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': [
    'Microsoft-ServiceBus-Client/Operational',
    'Microsoft-ServiceBus-Client/Admin',
    'Microsoft-ServiceBus-Client',
  ],
  'microsoft-servicebus-client': [
    'Microsoft-ServiceBus-Client/Operational',
    'Microsoft-ServiceBus-Client/Admin',
    'Microsoft-ServiceBus-Client',
  ],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  sysmon: [SYSMON],
  system: ['System'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  'terminalservices-localsessionmanager': [
    'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  ],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
};

/**
 * Services whose Sigma "channel" is a provider's name (no `/Log` part): an event of that provider
 * belongs to them whatever log it was written to.
 */
const SERVICE_PROVIDERS: Readonly<Record<string, readonly string[]>> = {
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  'servicebus-client': ['Microsoft-ServiceBus-Client'],
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client'],
};

/** Categories defined by a provider alone (any channel, any EventID). */
const PROVIDER_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  [KERNEL_FILE]: ['file_access', 'file_rename'],
};

/**
 * A category: the channels and EventIDs of its events. With `when`, only the events whose field has
 * one of the values; an event whose field is absent or has another value gets every such category
 * of its EventID (it may be any of them).
 */
type CategoryEvents = {
  readonly category: string;
  readonly channels: readonly string[];
  readonly eventIds: readonly number[];
  readonly when?: { readonly field: string; readonly values: readonly string[] };
};

const sysmon = (category: string, ...eventIds: number[]): CategoryEvents => ({
  category,
  channels: [SYSMON],
  eventIds,
});

const CATEGORY_EVENTS: readonly CategoryEvents[] = [
  sysmon('process_creation', 1),
  sysmon('file_change', 2),
  sysmon('network_connection', 3),
  sysmon('sysmon_status', 4, 16),
  sysmon('process_termination', 5),
  sysmon('driver_load', 6),
  sysmon('image_load', 7),
  sysmon('create_remote_thread', 8),
  sysmon('raw_access_thread', 9),
  sysmon('process_access', 10),
  sysmon('file_event', 11),
  sysmon('registry_event', 12, 13, 14),
  // Sysmon writes EventID 12 for creations and deletions of keys and values; EventType tells which.
  { ...sysmon('registry_add', 12), when: { field: 'EventType', values: ['CreateKey', 'CreateValue'] } },
  { ...sysmon('registry_delete', 12), when: { field: 'EventType', values: ['DeleteKey', 'DeleteValue'] } },
  sysmon('registry_set', 13),
  sysmon('registry_rename', 14),
  sysmon('create_stream_hash', 15),
  sysmon('pipe_created', 17, 18),
  sysmon('wmi_event', 19, 20, 21),
  sysmon('dns_query', 22),
  sysmon('file_delete', 23, 26),
  sysmon('clipboard_capture', 24),
  sysmon('process_tampering', 25),
  sysmon('file_delete_detected', 26),
  sysmon('file_block_executable', 27),
  sysmon('file_block_shredding', 28),
  sysmon('file_executable_detected', 29),
  sysmon('sysmon_error', 255),
  { category: 'process_creation', channels: [SECURITY], eventIds: [4688] },
  // Security 4657, "a registry value was modified", as pySigma's Windows audit pipeline reads it.
  {
    category: 'registry_event',
    channels: [SECURITY],
    eventIds: [4657],
    when: {
      field: 'OperationType',
      values: ['New registry value created', 'Existing registry value modified'],
    },
  },
  {
    category: 'registry_add',
    channels: [SECURITY],
    eventIds: [4657],
    when: { field: 'OperationType', values: ['New registry value created'] },
  },
  {
    category: 'registry_set',
    channels: [SECURITY],
    eventIds: [4657],
    when: { field: 'OperationType', values: ['Existing registry value modified'] },
  },
  { category: 'ps_module', channels: POWERSHELL, eventIds: [4103] },
  { category: 'ps_script', channels: POWERSHELL, eventIds: [4104] },
  { category: 'ps_classic_start', channels: [POWERSHELL_CLASSIC], eventIds: [400] },
  { category: 'ps_classic_provider_start', channels: [POWERSHELL_CLASSIC], eventIds: [600] },
  { category: 'ps_classic_script', channels: [POWERSHELL_CLASSIC], eventIds: [800] },
];

// ---- The table, inverted once: lower-case channel or provider → what its events belong to. ----

/** The categories of one (channel, EventID): fixed ones, and those that depend on a field's value. */
type EventCategories = {
  readonly fixed: readonly string[];
  readonly field?: string;
  /** Field value → the conditional categories it selects. */
  readonly byValue: ReadonlyMap<string, readonly string[]>;
  /** Every conditional category: for an absent or unknown value. */
  readonly anyValue: readonly string[];
};

const key = (name: string) => name.toLowerCase();

function addTo<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list === undefined) map.set(k, [v]);
  else if (!list.includes(v)) list.push(v);
}

const CHANNEL_SERVICES = new Map<string, string[]>();
for (const [service, channels] of Object.entries(SERVICE_CHANNELS)) {
  for (const channel of channels) addTo(CHANNEL_SERVICES, key(channel), service);
}

const PROVIDER_SERVICES = new Map<string, string[]>();
for (const [service, providers] of Object.entries(SERVICE_PROVIDERS)) {
  for (const provider of providers) addTo(PROVIDER_SERVICES, key(provider), service);
}

const PROVIDER_CATEGORY_MAP = new Map<string, readonly string[]>(
  Object.entries(PROVIDER_CATEGORIES).map(([provider, categories]) => [key(provider), categories]),
);

/** Lower-case channel → EventID → its categories. */
const CHANNEL_EVENTS: ReadonlyMap<string, ReadonlyMap<number, EventCategories>> = (() => {
  const defs = new Map<string, Map<number, CategoryEvents[]>>();
  for (const def of CATEGORY_EVENTS) {
    for (const channel of def.channels) {
      let byId = defs.get(key(channel));
      if (byId === undefined) {
        byId = new Map();
        defs.set(key(channel), byId);
      }
      for (const id of def.eventIds) addTo(byId, id, def);
    }
  }
  const out = new Map<string, Map<number, EventCategories>>();
  for (const [channel, byId] of defs) {
    const events = new Map<number, EventCategories>();
    for (const [id, list] of byId) {
      const fixed = list.filter((d) => d.when === undefined).map((d) => d.category);
      const conditional = list.filter((d) => d.when !== undefined);
      const fields = new Set(conditional.map((d) => d.when?.field));
      if (fields.size > 1) throw new Error(`windows-logsource: ${channel} ${id} depends on two fields`);
      const byValue = new Map<string, string[]>();
      for (const d of conditional) for (const v of d.when?.values ?? []) addTo(byValue, v, d.category);
      events.set(id, {
        fixed,
        field: conditional[0]?.when?.field,
        byValue,
        anyValue: conditional.map((d) => d.category),
      });
    }
    out.set(channel, events);
  }
  return out;
})();

// ---- Lookup, cached: the result for a Channel, Provider_Name and EventID is built once. ----

/** What an event of one channel and one provider key belongs to, by EventID. */
type Resolved = {
  /** For an EventID the table doesn't name for this channel: the provider's categories only. */
  readonly otherEvent: Logsource;
  /** For no EventID: categories unknown (undefined) when the channel has any. */
  readonly noEventId: Logsource;
  readonly byEventId: ReadonlyMap<number, Routed>;
};

/** One EventID's log source, or the log sources it may be by a field's value. */
type Routed =
  | { readonly logsource: Logsource; readonly field?: undefined }
  | {
      readonly logsource?: undefined;
      readonly field: string;
      readonly byValue: ReadonlyMap<string, Logsource>;
      readonly anyValue: Logsource;
    };

const UNKNOWN: Logsource = Object.freeze({ product: 'windows' });

function logsource(services: readonly string[], categories: readonly string[] | undefined): Logsource {
  return Object.freeze(
    categories === undefined
      ? { product: 'windows', services: Object.freeze([...services]) }
      : {
          product: 'windows',
          services: Object.freeze([...services]),
          categories: Object.freeze([...categories]),
        },
  );
}

const union = (a: readonly string[], b: readonly string[]) => [...a, ...b.filter((x) => !a.includes(x))];

/** `provider` is the lower-case name of a provider the tables know, or '' for any other. */
function resolve(channel: string, provider: string): Resolved {
  const services = union(CHANNEL_SERVICES.get(key(channel)) ?? [], PROVIDER_SERVICES.get(provider) ?? []);
  const providerCategories = PROVIDER_CATEGORY_MAP.get(provider) ?? [];
  const events = CHANNEL_EVENTS.get(key(channel));
  const byEventId = new Map<number, Routed>();
  for (const [id, ev] of events ?? []) {
    const fixed = union(providerCategories, ev.fixed);
    if (ev.field === undefined) {
      byEventId.set(id, { logsource: logsource(services, fixed) });
    } else {
      const byValue = new Map<string, Logsource>();
      for (const [v, cats] of ev.byValue) byValue.set(v, logsource(services, union(fixed, cats)));
      byEventId.set(id, {
        field: ev.field,
        byValue,
        anyValue: logsource(services, union(fixed, ev.anyValue)),
      });
    }
  }
  const otherEvent = logsource(services, providerCategories);
  // Without an EventID, an event of a channel with categories may be in any of them: unknown.
  const noEventId = events === undefined ? otherEvent : logsource(services, undefined);
  return { otherEvent, noEventId, byEventId };
}

/** Bounds on the caches, against a stream of ever new channel or provider names. */
const MAX_CHANNELS = 4096;
const MAX_PROVIDERS = 4096;

/** Channel as written → provider key → resolved. */
const byChannel = new Map<string, Map<string, Resolved>>();
/** Provider_Name as written → its key: lower case if the tables name it, else ''. */
const providerKeys = new Map<string, string>();

function providerKey(name: FieldValue | undefined): string {
  if (typeof name !== 'string') return '';
  let k = providerKeys.get(name);
  if (k === undefined) {
    const lower = key(name);
    k = PROVIDER_SERVICES.has(lower) || PROVIDER_CATEGORY_MAP.has(lower) ? lower : '';
    if (providerKeys.size < MAX_PROVIDERS) providerKeys.set(name, k);
  }
  return k;
}

function resolved(channel: string, provider: string): Resolved {
  let byProvider = byChannel.get(channel);
  if (byProvider === undefined) {
    byProvider = new Map();
    if (byChannel.size < MAX_CHANNELS) byChannel.set(channel, byProvider);
  }
  let r = byProvider.get(provider);
  if (r === undefined) {
    r = resolve(channel, provider);
    byProvider.set(provider, r); // at most one entry per provider the tables name, and ''
  }
  return r;
}

function eventIdOf(v: FieldValue | undefined): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : -1;
}

/**
 * The Sigma log source of a Windows event: always `product: 'windows'`; `services` from its Channel
 * (and Provider_Name, for the services Sigma names by provider); `categories` from its Channel and
 * EventID (and EventType / OperationType where one EventID holds several categories). An event
 * without a Channel has only `product` (its services and categories are unknown); an event of a
 * channel that has categories but without an EventID has no `categories` (unknown). A known
 * channel outside the tables gives empty lists: the event belongs to no Sigma service or category.
 *
 * The result is shared between events and frozen: do not change it. An event costs a few map
 * look-ups and no allocation once its Channel and Provider_Name have been seen.
 */
export function windowsLogsource(fields: Fields): Logsource {
  const channel = fields.Channel;
  if (typeof channel !== 'string' || channel === '') return UNKNOWN;
  const r = resolved(channel, providerKey(fields.Provider_Name));
  const id = eventIdOf(fields.EventID);
  if (id < 0) return r.noEventId;
  const routed = r.byEventId.get(id);
  if (routed === undefined) return r.otherEvent;
  if (routed.field === undefined) return routed.logsource;
  const v = fields[routed.field];
  return (typeof v === 'string' && routed.byValue.get(v)) || routed.anyValue;
}
