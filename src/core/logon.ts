/**
 * A Windows logon event (Security 4624 success, 4625 failure, 4648 explicit credentials) as the
 * logon analytics see it, whatever it was read from: a CSV export, Windows JSON, an EVTX file.
 */
export type Logon = {
  /** Epoch ms UTC. */
  timestamp: number;
  eventId: number;
  outcome: 'success' | 'failure';
  /** TargetUserName, lower-cased (Windows account names are case-insensitive). */
  user: string;
  /** TargetDomainName, upper-cased; empty when unknown. */
  domain: string;
  /** IpAddress; empty when the event has none ('-', '::1', a local logon). */
  sourceIp: string;
  /** WorkstationName, upper-cased; empty when unknown. */
  workstation: string;
  /** LogonType (2 interactive, 3 network, 5 service, 7 unlock, 10 remote interactive, …); 0 unknown. */
  logonType: number;
  /** AuthenticationPackageName (NTLM, Kerberos, Negotiate); empty when unknown. */
  authPackage: string;
  /** Location columns the input already held (a SIEM's enrichment); they win over a lookup. */
  geo?: { country?: string; city?: string; latitude?: number; longitude?: number };
  /** Department or OU, when the input has a column for it: the peer group of a new user. */
  department?: string;
  /** Evidence: the file and its line (CSV, NDJSON) or record number (EVTX). */
  file: string;
  line: number;
};

/** Where a logon came from, as geolocation and the site list tell it. */
export type Place = {
  /** internal: a private or reserved address (or a listed office range); public: geolocated; unknown: no address, or not in the database. */
  kind: 'internal' | 'public' | 'unknown';
  /** The site a listed range names (`--sites`): an office, or a VPN egress. */
  site?: string;
  vpn?: boolean;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  /** IANA zone of the place. */
  timeZone?: string;
};

/** A logon and where it came from. */
export type PlacedLogon = Logon & { place: Place };
