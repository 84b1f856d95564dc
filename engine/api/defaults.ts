/**
 * What the API server fills in that the manifest left out: the scheme's defaulting
 * (pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go) and, for pods, the admission
 * plugins every cluster runs (DefaultTolerationSeconds, ServiceAccount, Priority).
 * Not simulated: the ServiceAccount plugin's `kube-api-access-<random>` projected volume and
 * its volumeMount, whose name has a random suffix the notes never rely on.
 */
import { defaultLimitRangeItem } from './limit-range';
import { KObject } from './types';
import { clone } from './json';

/** `nginx` and `nginx:latest` are pulled Always; a tag or digest IfNotPresent (SetDefaults_Container). */
function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: any) {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  // requests default to limits when only limits are given (SetDefaults_Pod)
  if (c.resources.limits) {
    c.resources.requests = { ...c.resources.limits, ...(c.resources.requests ?? {}) };
  }
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (!probe) continue;
    // SetDefaults_Probe: zero counts as unset
    if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
    if (!probe.periodSeconds) probe.periodSeconds = 10;
    if (!probe.successThreshold) probe.successThreshold = 1;
    if (!probe.failureThreshold) probe.failureThreshold = 3;
    if (probe.httpGet) {
      probe.httpGet.path ??= '/';
      probe.httpGet.scheme ??= 'HTTP';
    }
  }
}

/** SetDefaults_PodSpec: what every pod spec, in a pod or in a template, gets. */
function defaultPodSpec(spec: any) {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
}

