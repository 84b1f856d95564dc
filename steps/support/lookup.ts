/** Finding the objects a sentence talks about. */
import { applyBindings } from '../../kubectl/output-match';
import { KObject, controlledPods, getResource } from '../../engine';
import { KubehaveWorld } from './world';

/** `"<deleted>"` names the pod an earlier step remembered; a name seen in earlier expected output stands for the real one it bound to. */
export function resolveName(world: KubehaveWorld, name: string): string {
  const m = /^<(.+)>$/.exec(name);
  // a generated name seen in earlier expected output stands for the real one, in steps as in commands
  if (!m) return applyBindings(name, world.bindings);
  const remembered = world.remembered.get(m[1]);
  if (!remembered) throw new Error(`no earlier step remembered a pod as <${m[1]}>; known: ${[...world.remembered.keys()].map((k) => `<${k}>`).join(', ') || 'none'}`);
  return remembered;
}

export function mustGet(world: KubehaveWorld, kind: string, name: string): KObject {
  const obj = getResource(world.cluster, kind, resolveName(world, name));
  if (!obj) throw new Error(`${kind} "${resolveName(world, name)}" does not exist`);
  return obj;
}

/** The pods an owner controls, by name. */
export function podsOfOwner(world: KubehaveWorld, kind: string, owner: string): KObject[] {
  return controlledPods(world.cluster, mustGet(world, kind, owner)).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

/** The value at `spec.template.spec.containers[0].image` in an object, or undefined; `\.` is a dot inside a key. */
export function valueAt(obj: unknown, path: string): unknown {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/(?<!\\)\./)
    .map((k) => k.replace(/\\\./g, '.'))
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}
