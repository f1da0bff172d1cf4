/** Distances on the globe and local clock time, for travel speed and hours. */
import { zoneOffsetMs } from '../../core/time.ts';

const EARTH_RADIUS_KM = 6371.0088; // mean radius (IUGG)

/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The wall clock in `zone` at `utcMs`: hour as a fraction (9:30 → 9.5), weekday (0 Sunday). */
export type LocalClock = { hour: number; weekday: number; weekend: boolean; text: string };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localClock(utcMs: number, zone: string): LocalClock {
  const local = new Date(utcMs + zoneOffsetMs(zone, utcMs));
  const h = local.getUTCHours();
  const m = local.getUTCMinutes();
  const weekday = local.getUTCDay();
  return {
    hour: h + m / 60 + local.getUTCSeconds() / 3600,
    weekday,
    weekend: weekday === 0 || weekday === 6,
    text: `${DAYS[weekday]} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`,
  };
}
