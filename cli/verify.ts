/**
 * `kubehave verify [--strict] [--update] FILE...`: replays the kubectl sessions of course notes
 * on a simulated cluster and reports, per command, whether what it prints matches the
 * transcript; `--update` writes what the simulation printed into the transcript instead.
 */
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { formatReport, parseTranscript, runTranscript, updateTranscript } from '../kubectl/transcript';

const FIXTURES = resolve(__dirname, '..', 'fixtures');

/** `-f` paths: inside the transcript's folder, then fixtures/; never anywhere else. */
export function transcriptFileReader(transcript: string): (path: string) => string | undefined {
  const roots = [dirname(resolve(transcript)), FIXTURES];
  return (path: string) => {
    const rel = path.replace(/^~\//, '').replace(/^\/+/, '');
    // `fixtures/x.yaml` as the features write it, too
    const underFixtures = rel.startsWith('fixtures/') ? [join(FIXTURES, rel.slice('fixtures/'.length))] : [];
    for (const root of roots) {
      for (const candidate of [join(root, rel), join(root, basename(rel)), ...underFixtures]) {
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
  const update = argv.includes('--update');
  const unknown = argv.find((a) => a.startsWith('-') && a !== '--strict' && a !== '--update');
  if (unknown) {
    process.stderr.write(`kubehave verify: unknown flag ${unknown}\nUsage: kubehave verify [--strict] [--update] FILE...\n`);
    return 2;
  }
  const files = argv.filter((a) => !a.startsWith('-'));
  if (!files.length) {
    process.stderr.write('Usage: kubehave verify [--strict] [--update] FILE...\n');
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
    const text = readFileSync(file, 'utf8');
    const results = runTranscript(parsed, { readFile: transcriptFileReader(file) });
    const report = formatReport(file, results, strict);
    process.stdout.write(report.text);
    if (update) {
      const updated = updateTranscript(text, results);
      if (updated !== text) {
        writeFileSync(file, updated);
        process.stdout.write(`${file}: expected output rewritten from the simulation for ${results.filter((r) => r.verdict === 'differs').length} command(s)\n`);
      }
    } else if (report.failed || parsed.errors.length) failed = true;
  }
  return failed ? 1 : 0;
}
