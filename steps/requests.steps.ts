/** What a user does to the cluster: apply manifests, delete, relabel, scale, patch. */
import { When } from '@cucumber/cucumber';
import yaml from 'js-yaml';
import { KubehaveWorld } from './support/world';
import { mustGet, resolveName, podsOfOwner } from './support/lookup';
import { Json } from '../engine';

for (const verb of ['apply', 'create', 'replace'] as const) {
  When(`I ${verb} {string}`, function (this: KubehaveWorld, path: string) {
    this.submitManifests(verb, this.readFixture(path), path);
  });
  When(`I ${verb}:`, function (this: KubehaveWorld, doc: string) {
    this.submitManifests(verb, doc, 'manifest.yaml');
  });
}

/** `kubectl apply -f FILE --record`: the command line goes into each object's kubernetes.io/change-cause. */
When('I apply {string} with --record', function (this: KubehaveWorld, path: string) {
  this.submitManifests('apply', this.readFixture(path), path, `kubectl apply --filename=${path} --record=true`);
});

When('I delete {kind} {string}', function (this: KubehaveWorld, kind: string, name: string) {
  // kubectl delete sends propagationPolicy=Background unless told otherwise
  this.send({ type: 'delete', ref: { kind, name: resolveName(this, name) }, propagationPolicy: 'Background' }, `delete ${kind} ${name}`);
});

When('I delete {kind} {string} with propagation policy {policy}', function (this: KubehaveWorld, kind: string, name: string, policy: 'Background' | 'Foreground' | 'Orphan') {
  this.send({ type: 'delete', ref: { kind, name: resolveName(this, name) }, propagationPolicy: policy }, `delete ${kind} ${name} (${policy})`);
});

When('I delete {kind} {string} without a propagation policy', function (this: KubehaveWorld, kind: string, name: string) {
  this.send({ type: 'delete', ref: { kind, name: resolveName(this, name) } }, `delete ${kind} ${name}`);
});

When('I delete {kind} {string} with a grace period of {int} second(s)', function (this: KubehaveWorld, kind: string, name: string, grace: number) {
  this.send({ type: 'delete', ref: { kind, name: resolveName(this, name) }, gracePeriodSeconds: grace, propagationPolicy: 'Background' }, `delete ${kind} ${name}`);
});

/** Deletes the first pod (by name) of an owner and remembers it as <deleted>. */
When('I delete one pod of {kind} {string}', function (this: KubehaveWorld, kind: string, owner: string) {
  const pod = podsOfOwner(this, kind, owner)[0];
  if (!pod) throw new Error(`${kind} "${owner}" has no pods to delete`);
  this.remembered.set('deleted', pod.metadata.name!);
  this.send({ type: 'delete', ref: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! }, propagationPolicy: 'Background' }, `delete pod ${pod.metadata.name}`);
});

When('I remove the label {string} from pod {string}', function (this: KubehaveWorld, label: string, name: string) {
  const pod = resolveName(this, name);
  this.send({ type: 'patch', ref: { kind: 'Pod', name: pod }, patchType: 'merge', patch: { metadata: { labels: { [label]: null } } } }, `label pod ${pod} ${label}-`);
});

/** Removes a label from the first pod (by name) of an owner and remembers it as <relabelled>. */
When('I remove the label {string} from one pod of {kind} {string}', function (this: KubehaveWorld, label: string, kind: string, owner: string) {
  const pod = podsOfOwner(this, kind, owner)[0];
  if (!pod) throw new Error(`${kind} "${owner}" has no pods`);
  this.remembered.set('relabelled', pod.metadata.name!);
  this.send({ type: 'patch', ref: { kind: 'Pod', name: pod.metadata.name! }, patchType: 'merge', patch: { metadata: { labels: { [label]: null } } } }, `label pod ${pod.metadata.name} ${label}-`);
});

When('I label {kind} {string} with {string}', function (this: KubehaveWorld, kind: string, name: string, label: string) {
  const [key, value] = label.split('=');
  this.send({ type: 'patch', ref: { kind, name: resolveName(this, name) }, patchType: 'merge', patch: { metadata: { labels: { [key]: value ?? '' } } } }, `label ${kind} ${name} ${label}`);
});

/** `kubectl annotate KIND NAME key=value` (a JSON merge patch). */
When('I annotate {kind} {string} with {string}', function (this: KubehaveWorld, kind: string, name: string, annotation: string) {
  const i = annotation.indexOf('=');
  if (i < 0) throw new Error(`write the annotation as key=value, not "${annotation}"`);
  this.send(
    { type: 'patch', ref: { kind, name: resolveName(this, name) }, patchType: 'merge', patch: { metadata: { annotations: { [annotation.slice(0, i)]: annotation.slice(i + 1) } } } },
    `annotate ${kind} ${name} ${annotation}`,
  );
});

When('I scale {kind} {string} to {int} replicas', function (this: KubehaveWorld, kind: string, name: string, replicas: number) {
  this.send({ type: 'scale', ref: { kind, name: resolveName(this, name) }, replicas }, `scale ${kind} ${name} --replicas=${replicas}`);
});

When('I patch {kind} {string} with a {patchType} patch:', function (this: KubehaveWorld, kind: string, name: string, type: 'strategic' | 'merge' | 'json', body: string) {
  this.send({ type: 'patch', ref: { kind, name: resolveName(this, name) }, patchType: type, patch: yaml.load(body) as Json }, `patch ${kind} ${name} --type ${type}`);
});

/** Sends the live object back with an older resourceVersion, as a client with a stale copy would. */
When('I update {kind} {string} from a stale copy', function (this: KubehaveWorld, kind: string, name: string) {
  const live = mustGet(this, kind, name);
  const stale = String(Number(live.metadata.resourceVersion) - 1);
  this.send({ type: 'replace', object: { ...live, metadata: { ...live.metadata, resourceVersion: stale, labels: { ...(live.metadata.labels ?? {}), edited: 'true' } } } }, `replace ${kind} ${name}`);
});
