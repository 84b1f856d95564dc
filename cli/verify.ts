/**
 * `kubehave verify [--strict] FILE...`: replays the kubectl sessions of course notes on a
 * simulated cluster and reports, per command, whether what it prints matches the transcript.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { formatReport, parseTranscript, runTranscript } from '../kubectl/transcript';

const FIXTURES = resolve(__dirname, '..', 'fixtures');

/** `-f` paths: inside the transcript's folder, then fixtures/; never anywhere else. */
export function transcriptFileReader(transcript: string): (path: string) => string | undefined {
  const roots = [dirname(resolve(transcript)), FIXTURES];
  return (path: string) => {
    const rel = path.replace(/^~\//, '').replace(/^\/+/, '');
    for (const root of roots) {
      for (const candidate of [join(root, rel), join(root, basename(rel))]) {
        if (!existsSync(candidate)) continue;
        const real = realpathSync(candidate);
        const inside = roots.some((r) => {
          const rr = relative(realpathSync(r), real);
          return !rr.startsWith('..') && !isAbsolute(rr);
        });
        if (inside) return readFileSync(real, 'utf8');
      }
    }
    return undefined;
  };
}

export function verify(argv: string[]): number {
  const strict = argv.includes('--strict');
  const unknown = argv.find((a) => a.startsWith('-') && a !== '--strict');
  if (unknown) {
    process.stderr.write(`kubehave verify: unknown flag ${unknown}\nUsage: kubehave verify [--strict] FILE...\n`);
    return 2;
  }
  const files = argv.filter((a) => !a.startsWith('-'));
  if (!files.length) {
    process.stderr.write('Usage: kubehave verify [--strict] FILE...\n');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    if (!existsSync(file)) {
      process.stderr.write(`kubehave verify: ${file}: no such file\n`);
      failed = true;
      continue;
    }
    const parsed = parseTranscript(readFileSync(file, 'utf8'));
    for (const e of parsed.errors) process.stderr.write(`${file}: ${e}\n`);
    const report = formatReport(file, runTranscript(parsed, { readFile: transcriptFileReader(file) }), strict);
    process.stdout.write(report.text);
    if (report.failed || parsed.errors.length) failed = true;
  }
  return failed ? 1 : 0;
}
