/**
 * The instants the platform stores and accepts: from the Unix epoch to the last millisecond of
 * year 9999. Nothing in crypto predates 1970, and PostgreSQL (through Prisma's ISO strings) cannot
 * take the year 0 or a five-digit year, which a date near either end reaches after a period is
 * subtracted or a time zone applied. Pure constants, so domain cores may use them too.
 */
export const EARLIEST_INSTANT_MS = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const INSTANT_RANGE_TEXT = '1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';

export function isWithinInstantRange(ms: number): boolean {
  return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}
