/**
 * CronJob schedules. The API server checks a schedule with robfig/cron's ParseStandard, whose
 * error messages reach the user, so those checks are ported here with its wording
 * (github.com/robfig/cron/v3 parser.go); the times a valid schedule fires at come from the
 * cron-parser library, evaluated in the CronJob's time zone.
 */
import { CronExpression, CronExpressionParser } from 'cron-parser';

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [{ min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, { min: 1, max: 12, names: MONTHS }, { min: 0, max: 6, names: DAYS }];

/** robfig's descriptors, as the five fields they stand for */
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export type Schedule = { fields: string } | { everyMs: number };

/** strconv.Atoi, then robfig's mustParseInt */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** getRange: `*`, `N`, `N-M`, each with an optional `/step`. */
function checkRange(expr: string, r: Bounds) {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number, end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (lowAndHigh.length === 1) end = r.max; // "N/step" means "N-max/step"
  } else if (rangeAndStep.length > 2) {
    throw new Error(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new Error(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new Error(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
}

/** Go's time.ParseDuration for the units a schedule would use (`1h30m`, `90s`). */
function goDuration(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * units[m[2]];
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? total : undefined;
}

/** cron.ParseStandard: five fields or a descriptor; the error as robfig words it. */
export function parseSchedule(spec: string): { ok: true; schedule: Schedule } | { ok: false; error: string } {
  try {
    if (!spec) throw new Error('empty spec string');
    if (spec.startsWith('@')) {
      if (spec.startsWith('@every ')) {
        const ms = goDuration(spec.slice('@every '.length));
        if (ms === undefined) throw new Error(`failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(spec.slice('@every '.length))}`);
        return { ok: true, schedule: { everyMs: Math.max(1000, Math.floor(ms / 1000) * 1000) } };
      }
      const fields = DESCRIPTORS[spec];
      if (!fields) throw new Error(`unrecognized descriptor: ${spec}`);
      return { ok: true, schedule: { fields } };
    }
    const fields = spec.trim().split(/\s+/);
    if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
    fields.forEach((f, i) => f.split(',').forEach((part) => checkRange(part, FIELDS[i])));
    return { ok: true, schedule: { fields: fields.join(' ') } };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Parsed expressions by schedule and zone: parsing costs far more than stepping (a pure cache; reset() sets the start). */
const parsed = new Map<string, CronExpression>();

/** Schedule.Next: the first time the schedule fires strictly after `after` (ms), in the time zone. */
export function nextTime(schedule: Schedule, after: number, timeZone: string): number {
  if ('everyMs' in schedule) return Math.floor(after / 1000) * 1000 + schedule.everyMs;
  const key = `${schedule.fields}|${timeZone}`;
  let it = parsed.get(key);
  if (!it) {
    it = CronExpressionParser.parse(schedule.fields, { currentDate: new Date(after), tz: timeZone || 'UTC' });
    parsed.set(key, it);
  }
  it.reset(new Date(after));
  return it.next().getTime();
}

/** time.LoadLocation: is this an IANA time zone the runtime knows? */
export function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** time.Format(time.RFC3339) of `ms` in the time zone: `2025-01-01T09:00:00+09:00`, `Z` for UTC. */
export function rfc3339In(ms: number, timeZone: string): string {
  if (!timeZone || timeZone === 'UTC') return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  if (offset === 0) return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
