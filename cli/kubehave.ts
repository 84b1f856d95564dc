/**
 * The kubehave command line.
 *   kubehave run [feature paths...]   run the book suite (every feature) on the embedded engine
 *   kubehave steps                    print the step vocabulary
 *   kubehave verify [--strict] FILE   replay the kubectl sessions of notes and compare
 *   kubehave shell                    a prompt on a fresh simulated cluster
 *   kubehave properties [--runs N] [--seed S] [paths...]   the long property searches
 */
import { resolve } from 'node:path';
import { runFeatures } from './run';
import { stepVocabulary, vocabularyMarkdown } from './vocabulary';
import { verify } from './verify';
import { shell } from './shell';
import { properties } from './properties';

const USAGE = `kubehave: behaviour tests for Kubernetes on a simulated control plane

Usage:
  kubehave run [paths...]   run feature files (default: every feature under features/)
  kubehave steps            list the Given/When/Then phrases the steps understand
  kubehave verify [--strict] FILE...
                            replay the \`$ kubectl ...\` sessions of notes (Markdown or text) on a
                            simulated cluster and report each command: ok, differs, unsupported
  kubehave properties [--runs N] [--seed S] [--path P] [paths...]
                            run the scenarios with a property step, N random sequences each
                            (default 1000), with progress and the disturbances drawn
  kubehave shell            a prompt on a fresh simulated cluster: kubectl, host commands, wait
  kubehave help             show this help
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': {
      const unknown = rest.find((a) => a.startsWith('-'));
      if (unknown) {
        process.stderr.write(`kubehave run: unknown flag ${unknown}\n\n${USAGE}`);
        return 2;
      }
      return (await runFeatures(rest)) ? 0 : 1;
    }
    case 'verify':
      return verify(rest);
    case 'properties':
      return properties(rest);
    case 'shell':
      return shell();
    case 'steps':
      process.stdout.write(vocabularyMarkdown(stepVocabulary(resolve(__dirname, '..', 'steps'))) + '\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`kubehave: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
