/**
 * Parameter types that let steps read as sentences: `30 seconds`, `ReplicaSet`, `Foreground`.
 */
import { defineParameterType } from '@cucumber/cucumber';

const UNITS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000 };

/** `30 seconds`, `1 minute`, `500 milliseconds` -> milliseconds */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?) (millisecond|second|minute|hour)s?$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration such as "30 seconds" or "2 minutes"`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

defineParameterType({
  name: 'duration',
  regexp: /\d+(?:\.\d+)? (?:milliseconds?|seconds?|minutes?|hours?)/,
  transformer: parseDuration,
});

/** kubectl's names for the kinds the engine serves, as a person writes them in a sentence. */
const KINDS: Record<string, string> = {
  pod: 'Pod',
  replicaset: 'ReplicaSet',
  replicationcontroller: 'ReplicationController',
  deployment: 'Deployment',
  daemonset: 'DaemonSet',
  statefulset: 'StatefulSet',
  service: 'Service',
  ingress: 'Ingress',
  configmap: 'ConfigMap',
  secret: 'Secret',
  ingressclass: 'IngressClass',
  endpoints: 'Endpoints',
  persistentvolumeclaim: 'PersistentVolumeClaim',
  persistentvolume: 'PersistentVolume',
  job: 'Job',
  cronjob: 'CronJob',
  node: 'Node',
  namespace: 'Namespace',
};

export function kindFromWord(word: string): string {
  const kind = KINDS[word.toLowerCase()];
  if (!kind) throw new Error(`"${word}" is not a kind kubehave knows; use one of ${Object.values(KINDS).join(', ')}`);
  return kind;
}

defineParameterType({
  name: 'kind',
  regexp: /[Ss]tateful[Ss]et|[Ss]ervice|[Cc]onfig[Mm]ap|[Ss]ecret|[Ii]ngress[Cc]lass|[Ii]ngress|[Ee]ndpoints|[Pp]ersistent[Vv]olume[Cc]laim|[Pp]ersistent[Vv]olume|[Pp]od|[Rr]eplica[Ss]et|[Rr]eplication[Cc]ontroller|[Dd]eployment|[Dd]aemon[Ss]et|[Cc]ron[Jj]ob|[Jj]ob|[Nn]ode|[Nn]amespace/,
  transformer: kindFromWord,
});

defineParameterType({
  name: 'policy',
  regexp: /Background|Foreground|Orphan/,
  transformer: (s: string) => s as 'Background' | 'Foreground' | 'Orphan',
});

defineParameterType({
  name: 'patchType',
  regexp: /strategic merge|JSON merge|JSON/,
  transformer: (s: string) => (s === 'strategic merge' ? 'strategic' : s === 'JSON merge' ? 'merge' : 'json') as 'strategic' | 'merge' | 'json',
});
