/**
 * Which column holds what: logon exports name their columns differently (PowerShell's
 * `Export-Csv` of event properties, EvtxECmd, Splunk, Elastic/Winlogbeat, Sentinel). A column is
 * found by its name with case, spaces, dots and underscores ignored, from the lists below in order;
 * `--map field=Column` overrides any of them.
 */
import { PicketError } from '../../core/errors.ts';

export const LOGON_FIELDS = [
  'time',
  'eventId',
  'user',
  'domain',
  'sourceIp',
  'workstation',
  'logonType',
  'authPackage',
  'outcome',
  'country',
  'city',
  'latitude',
  'longitude',
  'department',
] as const;
export type LogonField = (typeof LOGON_FIELDS)[number];

/** Known names per field, most specific first (normalised: lower case, letters and digits only). */
export const KNOWN_COLUMNS: Record<LogonField, readonly string[]> = {
  time: [
    'timecreated',
    'timecreatedsystemtime',
    'systemtime',
    'timestamp',
    'time',
    'eventtime',
    'timegenerated',
    'utctime',
    'date',
  ],
  eventId: ['eventid', 'id', 'eventcode', 'eventcodeid', 'winlogeventid', 'eventcodestring'],
  user: [
    'targetusername',
    'winlogeventdatatargetusername',
    'accountname',
    'targetuser',
    'username',
    'user',
    'account',
  ],
  domain: ['targetdomainname', 'winlogeventdatatargetdomainname', 'accountdomain', 'domain', 'userdomain'],
  sourceIp: [
    'ipaddress',
    'winlogeventdataipaddress',
    'sourcenetworkaddress',
    'sourceip',
    'srcip',
    'src',
    'clientip',
    'ip',
    'sourceaddress',
  ],
  workstation: [
    'workstationname',
    'winlogeventdataworkstationname',
    'workstation',
    'sourceworkstation',
    'srchost',
    'sourcehostname',
  ],
  logonType: ['logontype', 'winlogeventdatalogontype'],
  authPackage: [
    'authenticationpackagename',
    'winlogeventdataauthenticationpackagename',
    'authenticationpackage',
    'authpackage',
    'packagename',
  ],
  outcome: ['eventoutcome', 'outcome', 'keywords', 'result', 'action'],
  country: ['sourcegeocountryisocode', 'countrycode', 'country', 'geocountry', 'srccountry'],
  city: ['sourcegeocityname', 'city', 'geocity', 'srccity'],
  latitude: ['sourcegeolocationlat', 'latitude', 'lat', 'geolatitude'],
  longitude: ['sourcegeolocationlon', 'longitude', 'lon', 'lng', 'geolongitude'],
  department: ['department', 'dept', 'ou', 'organizationalunit', 'group'],
};

export const normalize = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Field → column name, as chosen for one input. */
export type ColumnMap = Partial<Record<LogonField, string>>;

/** Parses `--map time=TimeCreated,user=Account_Name` (repeatable). */
export function parseColumnOverrides(specs: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  for (const spec of specs.flatMap((s) => s.split(','))) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(spec);
    const field = LOGON_FIELDS.find((f) => f.toLowerCase() === m?.[1].toLowerCase());
    if (!m || !field)
      throw new PicketError(
        'USAGE',
        `--map '${spec}': expected FIELD=COLUMN with FIELD one of ${LOGON_FIELDS.join(', ')}`,
      );
    map[field] = m[2];
  }
  return map;
}

/**
 * Chooses a column for each field among `columns` (a header): an override must name a column that
 * is there; otherwise the first known name present wins, a column used once only.
 */
export function chooseColumns(columns: readonly string[], overrides: ColumnMap, file: string): ColumnMap {
  const byName = new Map<string, string>();
  for (const c of columns) if (!byName.has(normalize(c))) byName.set(normalize(c), c);
  const taken = new Set<string>();
  const chosen: ColumnMap = {};
  for (const field of LOGON_FIELDS) {
    const wanted = overrides[field];
    if (wanted !== undefined) {
      const column = columns.includes(wanted) ? wanted : byName.get(normalize(wanted));
      if (!column)
        throw new PicketError(
          'USAGE',
          `--map ${field}=${wanted}: no such column (columns: ${columns.join(', ')})`,
          {
            file,
          },
        );
      chosen[field] = column;
      taken.add(column);
    }
  }
  for (const field of LOGON_FIELDS) {
    if (chosen[field]) continue;
    for (const name of KNOWN_COLUMNS[field]) {
      const column = byName.get(name);
      if (column && !taken.has(column)) {
        chosen[field] = column;
        taken.add(column);
        break;
      }
    }
  }
  return chosen;
}
