// TEMPORARY minimal defaults until the full module lands.
import { KObject } from './types';
import { clone } from './json';

function defaultPodSpec(spec: any) {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.containers ?? []) {
    const tag = c.image?.includes('@') ? 'digest' : c.image?.lastIndexOf(':') > c.image?.lastIndexOf('/') ? c.image.slice(c.image.lastIndexOf(':') + 1) : 'latest';
    c.imagePullPolicy ??= tag === 'latest' ? 'Always' : 'IfNotPresent';
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
}

export function applyDefaults(obj: KObject): KObject {
  const o = clone(obj);
  if (o.kind === 'Pod' && o.spec) defaultPodSpec(o.spec);
  if (['ReplicaSet', 'ReplicationController', 'Deployment'].includes(o.kind) && o.spec) {
    o.spec.replicas ??= 1;
    if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
  }
  return o;
}
