/**
 * `curl` as the notes use it, run on the simulated network (traffic.ts): `curl [-s] [-S] [-i]
 * [-I] [-H 'Host: name'] [-o FILE] [-w '%{http_code}'] URL`. Prints what curl prints to a terminal: the body, `-i`/`-I` the status line and a few
 * headers, and on failure `curl: (N) message` unless silenced (`-s` without `-S`).
 */
import { Cluster } from '../cluster';
import { AccessLog, Client, httpGet } from './traffic';

export interface ProgramResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  cluster: Cluster;
  /** still waiting on a connection nothing answers (without --max-time curl waits for the kernel's timeout) */
  hung?: boolean;
}

const REASONS: Record<number, string> = { 200: 'OK', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

export function parseUrl(url: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)/.exec(url);
  if (!m || (m[1] && m[1] !== 'http')) return undefined;
  return { host: m[2], port: m[3] ? Number(m[3]) : 80, path: m[4] || '/' };
}

export function curl(c: Cluster, client: Client, args: string[]): ProgramResult {
  let silent = false, showError = false, include = false, head = false;
  const urls: string[] = [];
  let hostHeader: string | undefined, output: string | undefined, writeOut: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // options with a value: -H 'Host: x', -o FILE, -w FORMAT (attached, `-Hvalue`, or the next word)
    const valued = /^(-[How])(.*)$/.exec(a) ?? (['--header', '--output', '--write-out'].includes(a) ? [a, a, ''] : null);
    if (valued) {
      const value = valued[2] || args[++i];
      if (value === undefined) return { stdout: '', stderr: `curl: option ${a}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, exitCode: 2, cluster: c };
      const opt = valued[1];
      if (opt === '-H' || opt === '--header') {
        const m = /^\s*host\s*:\s*(.*?)\s*$/i.exec(value);
        if (m) hostHeader = m[1];
      } else if (opt === '-o' || opt === '--output') output = value;
      else writeOut = value;
      continue;
    }
    if (a === '--silent') silent = true;
    else if (a === '--show-error') showError = true;
    else if (a === '--include') include = true;
    else if (a === '--head') head = true;
    else if (/^-[sSiIL]+$/.test(a)) {
      if (a.includes('s')) silent = true;
      if (a.includes('S')) showError = true;
      if (a.includes('i')) include = true;
      if (a.includes('I')) head = true;
    } else if (a.startsWith('-')) return { stdout: '', stderr: `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, exitCode: 2, cluster: c };
    else urls.push(a);
  }
  if (!urls.length) return { stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2, cluster: c };
  let stdout = '', stderr = '', exitCode = 0, rng = c.rng;
  let cluster = c;
  for (const url of urls) {
    const req = parseUrl(url);
    if (!req) {
      exitCode = 3;
      if (!silent || showError) stderr += 'curl: (3) URL using bad/illegal format or missing URL\n';
      continue;
    }
    const r = httpGet(cluster, client, { ...req, hostHeader, method: head ? 'HEAD' : 'GET' }, rng);
    rng = r.rng;
    if (!r.answer.ok) {
      if (r.answer.hangs) return { stdout, stderr, exitCode: r.answer.exit, cluster: { ...cluster, rng }, hung: true };
      exitCode = r.answer.exit;
      if (!silent || showError) stderr += `curl: (${r.answer.exit}) ${r.answer.message}\n`;
      if (writeOut !== undefined) stdout += formatWriteOut(writeOut, 0, 0);
      continue;
    }
    if (r.answer.log) cluster = recordLog(cluster, r.answer.log);
    const size = new TextEncoder().encode(r.answer.body).length;
    const headers = `HTTP/1.1 ${r.answer.status} ${REASONS[r.answer.status] ?? ''}\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: ${size}\r\n\r\n`;
    // -o: the body goes to a file (the container's file system is not simulated, so it is dropped)
    const shown = head ? headers : (include ? headers : '') + r.answer.body;
    if (output === undefined) stdout += shown;
    if (writeOut !== undefined) stdout += formatWriteOut(writeOut, r.answer.status, head ? 0 : size);
  }
  return { stdout, stderr, exitCode, cluster: { ...cluster, rng } };
}

/** The serving container's log line, kept in its runtime for `kubectl logs`. */
function recordLog(c: Cluster, log: AccessLog): Cluster {
  const rt = c.runtime.get(log.pod);
  if (!rt) return c;
  const containers = rt.containers.map((ct) => (ct.name === log.container ? { ...ct, logs: [...(ct.logs ?? []), { at: c.now, text: log.text }] } : ct));
  return { ...c, runtime: c.runtime.set(log.pod, { ...rt, containers }) };
}

/** -w: curl's write-out variables the notes' kind of checks use, and its backslash escapes. */
function formatWriteOut(format: string, status: number, size: number): string {
  return format
    .replace(/%\{(http_code|response_code)\}/g, String(status).padStart(3, '0'))
    .replace(/%\{size_download\}/g, String(size))
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}
