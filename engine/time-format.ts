/**
 * How the simulated programs print a moment of virtual time (always UTC, as the nodes run):
 * nginx's $time_local, coreutils' `date`, and the container runtime's RFC 3339 log timestamps.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;

/** nginx's access-log time: `01/Jan/2025:00:00:10 +0000`. */
export function nginxLogTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock(d)} +0000`;
}

/** `date` in its default format: `Wed Jan  1 00:00:10 UTC 2025` (the day padded with a space). */
export function dateText(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock(d)} UTC ${d.getUTCFullYear()}`;
}

/** The runtime's log timestamp, RFC 3339 with nanoseconds: `2025-01-01T00:00:02.500000000Z`. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
