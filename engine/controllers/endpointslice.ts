/**
 * The EndpointSlice controller (pkg/controller/endpointslice, staging/src/k8s.io/endpointslice
 * reconciler.go): for each Service with a selector, EndpointSlices `<service>-xxxxx` owned by it,
 * one per set of resolved ports, each endpoint with its ready / serving / terminating conditions
 * (terminating pods stay, not ready). Not simulated: the 100-endpoint split and topology hints.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces, listObjects, objectKey, parseKey } from '../store/store';
import { isPodReady } from '../node/pod-status';
import { jsonEqual } from '../api/json';
import { Controller, NOTHING } from './controller';
import { controllerRefTo } from './controller-ref-manager';
import { servicesForPod } from './endpoints';
import { byIP, endpointHostname, endpointLabels, findPort, podsForService, shouldPodBeInEndpoints } from '../network/endpoints-util';

const NAME = 'endpointslice-controller';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** The slices this controller manages for a Service. */
export function slicesOf(c: Cluster, namespace: string, service: string): KObject[] {
  return listObjects(c.store, 'EndpointSlice', namespace).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === service && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
}

/** The desired slices: endpoints grouped by their resolved ports (reconcileByAddressType). */
function desiredSlices(c: Cluster, svc: KObject): { ports: any[]; endpoints: any[] }[] {
  const groups = new Map<string, { ports: any[]; endpoints: any[] }>();
  const publish = !!svc.spec?.publishNotReadyAddresses;
  for (const pod of podsForService(c, svc)) {
    // terminating pods are kept, with their conditions (EndpointSliceTerminatingCondition)
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = ((svc.spec?.ports ?? []) as any[]).flatMap((sp) => {
      const port = findPort(pod, sp);
      return port === undefined ? [] : [{ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) }];
    });
    const terminating = !!pod.metadata.deletionTimestamp;
    const serving = isPodReady(pod);
    const endpoint: Record<string, unknown> = {
      addresses: [pod.status.podIP],
      // podToEndpoint: publishNotReadyAddresses makes an endpoint ready, never serving
      conditions: { ready: publish || (serving && !terminating), serving, terminating },
      ...(endpointHostname(pod, svc) ? { hostname: endpointHostname(pod, svc) } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
    };
    const key = JSON.stringify(ports);
    const g = groups.get(key) ?? { ports, endpoints: [] };
    g.endpoints.push(endpoint);
    groups.set(key, g);
  }
  for (const g of groups.values()) g.endpoints.sort((a, b) => byIP(a.addresses[0], b.addresses[0]));
  // a Service with no endpoints still has one placeholder slice, without ports (kubectl prints <unset>)
  if (!groups.size) return [{ ports: [], endpoints: [] }];
  return [...groups.values()];
}

function syncService(c: Cluster, key: string): Action[] {
  const { namespace, name } = parseKey(key);
  const svc = getObject(c.store, key);
  const existing = slicesOf(c, namespace, name);
  // a Service that is gone: the garbage collector removes its slices through their owner reference
  // ExternalName Services get no endpoints (kubernetes#105986), selectorless ones get theirs out of band
  if (!svc || svc.spec?.type === 'ExternalName' || !svc.spec?.selector || svc.metadata.deletionTimestamp) return [];
  const labels = { ...endpointLabels(svc), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
  const actions: Action[] = [];
  const unused = [...existing];
  for (const want of desiredSlices(c, svc)) {
    const i = unused.findIndex((s) => jsonEqual(s.ports ?? [], want.ports));
    const live = i >= 0 ? unused.splice(i, 1)[0] : unused.shift();
    const body = { addressType: 'IPv4', endpoints: want.endpoints, ports: want.ports };
    if (live) {
      if (jsonEqual(live.endpoints ?? [], body.endpoints) && jsonEqual(live.ports ?? [], body.ports) && jsonEqual(live.metadata.labels, labels)) continue;
      actions.push({ type: 'replace', actor: NAME, object: { ...live, ...body, metadata: { ...live.metadata, labels } } });
    } else {
      actions.push({
        type: 'create',
        actor: NAME,
        object: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [controllerRefTo(svc)] }, ...body },
      });
    }
  }
  for (const s of unused) actions.push({ type: 'delete', actor: NAME, ref: objectRef(s), preconditions: { uid: s.metadata.uid } });
  return actions;
}

export const endpointSliceController: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'Service') return [key];
    if (obj.kind === 'EndpointSlice') {
      const svc = obj.metadata.labels?.[SERVICE_NAME_LABEL];
      return svc && obj.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY ? [objectKey('Service', obj.metadata.namespace, svc)] : [];
    }
    if (obj.kind !== 'Pod') return [];
    return servicesForPod(c, prev, cur);
  },

  sync(c, key) {
    const actions = syncService(c, key);
    return actions.length ? { actions } : NOTHING;
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'Service').map(keyOf).sort(),
};
