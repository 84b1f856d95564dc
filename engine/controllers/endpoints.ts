/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go): for each Service
 * with a selector, an Endpoints object of the same name listing the selected pods' IPs, ready
 * ones under `addresses` and the rest under `notReadyAddresses` (all of them ready when the
 * Service publishes not-ready addresses), one subset per set of resolved ports. A Service that is
 * gone takes its Endpoints with it. Not kept: the last-change-trigger-time annotation.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces, listObjects, objectKey, parseKey } from '../store/store';
import { isPodReady } from '../node/pod-status';
import { jsonEqual } from '../api/json';
import { fromLabelSelector, matches } from '../api/labels';
import { Controller, NOTHING } from './controller';
import { byIP, endpointHostname, endpointLabels, findPort, podsForService, shouldPodBeInEndpoints } from '../network/endpoints-util';

const NAME = 'endpoint-controller';

interface Subset {
  addresses: any[];
  notReadyAddresses: any[];
  ports?: any[];
}

/** syncService's loop over the pods, then RepackSubsets: subsets with the same ports merged, addresses sorted. */
export function endpointSubsets(c: Cluster, svc: KObject): Record<string, unknown>[] {
  const tolerate = !!svc.spec?.publishNotReadyAddresses;
  const byPorts = new Map<string, Subset>();
  for (const pod of podsForService(c, svc)) {
    if (!shouldPodBeInEndpoints(pod, tolerate)) continue;
    const address: Record<string, unknown> = { ip: pod.status.podIP };
    const hostname = endpointHostname(pod, svc);
    if (hostname) address.hostname = hostname;
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    address.targetRef = { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
    const ready = tolerate || isPodReady(pod);
    const add = (ports: any[] | undefined) => {
      const key = JSON.stringify(ports ?? null);
      const subset = byPorts.get(key) ?? { addresses: [], notReadyAddresses: [], ports };
      (ready ? subset.addresses : subset.notReadyAddresses).push(address);
      byPorts.set(key, subset);
    };
    const svcPorts: any[] = svc.spec?.ports ?? [];
    if (!svcPorts.length && svc.spec?.clusterIP === 'None') add(undefined);
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      add([{ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) }]);
    }
  }
  // RepackSubsets: one subset per set of ports, ports of one address merged
  const merged = new Map<string, Subset>();
  const byAddress = new Map<string, { address: any; ready: boolean; ports: any[] }>();
  for (const s of byPorts.values()) {
    for (const [list, ready] of [[s.addresses, true], [s.notReadyAddresses, false]] as const) {
      for (const a of list) {
        const k = `${a.ip}/${a.targetRef?.uid}/${ready}`;
        const e = byAddress.get(k) ?? { address: a, ready, ports: [] };
        e.ports.push(...(s.ports ?? []));
        byAddress.set(k, e);
      }
    }
  }
  for (const e of byAddress.values()) {
    const ports = e.ports.length ? e.ports : undefined;
    const key = JSON.stringify(ports ?? null);
    const s = merged.get(key) ?? { addresses: [], notReadyAddresses: [], ports };
    (e.ready ? s.addresses : s.notReadyAddresses).push(e.address);
    merged.set(key, s);
  }
  const order = (x: any, y: any) => byIP(x.ip, y.ip) || String(x.targetRef?.uid).localeCompare(String(y.targetRef?.uid));
  return [...merged.values()].map((s) => ({
    ...(s.addresses.length ? { addresses: s.addresses.sort(order) } : {}),
    ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses.sort(order) } : {}),
    ...(s.ports ? { ports: s.ports } : {}),
  }));
}

function syncService(c: Cluster, key: string): Action[] {
  const { namespace, name } = parseKey(key);
  const svc = getObject(c.store, key);
  const epKey = objectKey('Endpoints', namespace, name);
  const live = getObject(c.store, epKey);
  if (!svc) return live && !live.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'] ? [{ type: 'delete', actor: NAME, ref: objectRef(live), ignoreNotFound: true }] : [];
  // ExternalName Services get no endpoints (kubernetes#105986), selectorless ones get theirs out of band
  if (svc.spec?.type === 'ExternalName' || !svc.spec?.selector) return [];
  const subsets = endpointSubsets(c, svc);
  const labels = endpointLabels(svc);
  if (live && jsonEqual(live.subsets ?? [], subsets) && jsonEqual(live.metadata.labels ?? {}, labels)) return [];
  const object: KObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...(live?.metadata ?? { name, namespace }), ...(Object.keys(labels).length ? { labels } : {}) },
    ...(subsets.length ? { subsets } : {}),
  };
  if (!Object.keys(labels).length) delete object.metadata.labels;
  return [live ? { type: 'replace', actor: NAME, object } : { type: 'create', actor: NAME, object }];
}

/** The Services whose selector matches a pod, before or after a change (the pod informer's handlers). */
export function servicesForPod(c: Cluster, prev: KObject | null, cur: KObject | undefined): string[] {
  const keys = new Set<string>();
  for (const pod of [prev, cur]) {
    if (!pod) continue;
    for (const svc of listObjects(c.store, 'Service', pod.metadata.namespace ?? 'default')) {
      if (svc.spec?.selector && matches(fromLabelSelector({ matchLabels: svc.spec.selector }), pod.metadata.labels)) keys.add(keyOf(svc));
    }
  }
  return [...keys];
}

export const endpointsController: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'Service') return [key];
    // onEndpointsDelete: an Endpoints object deleted under a Service comes back
    if (obj.kind === 'Endpoints') return cur ? [] : [objectKey('Service', obj.metadata.namespace, obj.metadata.name!)];
    if (obj.kind !== 'Pod') return [];
    return servicesForPod(c, prev, cur);
  },

  sync(c, key) {
    const actions = syncService(c, key);
    return actions.length ? { actions } : NOTHING;
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'Service').map(keyOf).sort(),
};
