/**
 * kubehave's engine: a deterministic, in-process Kubernetes control plane.
 *
 *   let c = createCluster({ seed: 7 });
 *   c = reduce(c, { type: 'apply', object: manifest });
 *   c = converge(c);                       // controllers, scheduler and kubelets do their work
 *   listResources(c, 'Pod', { selector: 'app=sample-app' });
 */
export * from './api/types';
export * from './actions';
export { createCluster, defaultNodes, nodeObject, timestamp, DEFAULT_START } from './cluster';
export type { Cluster, ClusterEvent, ClusterOptions, NodeSpecInput, Timer } from './cluster';
export { dispatch, reduce, objectRef } from './apiserver';
export { settle, advance, converge, runSync, applyActions, SettleError, CONTROLLERS } from './control-plane';
export type { RunOptions } from './control-plane';
export type { Controller, SyncResult } from './controllers/controller';
export { getResource, listResources, controlledPods, eventsOf, selectorOf, SelectorError } from './queries';
export { parseManifests, unknownKindError } from './api/manifest';
export { resourceFor, resourceForKind, allResources } from './api/resources';
export { DEFAULT_PROFILE, imageBehaviour } from './node/profile';
export type { LifecycleProfile, ImageBehaviour } from './node/profile';
export { keyOf, objectKey, parseKey, controllerOf } from './store/store';
export type { ObjectKey } from './store/store';
export type { LoopFault, PendingFault } from './faults';
export { describeFault, LOOP_FAULTS } from './faults';
