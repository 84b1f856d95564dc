import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processBehaviour } from './process';
import { DEFAULT_PROFILE, imageBehaviour } from './profile';

const busybox = imageBehaviour(DEFAULT_PROFILE, 'busybox:1.36');
const nginx = imageBehaviour(DEFAULT_PROFILE, 'nginx:1.16');
const run = (command: string[], image = busybox) => processBehaviour({ command }, image);

test('an image without a command: a shell exits at once, a server serves until stopped', () => {
  assert.deepEqual(processBehaviour({}, busybox), { exitsAfterMs: 0, exitCode: 0 });
  assert.deepEqual(processBehaviour({}, nginx), { exitsAfterMs: null, exitCode: 0 });
});

test('simple commands: sleep with units, true, false, exit codes, the docs\' pi Job', () => {
  assert.deepEqual(run(['sleep', '5']), { exitsAfterMs: 5000, exitCode: 0 });
  assert.deepEqual(run(['/bin/sleep', '2m']), { exitsAfterMs: 120_000, exitCode: 0 });
  assert.deepEqual(run(['sleep', 'infinity']), { exitsAfterMs: null, exitCode: 0 });
  assert.deepEqual(run(['false']), { exitsAfterMs: 0, exitCode: 1 });
  assert.deepEqual(run(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']), { exitsAfterMs: 10_000, exitCode: 0 });
  assert.deepEqual(run(['nginx', '-g', 'daemon off;']), { exitsAfterMs: null, exitCode: 0 });
});

test('sh -c scripts run in order; exit ends them; && and || follow the last exit code', () => {
  assert.deepEqual(run(['sh', '-c', 'echo start; sleep 5; echo done']), { exitsAfterMs: 5000, exitCode: 0 });
  assert.deepEqual(run(['sh', '-c', 'sleep 2; exit 1']), { exitsAfterMs: 2000, exitCode: 1 });
  assert.deepEqual(run(['sh', '-c', 'sleep 1; exit 3; sleep 100']), { exitsAfterMs: 1000, exitCode: 3 });
  assert.deepEqual(run(['sh', '-c', 'false && sleep 9']), { exitsAfterMs: 0, exitCode: 1 });
  assert.deepEqual(run(['sh', '-c', 'false || sleep 4']), { exitsAfterMs: 4000, exitCode: 0 });
  assert.deepEqual(run(['sh', '-c', 'set -e\ndate\nsleep 3\n']), { exitsAfterMs: 3000, exitCode: 0 });
  assert.deepEqual(run(['sh', '-c', 'while true; do sleep 1; done']), { exitsAfterMs: null, exitCode: 0 });
  assert.deepEqual(run(['sh', '-c', "echo 'a; b'; sleep 1"]), { exitsAfterMs: 1000, exitCode: 0 });
});

test('the files a command creates and removes, for exec probes: touch, rm, mkdir, redirections', () => {
  assert.deepEqual(run(['sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']), {
    exitsAfterMs: 630_000,
    exitCode: 0,
    files: [
      { atMs: 0, path: '/tmp/healthy', exists: true },
      { atMs: 30_000, path: '/tmp/healthy', exists: false },
    ],
  });
  assert.deepEqual(run(['sh', '-c', 'sleep 5; echo ok > /tmp/ready; echo x >/tmp/b 2>&1; sleep infinity']).files, [
    { atMs: 5000, path: '/tmp/ready', exists: true },
    { atMs: 5000, path: '/tmp/b', exists: true },
  ]);
  assert.deepEqual(run(['touch', '/tmp/a']).files, [{ atMs: 0, path: '/tmp/a', exists: true }]);
  assert.equal(run(['sh', '-c', 'echo hi > /dev/null']).files, undefined);
});