const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** Admission on a pod: a service account, a priority, and 300s tolerations for node failure. */
function admitPod(spec: any) {
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations: any[] = spec.tolerations ?? [];
  for (const key of DEFAULT_TOLERATIONS) {
    const tolerated = tolerations.some((t) => (t.operator === 'Exists' && !t.key) || (t.key === key && (!t.effect || t.effect === 'NoExecute')));
    if (!tolerated) tolerations.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
}

/** SetDefaults_PersistentVolumeClaim and its spec: a claim is for a filesystem, and starts Pending. */
function defaultClaim(claim: any) {
  claim.spec ??= {};
  claim.spec.volumeMode ||= 'Filesystem';
  claim.status = { ...(claim.status ?? {}), phase: claim.status?.phase || 'Pending' };
}

/** Where apps/v1 keeps a DaemonSet's spec.templateGeneration (appsv1.DeprecatedTemplateGeneration). */
export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

export function applyDefaults(obj: KObject): KObject {
  const o = clone(obj);
  switch (o.kind) {
    case 'Pod':
      if (o.spec) {
        defaultPodSpec(o.spec);
        admitPod(o.spec);
      }
      break;
    case 'ReplicaSet':
      o.spec ??= {};
      o.spec.replicas ??= 1;
      if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
      break;
    case 'ReplicationController': {
      o.spec ??= {};
      o.spec.replicas ??= 1;
      const labels = o.spec.template?.metadata?.labels;
      // an RC without a selector (or labels) takes its template's labels (SetDefaults_ReplicationController)
      if (labels && !Object.keys(o.spec.selector ?? {}).length) o.spec.selector = { ...labels };
      if (labels && !Object.keys(o.metadata.labels ?? {}).length) o.metadata.labels = { ...labels };
      if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
      break;
    }
    case 'Deployment':
      o.spec ??= {};
      o.spec.replicas ??= 1;
      o.spec.strategy ??= {};
      o.spec.strategy.type ??= 'RollingUpdate';
      if (o.spec.strategy.type === 'RollingUpdate') {
        o.spec.strategy.rollingUpdate ??= {};
        o.spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
        o.spec.strategy.rollingUpdate.maxSurge ??= '25%';
      }
      o.spec.revisionHistoryLimit ??= 10;
      o.spec.progressDeadlineSeconds ??= 600;
      if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
      break;
    case 'DaemonSet':
      // SetDefaults_DaemonSet (pkg/apis/apps/v1/defaults.go)
      o.spec ??= {};
      o.spec.updateStrategy ??= {};
      o.spec.updateStrategy.type ??= 'RollingUpdate';
      if (o.spec.updateStrategy.type === 'RollingUpdate') {
        o.spec.updateStrategy.rollingUpdate ??= {};
        o.spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
        o.spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
      }
      o.spec.revisionHistoryLimit ??= 10;
      if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
      break;
    case 'StatefulSet': {
      // SetDefaults_StatefulSet; each volumeClaimTemplate is a PersistentVolumeClaim and is defaulted as one
      o.spec ??= {};
      o.spec.podManagementPolicy ||= 'OrderedReady';
      o.spec.updateStrategy ??= {};
      o.spec.updateStrategy.type ||= 'RollingUpdate';
      if (o.spec.updateStrategy.type === 'RollingUpdate') {
        o.spec.updateStrategy.rollingUpdate ??= {};
        o.spec.updateStrategy.rollingUpdate.partition ??= 0;
      }
      o.spec.persistentVolumeClaimRetentionPolicy ??= {};
      o.spec.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain';
      o.spec.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain';
      o.spec.replicas ??= 1;
      o.spec.revisionHistoryLimit ??= 10;
      for (const claim of o.spec.volumeClaimTemplates ?? []) defaultClaim(claim);
      if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
      break;
    }
    case 'PersistentVolumeClaim':
      defaultClaim(o);
      break;
    case 'PersistentVolume':
      // SetDefaults_PersistentVolume
      o.spec ??= {};
      o.spec.persistentVolumeReclaimPolicy ||= 'Retain';
      o.spec.volumeMode ||= 'Filesystem';
      o.status = { ...(o.status ?? {}), phase: o.status?.phase || 'Pending' };
      break;
    case 'Secret':
      // SetDefaults_Secret; stringData is write-only: the v1 conversion merges it into data, base64-encoded
      o.type ||= 'Opaque';
      if (o.stringData && typeof o.stringData === 'object') {
        const encoded = Object.fromEntries(Object.entries(o.stringData as Record<string, string>).map(([k, v]) => [k, Buffer.from(String(v), 'utf8').toString('base64')]));
        o.data = { ...(o.data ?? {}), ...encoded };
      }
      delete o.stringData;
      break;
    case 'LimitRange':
      for (const item of (o.spec?.limits ?? []) as any[]) defaultLimitRangeItem(item);
      break;
    case 'StorageClass':
      // SetDefaults_StorageClass (pkg/apis/storage/v1/defaults.go)
      o.reclaimPolicy ||= 'Delete';
      o.volumeBindingMode ||= 'Immediate';
      break;
    case 'Service': {
      // SetDefaults_Service (pkg/apis/core/v1/defaults.go)
      o.spec ??= {};
      const spec = o.spec;
      spec.sessionAffinity ||= 'None';
      if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
      if (spec.sessionAffinity === 'ClientIP') {
        spec.sessionAffinityConfig ??= {};
        spec.sessionAffinityConfig.clientIP ??= {};
        spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
      }
      spec.type ||= 'ClusterIP';
      for (const p of spec.ports ?? []) {
        p.protocol ||= 'TCP';
        if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
      }
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
      if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
      if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
      break;
    }
    case 'Job':
      // SetDefaults_Job (pkg/apis/batch/v1/defaults.go); the selector is generated at create (registry/batch/job/strategy.go)
      o.spec ??= {};
      if (o.spec.completions == null && o.spec.parallelism == null) o.spec.completions = 1;
      o.spec.parallelism ??= 1;
      o.spec.backoffLimit ??= o.spec.backoffLimitPerIndex != null ? 2147483647 : 6;
      o.spec.completionMode ??= 'NonIndexed';
      o.spec.suspend ??= false;
      o.spec.podReplacementPolicy ??= o.spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
      o.spec.manualSelector ??= false;
      if (o.spec.template?.spec) defaultPodSpec(o.spec.template.spec);
      break;
    case 'CronJob':
      // SetDefaults_CronJob; the Job template's pod spec is defaulted, its JobSpec is not (that happens to each Job)
      o.spec ??= {};
      o.spec.concurrencyPolicy ||= 'Allow';
      o.spec.suspend ??= false;
      o.spec.successfulJobsHistoryLimit ??= 3;
      o.spec.failedJobsHistoryLimit ??= 1;
      if (o.spec.jobTemplate?.spec?.template?.spec) defaultPodSpec(o.spec.jobTemplate.spec.template.spec);
      break;
    case 'Namespace':
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name ?? '' };
      o.spec ??= {};
      o.spec.finalizers ??= ['kubernetes'];
      break;
    default:
      break;
  }
  return o;
}
